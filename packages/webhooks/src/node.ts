// Adapter from node:http's (req, res) to a Web-standard handler. The node types are described
// structurally so that the package's typings do not require @types/node.
//
// It answers in every state the request can reach it in:
// - body still to come: streamed to the handler as it is read;
// - body already read by a parser mounted first (express.json(), express.raw(), …): the raw bytes a
//   framework left behind (`req.rawBody`, or a Buffer / string `req.body`) are used; a parsed object
//   is not the bytes Zoom signed, so that is a 500 naming the fix;
// - upload aborted by the client: the body stream fails, so the handler ends instead of waiting;
// - upload stalled: after `timeout` milliseconds without the whole body, 408 and the connection closes.
import { MAX_TIMER_MS } from '@zoom-api/internal';
import { checkNumber } from '@zoom-api/internal/checks';

/** The parts of node's `IncomingMessage` the adapter uses. */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly complete: boolean;
  /** True once the body has been read to its end (by us or by a body parser mounted first). */
  readonly readableEnded?: boolean;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** The parts of node's `ServerResponse` the adapter uses. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  writeHead(statusCode: number, headers: Record<string, string | string[]>): unknown;
  end(body?: Uint8Array): unknown;
}

export type NodeListener = (req: NodeRequestLike, res: NodeResponseLike) => void;

export interface NodeListenerOptions {
  /**
   * Milliseconds to wait for the whole request body; a stalled upload is then answered 408 and its
   * connection closed. Default 10,000. Once the body is in, the handler's own time is not limited.
   */
  timeout?: number | undefined;
}

/**
 * 10 s: a 1 MiB body (the handler's default limit) arrives in that time even at 1 Mbit/s, while a
 * stalled connection does not hold a socket and a pending handler for long. Zoom stops waiting for
 * an answer after about 3 s and retries, so a genuine delivery is never this slow.
 */
export const DEFAULT_NODE_TIMEOUT = 10_000;

const BODY_ALREADY_READ =
  'The request body was read before the Zoom webhook handler got it (a body parser such as express.json() ' +
  'ran first), and the signature can only be checked over the raw bytes. Mount the webhook handler before ' +
  "the body parser, or use a raw parser for this route: express.raw({ type: 'application/json' }).";

class UploadTimeout extends Error {}

/**
 * A body stream that reads from `req` only as fast as it is consumed. Cancelling it (a body over
 * the size limit) pauses `req` instead of destroying it, so the socket stays open for the reply.
 * `fail` ends it with an error (the upload timed out) so that the handler stops reading.
 */
function bodyStream(req: NodeRequestLike): { stream: ReadableStream<Uint8Array>; fail(error: Error): void } {
  let cancelled = false;
  let finished = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const fail = (error: Error) => {
    if (cancelled || finished) return;
    finished = true;
    controller.error(error);
  };
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      req.pause();
      req.on('data', (chunk) => {
        if (cancelled || finished) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => {
        if (cancelled || finished) return;
        finished = true;
        controller.close();
      });
      req.on('error', fail);
      // Closed before its end without an 'error' (some servers and node:http versions): aborted too.
      req.on('close', () => fail(new Error('The request was closed before its body ended.')));
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      req.pause();
    },
  });
  return { stream, fail };
}

function requestUrl(req: NodeRequestLike): string {
  const host = req.headers.host;
  try {
    return new URL(req.url ?? '/', `http://${typeof host === 'string' && host ? host : 'localhost'}`).href;
  } catch {
    return 'http://localhost/';
  }
}

function requestHeaders(req: NodeRequestLike): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue; // HTTP/2 pseudo-headers are not headers
    for (const item of typeof value === 'string' ? [value] : value) {
      try {
        headers.append(name, item);
      } catch {
        // A header the Fetch API refuses cannot be one of Zoom's; drop it rather than fail the request.
      }
    }
  }
  return headers;
}

