// The Zoom-like server must punish what Zoom punishes (a burst after a full sliding window) and let
// through what Zoom lets through (even spacing at the limit); otherwise the limiter's tests prove nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { startZoomLikeServer, type ZoomLikeServer, ZoomLikeWindows } from '../src/zoom-like-server.js';

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);

describe('ZoomLikeWindows', () => {
  it('lets evenly spaced calls at the limit through, for many windows', () => {
    const windows = new ZoomLikeWindows({ limits: { MEDIUM: { perSecond: 20 } } });
    for (let i = 0; i < 200; i++) expect(windows.admit('a', 'MEDIUM', T0 + i * 50)).toBeUndefined();
  });

  it('counts a full burst right after a full window as a violation, though each fixed second is within its limit', () => {
    const windows = new ZoomLikeWindows({ limits: { MEDIUM: { perSecond: 20 } } });
    // 20 calls in the last 100 ms of one second, then 20 in the first 100 ms of the next.
    for (let i = 0; i < 20; i++) expect(windows.admit('a', 'MEDIUM', T0 + 900 + i * 5)).toBeUndefined();
    const verdicts = Array.from({ length: 20 }, (_, i) => windows.admit('a', 'MEDIUM', T0 + 1_000 + i * 5));
    expect(verdicts.filter(Boolean)).toHaveLength(20);
    expect(verdicts[0]).toEqual({ type: 'QPS', limit: 20, remaining: 0, retryAfter: '1' });
  });

  it('counts a full burst after a steady stream as a violation', () => {
    const windows = new ZoomLikeWindows({ limits: { HEAVY: { perSecond: 10 } } });
    for (let i = 0; i < 10; i++) expect(windows.admit('a', 'HEAVY', T0 + i * 100)).toBeUndefined();
    // The stream's last 9 calls are still in the window at T0 + 1000: one more fits, not ten.
    const burst = Array.from({ length: 10 }, () => windows.admit('a', 'HEAVY', T0 + 1_000));
    expect(burst.filter((v) => v === undefined)).toHaveLength(1);
  });

  it('keeps accounts and categories apart', () => {
    const windows = new ZoomLikeWindows({ plan: 'free' });
    expect(windows.admit('a', 'HEAVY', T0)).toBeUndefined();
    expect(windows.admit('a', 'HEAVY', T0 + 1)).toMatchObject({ type: 'QPS', limit: 1 });
    expect(windows.admit('b', 'HEAVY', T0 + 1)).toBeUndefined();
    expect(windows.admit('a', 'MEDIUM', T0 + 1)).toBeUndefined();
  });

  it('applies a per-minute window to RESOURCE-INTENSIVE', () => {
    const windows = new ZoomLikeWindows({ plan: 'pro' });
    for (let i = 0; i < 10; i++) expect(windows.admit('a', 'RESOURCE-INTENSIVE', T0 + i * 6_000)).toBeUndefined();
    expect(windows.admit('a', 'RESOURCE-INTENSIVE', T0 + 59_999)).toMatchObject({ type: 'QPS', limit: 10 });
    expect(windows.admit('a', 'RESOURCE-INTENSIVE', T0 + 60_001)).toBeUndefined();
  });

  it('answers a spent daily budget with the next 00:00 UTC as an ISO timestamp', () => {
    const windows = new ZoomLikeWindows({ plan: 'free', limits: { LIGHT: { perDay: 3 } } });
    for (let i = 0; i < 3; i++) expect(windows.admit('a', 'LIGHT', T0 + i * 1_000)).toBeUndefined();
    expect(windows.admit('a', 'LIGHT', T0 + 10_000)).toEqual({
      type: 'Daily-limit',
      limit: 3,
      remaining: 0,
      retryAfter: '2026-12-03T00:00:00.000Z',
    });
    expect(windows.admit('a', 'LIGHT', Date.UTC(2026, 11, 3))).toBeUndefined();
  });

  it('shares the HEAVY + RESOURCE-INTENSIVE daily budget on pro', () => {
    const windows = new ZoomLikeWindows({ plan: 'pro', heavySharedPerDay: 2 });
    expect(windows.admit('a', 'HEAVY', T0)).toBeUndefined();
    expect(windows.admit('a', 'RESOURCE-INTENSIVE', T0)).toBeUndefined();
    expect(windows.admit('a', 'HEAVY', T0 + 5_000)).toMatchObject({ type: 'Daily-limit', limit: 2 });
    expect(windows.admit('a', 'MEDIUM', T0 + 5_000)).toBeUndefined();
  });

  it('refuses an unknown plan by name', () => {
    expect(() => new ZoomLikeWindows({ plan: 'gold' as 'pro' })).toThrow(
      /unknown plan gold; use free, pro or business/,
    );
  });
});

describe('startZoomLikeServer', () => {
  let server: ZoomLikeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers a burst over the limit with 429s carrying Zoom headers, and counts what it saw', async () => {
    server = await startZoomLikeServer({ limits: { HEAVY: { perSecond: 5 } } });
    const url = `${server.baseUrl}/videosdk/sessions`;
    const headers = { 'x-test-rate-limit-category': 'HEAVY' };
    const responses = await Promise.all(Array.from({ length: 8 }, () => fetch(url, { headers })));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = responses.find((r) => r.status === 429) as Response;
    expect(refused.headers.get('x-ratelimit-category')).toBe('Heavy');
    expect(refused.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(refused.headers.get('x-ratelimit-limit')).toBe('5');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await refused.json()).toMatchObject({ code: 429 });
    const stats = server.stats('HEAVY');
    expect(stats).toMatchObject({ accepted: 5, rejected: 3 });
    expect(stats.acceptedAt).toHaveLength(5);
    expect(stats.rejectedAt).toHaveLength(3);
    expect(server.stats('MEDIUM')).toMatchObject({ accepted: 0, rejected: 0 });
  });

  it('counts per account: the iss of the bearer JWT', async () => {
    const zoom = await startZoomLikeServer({ limits: { MEDIUM: { perSecond: 1 } } });
    server = zoom;
    const jwt = (iss: string) => `Bearer x.${Buffer.from(JSON.stringify({ iss })).toString('base64url')}.y`;
    const call = (iss: string) => fetch(zoom.baseUrl, { headers: { authorization: jwt(iss) } });
    expect((await call('key-a')).status).toBe(200);
    expect((await call('key-b')).status).toBe(200);
    expect((await call('key-a')).status).toBe(429);
  });

  it('answers a daily limit with an ISO Retry-After', async () => {
    server = await startZoomLikeServer({ plan: 'free', limits: { LIGHT: { perSecond: 100, perDay: 1 } } });
    const headers = { 'x-test-rate-limit-category': 'light' };
    expect((await fetch(server.baseUrl, { headers })).status).toBe(200);
    const refused = await fetch(server.baseUrl, { headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect(refused.headers.get('retry-after')).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
  });

  it('rejects on demand, decides by the category function, and delays answers', async () => {
    server = await startZoomLikeServer({
      categoryOf: (request) => (request.url.startsWith('/light') ? 'LIGHT' : 'MEDIUM'),
      delayMs: 150,
    });
    server.reject('LIGHT', 1, '2');
    const started = Date.now();
    const first = await fetch(`${server.baseUrl}/light`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect((await fetch(`${server.baseUrl}/light`)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/other`)).status).toBe(200);
    expect(server.stats('LIGHT')).toMatchObject({ accepted: 1, rejected: 1 });
    expect(server.stats('MEDIUM')).toMatchObject({ accepted: 1, rejected: 0 });
  });
});
