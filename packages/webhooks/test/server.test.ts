import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  type InProcessHandlerOptions,
  type SessionStartedEvent,
  toNodeListener,
  type UnknownWebhookEvent,
  urlValidationResponse,
} from '../src/index.js';
import {
  changeByte,
  changeChar,
  nowSeconds,
  SECRET,
  seededRandom,
  send,
  sendUnfinished,
  serverPerTest,
  sessionStartedBody,
  signedHeaders,
} from './support.js';

const listen = serverPerTest();

/** Starts a real node:http server on 127.0.0.1 that serves the handler through toNodeListener. */
async function serve(options: Partial<InProcessHandlerOptions> = {}) {
  const received: Array<{ name: string; event: unknown }> = [];
  const handler = createWebhookHandler({
    secretToken: SECRET,
    on: {
      'session.started': (event) => {
        received.push({ name: 'session.started', event });
      },
      'session.ended': (event) => {
        received.push({ name: 'session.ended', event });
      },
    },
    ...options,
  });
  const server = await listen(toNodeListener(handler));
  return { url: server.url, received };
}

function errorOf(text: string): string {
  return (JSON.parse(text) as { error: string }).error;
}

describe('createWebhookHandler through toNodeListener on node:http', () => {
  it('verifies a pretty-printed body and a non-ASCII one, and dispatches each once', async () => {
    const { url, received } = await serve();
    const pretty = JSON.stringify(sessionStartedBody(), null, 4);
    // Another session (another identity), or the seen-set would rightly acknowledge it as a duplicate.
    const accented = JSON.stringify(sessionStartedBody({ session_name: 'José', session_id: 'sess-Def==' }));
    for (const body of [pretty, accented]) {
      const reply = await send(url, { headers: signedHeaders(body), body });
      expect(reply.status).toBe(200);
    }
    expect(received.map((r) => r.name)).toEqual(['session.started', 'session.started']);
    expect((received[1]?.event as SessionStartedEvent | undefined)?.payload.object.session_name).toBe('José');
  });

  it('dispatches session.started to its callback exactly once, and to no other', async () => {
    const { url, received } = await serve();
    const body = JSON.stringify(sessionStartedBody());
    const reply = await send(url, { headers: signedHeaders(body), body });
    expect(reply.status).toBe(200);
    expect(received).toEqual([{ name: 'session.started', event: sessionStartedBody() }]);
  });

  it('answers 401 with the reason for a changed body, a wrong secret, a missing header and a stale timestamp', async () => {
    const { url, received } = await serve();
    const body = JSON.stringify(sessionStartedBody());
    const cases: Array<[string, Record<string, string>, string]> = [
      ['bad_signature', signedHeaders(body), body.replace('Standup', 'Standuq')],
      ['bad_signature', signedHeaders(body, { secret: 'not-the-secret' }), body],
      ['missing_header', { 'x-zm-signature': signedHeaders(body)['x-zm-signature'] }, body],
      ['stale_timestamp', signedHeaders(body, { timestamp: nowSeconds() - 301 }), body],
    ];
    for (const [reason, headers, sent] of cases) {
      const reply = await send(url, { headers, body: sent });
      expect({ reason, status: reply.status, error: errorOf(reply.text) }).toEqual({
        reason,
        status: 401,
        error: reason,
      });
      expect(reply.text).not.toContain(SECRET);
    }
    expect(received).toEqual([]);
  });

  it('accepts none of 100 randomly mutated signed requests sent over HTTP', async () => {
    const { url, received } = await serve();
    const random = seededRandom(42);
    const pick = (n: number) => Math.floor(random() * n);
    const original = Buffer.from(JSON.stringify(sessionStartedBody({ session_name: 'José' })));
    const signed = signedHeaders(original);
    const statuses = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const body = Buffer.from(original);
      const headers = { ...signed };
      if (i % 2 === 0) {
        changeByte(body, pick(body.length), pick);
      } else {
        const name = i % 4 === 1 ? 'x-zm-signature' : 'x-zm-request-timestamp';
        headers[name] = changeChar(headers[name], pick);
      }
      statuses.add((await send(url, { headers, body })).status);
    }
    expect([...statuses]).toEqual([401]);
    expect(received).toEqual([]);
  });

  it('answers the URL validation challenge with the token Zoom expects, only when signed', async () => {
    const { url, received } = await serve();
    const plainToken = 'qgg8vlvZRS6UYooatFL8Aw';
    const body = JSON.stringify({ payload: { plainToken }, event_ts: 1654503849680, event: 'endpoint.url_validation' });
    const expected = createHmac('sha256', SECRET).update(plainToken).digest('hex');

    const reply = await send(url, { headers: signedHeaders(body), body });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply.text)).toEqual({ plainToken, encryptedToken: expected });
    expect(await urlValidationResponse(plainToken, SECRET)).toEqual({ plainToken, encryptedToken: expected });

    const unsigned = await send(url, { headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    expect(received).toEqual([]);
  });

  it('answers 405 with Allow: POST for other methods', async () => {
    const { url } = await serve();
    for (const method of ['GET', 'PUT', 'HEAD']) {
      const reply = await send(url, { method });
      expect(reply.status).toBe(405);
      expect(reply.headers.allow).toBe('POST');
    }
  });

  it('answers 400 for a correctly signed body that is not JSON', async () => {
    const { url, received } = await serve();
    const body = '{"event":"session.started",';
    const reply = await send(url, { headers: signedHeaders(body), body });
    expect(reply.status).toBe(400);
    expect(errorOf(reply.text)).toBe('invalid_json');
    expect(received).toEqual([]);
  });

  it('accepts a body of exactly 1 MiB by default and answers 413 for one byte more', async () => {
    const { url, received } = await serve();
    const base = JSON.stringify(sessionStartedBody());
    const exact = base + ' '.repeat(1024 * 1024 - Buffer.byteLength(base));
    expect((await send(url, { headers: signedHeaders(exact), body: exact })).status).toBe(200);
    const over = `${exact} `;
    const reply = await send(url, { headers: signedHeaders(over), body: over });
    expect(reply.status).toBe(413);
    expect(errorOf(reply.text)).toBe('body_too_large');
    expect(received).toHaveLength(1);
  });

  it('answers 413 while an oversized chunked upload is still being sent', async () => {
    const { url } = await serve({ maxBodyBytes: 1024 });
    const reply = await sendUnfinished(url, {
      headers: { 'x-zm-signature': 'v0=00', 'x-zm-request-timestamp': String(nowSeconds()) },
      firstChunk: Buffer.alloc(4096, 0x20),
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
  });

  it('answers 413 from a declared Content-Length before any of the body arrives', async () => {
    const { url } = await serve({ maxBodyBytes: 1024 });
    const reply = await sendUnfinished(url, {
      headers: { 'content-length': String(50 * 1024 * 1024) },
      firstChunk: new Uint8Array(0),
    });
    expect(reply.status).toBe(413);
  });

  it('answers 500 without the error or the secret when a callback throws, and reports it to onError', async () => {
    const reported: Array<{ error: unknown; name: string }> = [];
    const { url } = await serve({
      on: {
        'session.started': () => {
          throw new Error(`database down; secret was ${SECRET}`);
        },
      },
      onError: (error, event) => reported.push({ error, name: event.event }),
    });
    const body = JSON.stringify(sessionStartedBody());
    const reply = await send(url, { headers: signedHeaders(body), body });
    expect(reply.status).toBe(500);
    expect(errorOf(reply.text)).toBe('handler_failed');
    expect(reply.text).not.toContain(SECRET);
    expect(reply.text).not.toContain('database down');
    expect(reported).toHaveLength(1);
    expect(reported[0]?.name).toBe('session.started');
    expect((reported[0]?.error as Error | undefined)?.message).toContain('database down');
  });

  it('passes events outside the documents to onUnknown and acknowledges documented ones without a callback', async () => {
    const unknown: UnknownWebhookEvent[] = [];
    const { url, received } = await serve({ onUnknown: (event) => void unknown.push(event) });
    const future = JSON.stringify({ event: 'session.hologram_started', event_ts: 1, payload: { account_id: 'a' } });
    expect((await send(url, { headers: signedHeaders(future), body: future })).status).toBe(200);
    const withoutCallback = JSON.stringify({ ...sessionStartedBody(), event: 'session.recording_started' });
    expect((await send(url, { headers: signedHeaders(withoutCallback), body: withoutCallback })).status).toBe(200);
    expect(unknown.map((e) => e.event)).toEqual(['session.hologram_started']);
    expect(received).toEqual([]);
  });

  it('refuses a callback for an event name that is not documented, naming it', () => {
    expect(() => createWebhookHandler({ secretToken: SECRET, on: { 'session.startd': () => {} } as never })).toThrow(
      /on\["session\.startd"\].*onUnknown/,
    );
  });
});
