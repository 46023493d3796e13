// Test helpers: an independent signer (node:crypto, not the package's Web Crypto code), a seeded
// random source, and a real node:http server on 127.0.0.1 with a raw HTTP client.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export const SECRET = 'test-secret-token-9f3kq2';

export function sign(secret: string, timestamp: string | number, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`v0:${timestamp}:`);
  mac.update(body);
  return `v0=${mac.digest('hex')}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The headers of a signed delivery, each one there (a test reads them by name). */
export interface SignedHeaders extends Record<string, string> {
  'content-type': string;
  'x-zm-request-timestamp': string;
  'x-zm-signature': string;
}

/** Headers Zoom would send for `body`, signed with `secret` at `timestamp`. */
export function signedHeaders(
  body: string | Uint8Array,
  { secret = SECRET, timestamp = nowSeconds() }: { secret?: string; timestamp?: number | string } = {},
): SignedHeaders {
  return {
    'content-type': 'application/json',
    'x-zm-request-timestamp': String(timestamp),
    'x-zm-signature': sign(secret, timestamp, body),
  };
}

// Seeded randomness for the mutation tests, shared with the delivery plans.
export { seededRandom } from '@zoom-api/test-utils';

/** `text` with the character at a random position replaced by another printable one (valid in a header). */
export function changeChar(text: string, pick: (n: number) => number): string {
  const at = pick(text.length);
  let replacement = text.charAt(at);
  while (replacement === text.charAt(at)) replacement = String.fromCharCode(0x21 + pick(94));
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

/** Replaces the byte at `at` (within `bytes`) by a different one. */
export function changeByte(bytes: Uint8Array, at: number, pick: (n: number) => number): void {
  const byte = bytes[at];
  if (byte === undefined) throw new RangeError(`no byte at ${at} in ${bytes.length} bytes`);
  bytes[at] = (byte + 1 + pick(255)) % 256;
}

export function sessionStartedBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'session.started',
    event_ts: 1_700_000_000_000,
    payload: {
      account_id: 'acct_123',
      object: {
        id: 'legacy-id',
        session_id: 'sess-Abc==',
        session_name: 'Standup',
        session_key: 'key-1',
        start_time: '2024-01-01T10:00:00Z',
        ...overrides,
      },
    },
  };
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a real node:http server on 127.0.0.1 for one test: each server `listen` starts is closed after
 * the test that started it.
 */
export function serverPerTest(): (listener: http.RequestListener) => Promise<TestServer> {
  const started: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (listener) => {
    const server = await startServer(listener);
    started.push(server);
    return server;
  };
}

async function startServer(listener: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/zoom/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function collect(res: http.IncomingMessage): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
    );
    res.on('error', reject);
  });
}

/** Sends exactly these bytes, with exactly these headers (plus Content-Length). */
export function send(
  url: string,
  {
    method = 'POST',
    headers = {},
    body,
    answerWithin = 10_000,
  }: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; answerWithin?: number },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(url, {
      method,
      agent: false,
      headers: payload ? { ...headers, 'content-length': String(payload.length) } : headers,
    });
    // A server that never answers fails the test quickly, with a reason, instead of at the test timeout.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${answerWithin} ms`)), answerWithin);
    req.on('response', (res) => {
      clearTimeout(timer);
      collect(res).then(resolve, reject);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(payload);
  });
}

/**
 * Starts an upload and resolves with the response as soon as it arrives, without ever finishing
 * the body: a reply here proves the server decided before reading the whole request.
 */
export function sendUnfinished(
  url: string,
  { headers = {}, firstChunk }: { headers?: Record<string, string>; firstChunk: Uint8Array },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      collect(res)
        .then(resolve, reject)
        .finally(() => req.destroy());
    });
    // The server closes the connection after refusing the upload; that is only an error before a reply.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    req.flushHeaders();
    req.write(firstChunk);
  });
}
