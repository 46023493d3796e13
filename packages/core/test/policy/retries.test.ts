// Retries through core's own client against scripted servers: which failures are repeated, how long the
// policy waits, and that the number of attempts is exact.

import { json, reset, scriptedServerPerTest, type TestServer, text } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { ZoomApiError, ZoomConnectionError, ZoomRateLimitError } from '../../src/errors/classes.js';
import type { ZoomClientOptions } from '../../src/options.js';
import { longestPause } from '../../src/rate-limit/store.js';
import {
  createSession,
  deleteSession,
  getSessionDetails,
  listSessions,
  QUERY as query,
  SESSIONS,
  updateSessionStatus,
  zoomClient,
} from '../helpers.js';

const ok = json(200, { sessions: [], next_page_token: '' });
// Backoff steps of a few milliseconds: the same code path as 0.5 s, without the wait.
const fast = { baseDelay: 5, maxDelay: 20 };

const serve = scriptedServerPerTest();

function clientFor(s: TestServer, options: ZoomClientOptions = {}) {
  return zoomClient(s.baseUrl, { retry: fast, ...options });
}

// Allows for the clocks of server and client reading a few milliseconds apart.
const CLOCK_SLACK_MS = 25;

describe('429: retried for every method, after Retry-After', () => {
  it('waits `Retry-After: 1` (seconds) and repeats', async () => {
    const s = await serve(json(429, { code: 429, message: 'Too many requests' }, { 'Retry-After': '1' }), ok);
    const { response } = await listSessions(clientFor(s), { query });
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(2);
    const [first, second] = s.requests as [(typeof s.requests)[0], (typeof s.requests)[0]];
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000 - CLOCK_SLACK_MS);
  });

  it('waits until an HTTP-date and repeats', async () => {
    // The next whole second plus one: HTTP-dates have no milliseconds, and the wait must not be zero.
    const retryAt = Math.ceil((Date.now() + 1000) / 1000) * 1000;
    const s = await serve(json(429, { code: 429 }, { 'Retry-After': new Date(retryAt).toUTCString() }), ok);
    await listSessions(clientFor(s), { query });
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]?.at).toBeGreaterThanOrEqual(retryAt - CLOCK_SLACK_MS);
  });

  it('waits until an ISO-8601 timestamp about 1 s ahead and repeats', async () => {
    const retryAt = Date.now() + 1000;
    const s = await serve(json(429, { code: 429 }, { 'Retry-After': new Date(retryAt).toISOString() }), ok);
    await listSessions(clientFor(s), { query });
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]?.at).toBeGreaterThanOrEqual(retryAt - CLOCK_SLACK_MS);
  });

  it('retries a POST too (Zoom did not act on a rate-limited call)', async () => {
    const s = await serve(json(429, { code: 429 }), json(201, { session_id: 'new' }));
    const { data } = await createSession(clientFor(s), { session_name: 'standup' });
    expect(data).toMatchObject({ session_id: 'new' });
    expect(s.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(s.requests[1]?.body).toBe(s.requests[0]?.body);
  });

  it('throws at once, with retryAfter, when Retry-After exceeds maxRetryAfter', async () => {
    const s = await serve(
      json(
        429,
        { code: 429, message: 'You have reached the maximum daily rate limit for this API.' },
        { 'Retry-After': '120', 'X-RateLimit-Type': 'Daily-limit', 'X-RateLimit-Category': 'Heavy' },
      ),
      ok,
    );
    const error = await listSessions(clientFor(s), { query }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect(error).toBeInstanceOf(ZoomApiError);
    const limited = error as ZoomRateLimitError;
    expect(limited.status).toBe(429);
    expect(limited.retryAfter).toBe(120);
    expect(limited.rateLimit.type).toBe('Daily-limit');
    expect(limited.message).toBe('You have reached the maximum daily rate limit for this API.');
    expect(s.requests).toHaveLength(1);
  });

  it('a daily limit given as an ISO timestamp hours away is thrown at once with the seconds to wait', async () => {
    const retryAt = Date.now() + 5 * 3600_000;
    const s = await serve(json(429, { code: 429 }, { 'Retry-After': new Date(retryAt).toISOString() }), ok);
    const error = (await listSessions(clientFor(s), { query }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    // No wait outlasts the next 00:00 UTC plus an hour (longestPause): after 20:00 UTC that is under 5 hours away.
    const expectedMs = Math.min(retryAt, longestPause(Date.now())) - Date.now();
    expect(error.retryAfter).toBeGreaterThan(expectedMs / 1000 - 60);
    expect(error.retryAfter).toBeLessThanOrEqual(5 * 3600);
    expect(error.rateLimit.retryAt?.getTime()).toBeGreaterThan(Date.now());
    expect(s.requests).toHaveLength(1);
  });

  it('maxRetryAfter is a client option: a lower one turns a 1 s wait into an error', async () => {
    const s = await serve(json(429, { code: 429 }, { 'Retry-After': '1' }), ok);
    const client = clientFor(s, { retry: { ...fast, maxRetryAfter: 0.5 } });
    const error = (await listSessions(client, { query }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect(error.retryAfter).toBe(1);
    expect(s.requests).toHaveLength(1);
  });

  // Fault injection: one header must neither crash a process nor hold a category for decades.
  it('a 400-digit Retry-After is a wait capped at the next 00:00 UTC + 1 h, never Infinity or Invalid Date', async () => {
    const s = await serve(json(429, { code: 429 }, { 'Retry-After': '9'.repeat(400) }), ok);
    const before = Date.now();
    const error = (await listSessions(clientFor(s), { query }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect(Number.isFinite(error.retryAfter)).toBe(true);
    const midnight = new Date(before);
    midnight.setUTCHours(24, 0, 0, 0);
    const cap = midnight.getTime() + 3600_000;
    expect(error.retryAt?.getTime()).toBeGreaterThan(before);
    expect(error.retryAt?.getTime()).toBeLessThanOrEqual(cap + CLOCK_SLACK_MS);
    expect(s.requests).toHaveLength(1);
  });

  it('a 400-digit Retry-After on a per-second limit (X-RateLimit-Type: QPS) is capped at 5 minutes', async () => {
    const headers = { 'Retry-After': '9'.repeat(400), 'X-RateLimit-Type': 'QPS' };
    const s = await serve(json(429, { code: 429 }, headers), ok);
    const error = (await listSessions(clientFor(s), { query }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect(error.retryAfter).toBe(300);
    expect(error.rateLimit.retryAfter).toBe(300);
  });

  it.each(['foo 2099', '-5', '1.5', 'Mon, 15 Jan 2099 00:00:00 GMT', '2099-13-01T00:00:00Z', 'soon'])(
    'Retry-After %j is junk: treated as absent (backoff), not as a date',
    async (junk) => {
      const s = await serve(json(429, { code: 429 }, { 'Retry-After': junk }), ok);
      const { response } = await listSessions(clientFor(s), { query });
      expect(response.status).toBe(200);
      expect(s.requests).toHaveLength(2);
    },
  );

  it('without Retry-After, backs off and gives up after maxRetries with the 429', async () => {
    const s = await serve(json(429, { code: 429, message: 'slow down' }));
    const error = await listSessions(clientFor(s), { query }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect((error as ZoomRateLimitError).retryAfter).toBeUndefined();
    expect(s.requests).toHaveLength(3);
  });
});

describe('5xx and connection failures: retried only for idempotent methods', () => {
  it('503 then 200 on GET succeeds after one retry', async () => {
    const s = await serve(json(503, { code: 503, message: 'unavailable' }), ok);
    const { response } = await listSessions(clientFor(s), { query });
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });

  it('a junk Retry-After on a 500 does not stop the retries maxRetries allows', async () => {
    const broken = json(500, { code: 500, message: 'oops' }, { 'Retry-After': 'foo 2099' });
    const s = await serve(broken, broken, ok);
    const { response } = await listSessions(clientFor(s), { query });
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(3);
  });

  it('503 on POST: exactly one request, then the error', async () => {
    const s = await serve(json(503, { code: 503, message: 'unavailable' }), json(201, {}));
    const error = await createSession(clientFor(s), { session_name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as ZoomApiError).status).toBe(503);
    expect(s.requests).toHaveLength(1);
  });

  it('503 then 200 on PUT with a body: repeated, with the same body', async () => {
    const s = await serve(json(503, {}), text(204, ''));
    await updateSessionStatus(clientFor(s), 'abc', { action: 'end' });
    expect(s.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect(JSON.parse(s.requests[1]?.body ?? '')).toEqual({ action: 'end' });
    expect(s.requests[1]?.body).toBe(s.requests[0]?.body);
  });

  it('a connection reset on GET is retried', async () => {
    const s = await serve(reset, ok);
    const { response } = await listSessions(clientFor(s), { query });
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });

  it('a connection reset on POST is not retried and surfaces as ZoomConnectionError', async () => {
    const s = await serve(reset, json(201, {}));
    const error = await createSession(clientFor(s), { session_name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomConnectionError);
    expect((error as ZoomConnectionError).method).toBe('POST');
    expect((error as ZoomConnectionError).url).toBe(`${s.baseUrl}${SESSIONS}`);
    expect((error as Error).cause).toBeDefined();
    expect(s.requests).toHaveLength(1);
  });

  it('a refused connection on GET is retried, then thrown as ZoomConnectionError', async () => {
    const s = await serve(ok);
    const baseUrl = s.baseUrl;
    await s.close(); // closing again after the test is harmless
    const client = zoomClient(baseUrl, { retry: fast });
    const error = await listSessions(client, { query }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomConnectionError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('only transient 5xx (500, 502, 503, 504) are retried on GET; 501, 505, 507, 511 … are answers', async () => {
    // Each status is answered once, then 200: a second request means the status was retried.
    let failWith: number | undefined;
    const s = await serve((req, res) => {
      const status = failWith;
      failWith = undefined;
      (status === undefined ? ok : json(status, { code: status, message: 'server says no' }))(
        req,
        res,
        undefined as never,
      );
    });
    const retried: number[] = [];
    for (const status of [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511, 599]) {
      failWith = status;
      const before = s.requests.length;
      const { response } = await clientFor(s).get({ url: SESSIONS, query, throwOnError: false });
      const attempts = s.requests.length - before;
      if (attempts > 1) retried.push(status);
      expect(response?.status).toBe(attempts > 1 ? 200 : status);
    }
    expect(retried).toEqual([500, 502, 503, 504]);
  });

  it('500 with an HTML page on DELETE is retried', async () => {
    const s = await serve(
      text(500, '<html><title>oops</title></html>', { 'content-type': 'text/html' }),
      text(204, ''),
    );
    const { response } = await deleteSession(clientFor(s), 'a');
    expect(response.status).toBe(204);
    expect(s.requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
  });
});

describe('the number of attempts is exact', () => {
  const unavailable = json(503, { code: 503, message: 'unavailable' });

  it('default maxRetries (2): three requests, then the last error', async () => {
    const s = await serve(unavailable);
    const error = await listSessions(clientFor(s), { query }).catch((e: unknown) => e);
    expect((error as ZoomApiError).status).toBe(503);
    expect(s.requests).toHaveLength(3);
  });

  it('maxRetries: 4 on the client: five requests', async () => {
    const s = await serve(unavailable);
    await listSessions(clientFor(s, { retry: { ...fast, maxRetries: 4 } }), { query }).catch(() => {});
    expect(s.requests).toHaveLength(5);
  });

  it('maxRetries: 0: one request', async () => {
    const s = await serve(unavailable);
    await listSessions(clientFor(s, { retry: { maxRetries: 0 } }), { query }).catch(() => {});
    expect(s.requests).toHaveLength(1);
  });

  it('retry: false on the client: one request, also for a 429', async () => {
    const s = await serve(json(429, { code: 429 }, { 'Retry-After': '1' }));
    const error = await listSessions(clientFor(s, { retry: false }), { query }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect((error as ZoomRateLimitError).retryAfter).toBe(1);
    expect(s.requests).toHaveLength(1);
  });

  it('per call: retry: false and retry: { maxRetries } override the client', async () => {
    const s = await serve(unavailable);
    const client = clientFor(s);
    await listSessions(client, { query, retry: false }).catch(() => {});
    expect(s.requests).toHaveLength(1);
    await listSessions(client, { query, retry: { maxRetries: 1 } }).catch(() => {});
    expect(s.requests).toHaveLength(3);
    const disabled = clientFor(s, { retry: false });
    await listSessions(disabled, { query, retry: { ...fast, maxRetries: 3 } }).catch(() => {});
    expect(s.requests).toHaveLength(7);
  });

  it('4xx other than 401 and 429 are never retried', async () => {
    const s = await serve(json(404, { code: 3001, message: 'Session does not exist.' }));
    await getSessionDetails(clientFor(s), 'gone').catch(() => {});
    expect(s.requests).toHaveLength(1);
  });
});
