// How options reach the policy: a call's timeout, retry and fetch travel with the call (not on the
// Request, which a request interceptor may replace), and setConfig applies every option it is given
// or refuses it by name.
import { bearerOf, json, scriptedServerPerTest, silence } from '@zoom-api/test-utils';
import { createVideoSdkClient, listSessions, type ZoomApiError, ZoomTimeoutError } from '@zoom-api/videosdk';
import { describe, expect, it } from 'vitest';

const auth = { getToken: async () => 'token-for-call-options' };
const query = { from: '2025-01-01', to: '2025-01-02' };
const ok = json(200, { sessions: [] });

const serve = scriptedServerPerTest();

/** A client whose request interceptor replaces every Request with a new one, as users do to add headers. */
function replacingClient(baseUrl: string, options: Parameters<typeof createVideoSdkClient>[0] = {}) {
  const client = createVideoSdkClient({ baseUrl, auth, ...options });
  let replaced = 0;
  client.interceptors.request.use((request) => {
    replaced++;
    const headers = new Headers(request.headers);
    headers.set('x-added-by-interceptor', 'yes');
    return new Request(request, { headers });
  });
  return { client, replaced: () => replaced };
}

describe('per-call options survive an interceptor that replaces the Request', () => {
  it('timeout: the call’s 50 ms, not the client’s 5 s', async () => {
    const s = await serve(silence);
    const { client, replaced } = replacingClient(s.baseUrl, { timeout: 5000 });
    const started = Date.now();
    const error = await listSessions({ client, query, timeout: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTimeoutError);
    expect((error as ZoomTimeoutError).timeout).toBe(50);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(replaced()).toBe(1);
    expect(s.requests[0]?.headers['x-added-by-interceptor']).toBe('yes');
  });

  it('retry: false on the call makes one attempt although the client retries', async () => {
    const s = await serve(json(503, {}), ok);
    const { client } = replacingClient(s.baseUrl, { retry: { maxRetries: 2, baseDelay: 5 } });
    const error = await listSessions({ client, query, retry: false }).catch((e: unknown) => e);
    expect((error as ZoomApiError).status).toBe(503);
    expect(s.requests).toHaveLength(1);
  });

  it('retry on the call re-enables retries a client turned off', async () => {
    const s = await serve(json(503, {}), ok);
    const { client } = replacingClient(s.baseUrl, { retry: false });
    const { response } = await listSessions({ client, query, retry: { maxRetries: 1, baseDelay: 5 } });
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });

  it('fetch: the call’s own fetch sends the replaced Request, with the bearer header', async () => {
    const s = await serve(ok);
    const { client } = replacingClient(s.baseUrl);
    const seen: Array<string | null> = [];
    const own = ((request: Request, init?: RequestInit) => {
      seen.push(request.headers.get('x-added-by-interceptor'));
      return fetch(request, init);
    }) as typeof fetch;
    await listSessions({ client, query, fetch: own });
    expect(seen).toEqual(['yes']);
    expect(s.requests.map(bearerOf)).toEqual(['token-for-call-options']);
  });

  it('a bad per-call option rejects the call before anything is sent', async () => {
    const s = await serve(ok);
    const { client } = replacingClient(s.baseUrl);
    await expect(listSessions({ client, query, timeout: 0 })).rejects.toThrow(RangeError);
    await expect(listSessions({ client, query, fetch: 'no' as never })).rejects.toThrow(/fetch must be a function/);
    expect(s.requests).toHaveLength(0);
  });
});

describe('setConfig applies every option or refuses it', () => {
  it('auth: a new token source is used from the next call, and getConfig reports it', async () => {
    const s = await serve(ok);
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth });
    await listSessions({ client, query });
    const next = { getToken: async () => 'token-after-setConfig' };
    client.setConfig({ auth: next });
    await listSessions({ client, query });
    expect(s.requests.map(bearerOf)).toEqual(['token-for-call-options', 'token-after-setConfig']);
    expect(client.getConfig().auth).toBe(next);
  });

  it('getConfig reports the policy’s options as they were given', () => {
    const own = (() => Promise.resolve(new Response())) as unknown as typeof fetch;
    const client = createVideoSdkClient({ auth, timeout: 1234, retry: false, fetch: own });
    const config = client.getConfig();
    expect(config.timeout).toBe(1234);
    expect(config.retry).toBe(false);
    expect(config.fetch).toBe(own);
    expect(config.doubleEncodePathParams).toContain('sessionId');
    // The old name is gone, not an alias.
    expect(config).not.toHaveProperty('tokenProvider');
  });

  it('doubleEncodePathParams: applied to the next call', async () => {
    const s = await serve(ok);
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth });
    client.setConfig({ doubleEncodePathParams: [] });
    await client.get({ url: '/videosdk/sessions/{sessionId}', path: { sessionId: 'a/b' } });
    expect(s.requests[0]?.url).toBe('/videosdk/sessions/a%2Fb');
  });

  it('a value it cannot use is refused with the option’s name and what to pass, and nothing changes', async () => {
    const s = await serve(ok);
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth });
    // hey-api's own `auth` (a token string or a callback) means nothing to a Zoom client.
    expect(() => client.setConfig({ auth: 'a-token' as never })).toThrow(
      /auth must have a getToken\(\) method, e\.g\. createZoomAuth/,
    );
    expect(() => client.setConfig({ baseUrl: 'http://127.0.0.1:9', timeout: -1 })).toThrow(RangeError);
    expect(() => client.setConfig({ doubleEncodePathParams: 'sessionId' as never })).toThrow(
      /doubleEncodePathParams must be an array/,
    );
    await listSessions({ client, query });
    expect(s.requests.map(bearerOf)).toEqual(['token-for-call-options']);
  });
});