/**
 * A body parser's `verify` hook that keeps the bytes Zoom signed, for routes parsed before the webhook
 * listener: `express.json({ verify: keepRawBody })` (body-parser calls `verify(req, res, buf, encoding)`
 * with the raw body). It sets `req.rawBody`, where `toNodeListener` looks first, without a cast.
 */
export function keepRawBody(req: object, _res: unknown, buf: Uint8Array): void {
  (req as { rawBody?: Uint8Array }).rawBody = buf;
}

/** Bytes a body parser left on the request: `rawBody`, else a Buffer or string `body`; else undefined. */
function bytesLeftBehind(req: NodeRequestLike): Uint8Array | undefined {
  const { rawBody, body } = req as { rawBody?: unknown; body?: unknown };
  for (const value of [rawBody, body]) {
    if (typeof value === 'string') return new TextEncoder().encode(value);
    // A tag rather than instanceof: Buffer is a Uint8Array, also from another realm.
    if (Object.prototype.toString.call(value) === '[object Uint8Array]') return value as Uint8Array;
  }
  return undefined;
}

type Prepared = { request: Request; fail?: (error: Error) => void } | { refuse: Response };

function prepare(req: NodeRequestLike): Prepared {
  const headers = requestHeaders(req);
  const method = (req.method ?? 'GET').toUpperCase();
  const url = requestUrl(req);
  if (method === 'GET' || method === 'HEAD') return { request: new Request(url, { method, headers }) };
  if (req.readableEnded) {
    // Nothing more will come from the stream: use what a parser left, or say how to fix the setup.
    const bytes = bytesLeftBehind(req);
    if (!bytes) return { refuse: jsonResponse(500, 'body_already_read', BODY_ALREADY_READ) };
    headers.delete('content-length'); // a text parser may have changed the length; the bytes say it
    return { request: new Request(url, { method, headers, body: bytes as Uint8Array<ArrayBuffer> }) };
  }
  const { stream, fail } = bodyStream(req);
  // `duplex: 'half'` is required by Node's fetch for a streamed body and not yet in TypeScript's DOM types.
  const init = { method, headers, body: stream, duplex: 'half' } as RequestInit;
  return { request: new Request(url, init), fail };
}

function jsonResponse(status: number, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function toNodeHeaders(response: Response): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length) out['set-cookie'] = cookies;
  return out;
}

function checkTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_NODE_TIMEOUT;
  return checkNumber('toNodeListener(): timeout', value, {
    unit: 'milliseconds',
    min: 1,
    max: MAX_TIMER_MS,
    why: `default ${DEFAULT_NODE_TIMEOUT}`,
  });
}

/** Serves a Web-standard handler from `http.createServer()`, Express or any node:http-style server. */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
  options: NodeListenerOptions = {},
): NodeListener {
  const timeout = checkTimeout(options.timeout);
  return (req, res) => {
    let answered = false;
    const answer = async (response: Response) => {
      if (answered) return;
      answered = true;
      const body = new Uint8Array(await response.arrayBuffer());
      const headers = toNodeHeaders(response);
      // Unread upload left (413, 405, 408): close the connection rather than drain what we refused.
      if (!req.complete) headers.connection = 'close';
      if (!res.headersSent) res.writeHead(response.status, headers);
      res.end(body);
    };

    const prepared = prepare(req);
    if ('refuse' in prepared) {
      void answer(prepared.refuse);
      return;
    }
    const { request, fail } = prepared;
    // A stalled upload: answer now, and fail the body so that the handler stops waiting for it.
    const timer =
      fail &&
      setTimeout(() => {
        if (req.complete) return;
        void answer(jsonResponse(408, 'request_timeout', `The request body did not arrive within ${timeout} ms.`));
        fail(new UploadTimeout());
      }, timeout);
    if (fail) req.on('end', () => clearTimeout(timer));

    void (async () => {
      let response: Response;
      try {
        response = await handler(request);
      } catch {
        response = jsonResponse(500, 'internal_error', 'The webhook handler failed.');
      }
      clearTimeout(timer);
      await answer(response);
    })();
  };
}
