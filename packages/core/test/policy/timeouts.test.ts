// Timeouts and aborts: per attempt, per call, composed with the caller's signal, and nothing left
// running afterwards (checked in a child process that must exit on its own).
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { type Handler, json, runNode, scriptedServer, scriptedServerPerTest, silence } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { createZoomClient } from '../../src/client.js';
import { ZoomTimeoutError } from '../../src/errors/classes.js';
import { listSessions, QUERY as query, SESSIONS, zoomClient } from '../helpers.js';

const ok = json(200, { sessions: [] });

const serve = scriptedServerPerTest();

describe('timeout', () => {
  it('a server that never answers gives ZoomTimeoutError after the client timeout, without a retry', async () => {
    const s = await serve(silence);
    const client = zoomClient(s.baseUrl, { timeout: 150 });
    const error = await listSessions(client, { query }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTimeoutError);
    const timedOut = error as ZoomTimeoutError;
    expect(timedOut.timeout).toBe(150);
    expect(timedOut.method).toBe('GET');
    expect(timedOut.url).toBe(`${s.baseUrl}${SESSIONS}`);
    expect(timedOut.message).toContain('150 ms');
    expect(s.requests).toHaveLength(1);
  });

  // Headers and the first bytes of a body that never ends.
  const stallMidBody: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"sessions":[');
  };

  it.each([
    ['node:http', undefined],
    ['fetch', globalThis.fetch],
  ])('over %s, the message tells a stalled body from no answer at all', async (_name, fetch) => {
    const s = await serve(silence, stallMidBody);
    const client = zoomClient(s.baseUrl, { retry: false, fetch });
    const unanswered = (await listSessions(client, { query, timeout: 150 }).catch((e: unknown) => e)) as Error;
    expect(unanswered.message).toBe(`GET ${s.baseUrl}/videosdk/sessions timed out after 150 ms without a response.`);
    // Long enough for the headers, sent at once, to arrive on a loaded machine.
    const stalled = (await listSessions(client, { query, timeout: 1500 }).catch((e: unknown) => e)) as Error;
    expect(stalled).toBeInstanceOf(ZoomTimeoutError);
    expect(stalled.message).toBe(
      `GET ${s.baseUrl}/videosdk/sessions timed out after 1500 ms: the response headers had arrived (HTTP 200), but not the whole body.`,
    );
    expect(s.requests).toHaveLength(2);
  });

  it('a per-call timeout overrides the client default of 60 s', async () => {
    // With the 60 s default this test would outlive the 30 s test timeout.
    const s = await serve(silence);
    const client = zoomClient(s.baseUrl);
    const error = await listSessions(client, { query, timeout: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTimeoutError);
    expect((error as ZoomTimeoutError).timeout).toBe(150);
  });

  it('the timeout is per attempt: a slow first answer that is retried does not eat the second attempt', async () => {
    const slow503: Handler = (req, res) => setTimeout(() => json(503, {})(req, res, undefined as never), 100);
    const s = await serve(slow503, ok);
    const client = zoomClient(s.baseUrl, { timeout: 1000, retry: { baseDelay: 5 } });
    const { response } = await listSessions(client, { query });
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });

  it('a bad timeout is refused when the client is created, naming the option', () => {
    expect(() => createZoomClient({ timeout: 0 })).toThrow(/timeout must be a number of milliseconds from 1/);
    expect(() => createZoomClient({ timeout: '5s' as unknown as number })).toThrow(TypeError);
    expect(() => createZoomClient({ retry: { maxRetries: 1.5 } })).toThrow(/retry\.maxRetries/);
    expect(() => createZoomClient({ retry: { maxRetryAfter: -1 } })).toThrow(/retry\.maxRetryAfter/);
  });
});

describe("the caller's AbortSignal", () => {
  it('aborts a request in flight with the caller’s reason', async () => {
    const s = await serve(silence);
    const client = zoomClient(s.baseUrl);
    const controller = new AbortController();
    const call = listSessions(client, { query, signal: controller.signal }).catch((e: unknown) => e);
    await s.received(1);
    const reason = new Error('user went away');
    controller.abort(reason);
    expect(await call).toBe(reason);
  });

  it('ends a Retry-After wait at once', async () => {
    // A 50 s wait (within maxRetryAfter): if the abort did not end it, the 30 s test timeout would.
    const s = await serve(json(429, { code: 429 }, { 'Retry-After': '50' }), ok);
    const client = zoomClient(s.baseUrl);
    const controller = new AbortController();
    const call = listSessions(client, { query, signal: controller.signal }).catch((e: unknown) => e);
    await s.received(1);
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(s.requests).toHaveLength(1);
  });

  it('ends a backoff wait at once', async () => {
    const s = await serve(json(503, {}), ok);
    const client = zoomClient(s.baseUrl, { retry: { baseDelay: 60_000, maxDelay: 60_000 } });
    const controller = new AbortController();
    const call = listSessions(client, { query, signal: controller.signal }).catch((e: unknown) => e);
    await s.received(1);
    controller.abort();
    expect(((await call) as DOMException).name).toBe('AbortError');
    expect(s.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const s = await serve(ok);
    const client = zoomClient(s.baseUrl);
    const error = await listSessions(client, { query, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(s.requests).toHaveLength(0);
  });

  it('a long-lived signal does not collect the policy’s listeners across calls', async () => {
    const s = await serve(ok);
    const client = zoomClient(s.baseUrl);
    const controller = new AbortController();
    for (let i = 0; i < 20; i++) await listSessions(client, { query, signal: controller.signal });
    // The policy never listens on this signal itself: its transports listen on the Request's own signal and
    // let go when the attempt ends (tests/core/node-transport.test.ts). undici's Request adds a function listener of its
    // own here per Request, dropped when that Request is collected.
    const ours = EventEmitter.getEventListeners(controller.signal, 'abort').filter((l) => typeof l !== 'function');
    expect(ours).toHaveLength(0);
  });
});

describe('nothing is left running', () => {
  it('a process that timed out, aborted a wait, was refused a long wait, gave up a queued call and succeeded exits on its own', async () => {
    const hanging = await scriptedServer(silence);
    const limited = await scriptedServer(json(429, { code: 429 }, { 'Retry-After': '50' }));
    const daily = await scriptedServer(json(429, { code: 429 }, { 'Retry-After': '3600' }));
    const paused = await scriptedServer(json(429, { code: 429 }, { 'Retry-After': '600' }));
    const fine = await scriptedServer(ok);
    try {
      const script = fileURLToPath(new URL('../fixtures/exit-check.mjs', import.meta.url));
      // A leaked 60 s timeout or a 50 s retry wait would keep the child alive far beyond killAfter.
      const { code, signal, output } = await runNode(script, [], {
        env: {
          ...process.env,
          HANGING_URL: hanging.baseUrl,
          LIMITED_URL: limited.baseUrl,
          DAILY_URL: daily.baseUrl,
          PAUSED_URL: paused.baseUrl,
          FINE_URL: fine.baseUrl,
        },
        killAfter: 10_000,
      });
      expect(signal, `child was killed; output:\n${output}`).toBeNull();
      expect(code, output).toBe(0);
      expect(output).toContain('timeout: ZoomTimeoutError');
      expect(output).toContain('abort: AbortError');
      expect(output).toContain('daily: ZoomRateLimitError 3600');
      expect(output).toContain('paused: ZoomRateLimitError 600');
      expect(output).toContain('queued: AbortError');
      expect(paused.requests).toHaveLength(1);
      expect(output).toContain('fine: 200');
    } finally {
      await Promise.all([hanging.close(), limited.close(), daily.close(), paused.close(), fine.close()]);
    }
  });
});
