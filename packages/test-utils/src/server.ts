// A real HTTP server on 127.0.0.1 that records every request, byte for byte, and answers through a
// handler: one function per test, or a script of steps (request n gets step n, the last repeats).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface Arrival {
  method: string;
  /** The raw request target from the request line: path and query, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request's body had fully arrived. */
  at: number;
}

/** Answers one request; `socket` lets a step misbehave (drop the connection, stall). */
export type Handler = (req: Arrival, res: ServerResponse, socket: Socket) => void;

export interface TestServer {
  baseUrl: string;
  /** Every request so far, in arrival order. */
  requests: Arrival[];
  /** TCP connections the server has accepted so far. */
  readonly connections: number;
  /** Resolves when at least `count` requests have arrived. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

/** `host`: the loopback address to listen on, `127.0.0.1` unless a test needs IPv6's `::1`. */
export async function startServer(
  handler: Handler,
  { host = '127.0.0.1' }: { host?: string } = {},
): Promise<TestServer> {
  const requests: Arrival[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const arrival: Arrival = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      requests.push(arrival);
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      handler(arrival, res, req.socket);
    });
  });
  let connections = 0;
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    get connections() {
      return connections;
    },
    received: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A server whose answers are scripted per request: request n gets step n (the last step repeats). */
export function scriptedServer(...steps: Handler[]): Promise<TestServer> {
  if (steps.length === 0) throw new Error('scriptedServer needs at least one step');
  let seen = 0;
  return startServer((req, res, socket) => {
    const step = steps[Math.min(seen++, steps.length - 1)] as Handler;
    step(req, res, socket);
  });
}

/** `serve(...steps)` for a test file: each test's server is closed after that test. */
export function scriptedServerPerTest(): (...steps: Handler[]) => Promise<TestServer> {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return async (...steps) => {
    server = await scriptedServer(...steps);
    return server;
  };
}

/** Answers `res` with JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A step that answers with JSON. */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    sendJson(res, status, body, headers);

/** A step that answers with a body of any type. */
export const text =
  (status: number, body: string, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

/** Drops the connection without answering (the client sees a reset / "other side closed"). */
export const reset: Handler = (_req, _res, socket) => {
  socket.destroy();
};

/** Never answers; the connection stays open until the server closes. */
export const silence: Handler = () => {};

/** The bearer token a request carried. */
export function bearerOf(request: Arrival): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}
