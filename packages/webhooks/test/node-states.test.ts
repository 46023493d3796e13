// toNodeListener in every state a request can reach it: body already read by a parser mounted first
// (with and without the raw bytes left behind), upload aborted by the client, upload stalled.
// Real node:http servers on 127.0.0.1; the "parser" is a middleware that reads the stream first,
// as express.json() / express.raw() / express.text() do.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  DEFAULT_NODE_TIMEOUT,
  keepRawBody,
  type NodeListener,
  toNodeListener,
  type WebhookHandler,
} from '../src/index.js';
import {
  SECRET,
  send,
  sendUnfinished,
  sessionStartedBody,
  signedHeaders,
  startServer,
  type TestServer,
} from './support.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Parsed = IncomingMessage & { body?: unknown; rawBody?: unknown };

/** A body parser mounted before the webhook route: reads the whole stream, then leaves what `keep` says. */
function parserFirst(listener: NodeListener, keep: (raw: Buffer, req: Parsed) => void): http.RequestListener {
  return (req: Parsed, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      keep(Buffer.concat(chunks), req);
      listener(req, res);
    });
  };
}

function webhook() {
  const received: string[] = [];
  const handler = createWebhookHandler({
    secretToken: SECRET,
    on: { 'session.started': (event) => void received.push(event.payload.object.session_id) },
  });
  return { handler, received };
}

const body = JSON.stringify(sessionStartedBody(), null, 2); // pretty: re-serialising the parsed object would not match

describe('a body parser ran before toNodeListener', () => {
  it('express.json() first (req.body is the parsed object): 500 at once, naming the fix', async () => {
    const { handler, received } = webhook();
    server = await startServer(parserFirst(toNodeListener(handler), (raw, req) => (req.body = JSON.parse(`${raw}`))));
    const reply = await send(server.url, { headers: signedHeaders(body), body, answerWithin: 2000 });
    expect(reply.status).toBe(500);
    const answer = JSON.parse(reply.text) as { error: string; message: string };
    expect(answer.error).toBe('body_already_read');
    expect(answer.message).toContain('before the body parser');
    expect(answer.message).toContain("express.raw({ type: 'application/json' })");
    expect(reply.text).not.toContain(SECRET);
    expect(received).toEqual([]);
  });

  it('a consumed stream with nothing left behind: the same 500', async () => {
    const { handler } = webhook();
    server = await startServer(parserFirst(toNodeListener(handler), () => {}));
    const reply = await send(server.url, { headers: signedHeaders(body), body, answerWithin: 2000 });
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.text).error).toBe('body_already_read');
  });

  it.each([
    [
      'req.rawBody kept by keepRawBody (the verify hook of express.json) next to the parsed req.body',
      (raw: Buffer, req: Parsed) => {
        keepRawBody(req, undefined, raw);
        req.body = JSON.parse(`${raw}`);
      },
    ],
    [
      'req.rawBody (a Buffer, from a verify hook) next to the parsed req.body',
      (raw: Buffer, req: Parsed) => {
        req.rawBody = raw;
        req.body = JSON.parse(`${raw}`);
      },
    ],
    [
      'req.rawBody as a string',
      (raw: Buffer, req: Parsed) => {
        req.rawBody = raw.toString('utf8');
        req.body = {};
      },
    ],
    [
      'a Buffer req.body (express.raw)',
      (raw: Buffer, req: Parsed) => {
        req.body = raw;
      },
    ],
    [
      'a string req.body (express.text)',
      (raw: Buffer, req: Parsed) => {
        req.body = raw.toString('utf8');
      },
    ],
  ])('uses %s: verified and dispatched', async (_label, keep) => {
    const { handler, received } = webhook();
    server = await startServer(parserFirst(toNodeListener(handler), keep));
    const reply = await send(server.url, { headers: signedHeaders(body), body, answerWithin: 2000 });
    expect(reply.status).toBe(200);
    expect(received).toEqual(['sess-Abc==']);
    // The bytes left behind are checked like the stream: a changed body is still refused.
    const forged = body.replace('Standup', 'Standuq');
    const refused = await send(server.url, { headers: signedHeaders(body), body: forged, answerWithin: 2000 });
    expect(refused.status).toBe(401);
    expect(received).toHaveLength(1);
  });

  it('a GET after a parser is still answered by the handler (405)', async () => {
    const { handler } = webhook();
    server = await startServer(parserFirst(toNodeListener(handler), (_raw, req) => (req.body = {})));
    const reply = await send(server.url, { method: 'GET', answerWithin: 2000 });
    expect(reply.status).toBe(405);
  });
});

describe('uploads that do not finish', () => {
  it('a stalled upload is answered 408 with Connection: close once the timeout passes', async () => {
    const { handler, received } = webhook();
    server = await startServer(toNodeListener(handler, { timeout: 300 }));
    const started = Date.now();
    const reply = await sendUnfinished(server.url, {
      headers: { ...signedHeaders(body), 'content-length': String(Buffer.byteLength(body)) },
      firstChunk: Buffer.from(body.slice(0, 20)),
    });
    const waited = Date.now() - started;
    expect(reply.status).toBe(408);
    expect(JSON.parse(reply.text).error).toBe('request_timeout');
    expect(reply.headers.connection).toBe('close');
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3000);
    expect(received).toEqual([]);
  });

  it('a complete request is not cut short by the timeout, however slow its callback', async () => {
    const handler = createWebhookHandler({
      secretToken: SECRET,
      on: { 'session.started': () => new Promise((resolve) => setTimeout(resolve, 400)) },
    });
    server = await startServer(toNodeListener(handler, { timeout: 100 }));
    const reply = await send(server.url, { headers: signedHeaders(body), body });
    expect(reply.status).toBe(200);
  });

  it('an aborted upload ends the handler instead of leaving it waiting for body events', async () => {
    const { handler } = webhook();
    const settled: number[] = [];
    const watched: WebhookHandler = async (request) => {
      try {
        return await handler(request);
      } finally {
        settled.push(Date.now());
      }
    };
    // The default timeout (10 s) must not be what ends it.
    server = await startServer(toNodeListener(watched));
    const url = new URL(server.url);
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { ...signedHeaders(body), 'content-length': String(Buffer.byteLength(body)) },
    });
    req.on('error', () => {}); // we abort it ourselves
    req.flushHeaders();
    req.write(body.slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = Date.now();
    req.destroy();
    for (let i = 0; i < 40 && settled.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(settled).toHaveLength(1);
    expect((settled[0] as number) - abortedAt).toBeLessThan(1000);
  });

  it('the timeout defaults to 10 s and must be a positive number of milliseconds', () => {
    expect(DEFAULT_NODE_TIMEOUT).toBe(10_000);
    const { handler } = webhook();
    for (const timeout of [0, -1, Number.NaN, '5000']) {
      expect(() => toNodeListener(handler, { timeout: timeout as number })).toThrow(
        /^toNodeListener\(\): timeout must be a positive number of milliseconds/,
      );
    }
  });
});
