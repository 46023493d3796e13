// How options reach the policy: a bad per-call option rejects the call before anything is sent, and
// setConfig applies every option it is given or refuses it by name. (Per-call options in force after
// interceptors replace the Request and the Response: ./replaced-request-response.test.ts.)
import { bearerOf, json, scriptedServerPerTest } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { createZoomClient } from '../../src/client.js';
import { listSessions, QUERY as query, zoomClient } from '../helpers.js';

const auth = { getToken: async () => 'token-for-call-options' };
const ok = json(200, { sessions: [] });

const serve = scriptedServerPerTest();

describe('per-call options', () => {
  it('a bad one rejects the call before anything is sent', async () => {
    const s = await serve(ok);
    const client = zoomClient(s.baseUrl);
    await expect(listSessions(client, { query, timeout: 0 })).rejects.toThrow(RangeError);
    await expect(listSessions(client, { query, fetch: 'no' as never })).rejects.toThrow(/fetch must be a function/);
    await expect(listSessions(client, { query, retry: 'twice' as never })).rejects.toThrow(/retry must be false or/);
    expect(s.requests).toHaveLength(0);
  });
});

describe('setConfig applies every option or refuses it', () => {
  it('auth: a new token source is used from the next call, and getConfig reports it', async () => {
    const s = await serve(ok);
    const client = zoomClient(s.baseUrl, { auth });
    await listSessions(client, { query });
    const next = { getToken: async () => 'token-after-setConfig' };
    client.setConfig({ auth: next });
    await listSessions(client, { query });
    expect(s.requests.map(bearerOf)).toEqual(['token-for-call-options', 'token-after-setConfig']);
    expect(client.getConfig().auth).toBe(next);
  });

  it('getConfig reports the policy’s options as they were given', () => {
    const own = (() => Promise.resolve(new Response())) as unknown as typeof fetch;
    const client = createZoomClient({ auth, timeout: 1234, retry: false, fetch: own });
    const config = client.getConfig();
    expect(config.timeout).toBe(1234);
    expect(config.retry).toBe(false);
    expect(config.fetch).toBe(own);
    expect(config.auth).toBe(auth);
    // The old name is gone, not an alias.
    expect(config).not.toHaveProperty('tokenProvider');
  });

  it('doubleEncodePathParams: applied to the next call, and reported', async () => {
    const s = await serve(ok);
    const client = zoomClient(s.baseUrl);
    const session = { url: '/videosdk/sessions/{sessionId}', path: { sessionId: 'a/b' } };
    await client.get(session);
    client.setConfig({ doubleEncodePathParams: ['sessionId'] });
    await client.get(session);
    expect(s.requests.map((r) => r.url)).toEqual(['/videosdk/sessions/a%2Fb', '/videosdk/sessions/a%252Fb']);
    expect(client.getConfig().doubleEncodePathParams).toEqual(['sessionId']);
  });

  it('a value it cannot use is refused with the option’s name and what to pass, and nothing changes', async () => {
    const s = await serve(ok);
    const client = zoomClient(s.baseUrl, { auth });
    // hey-api's own `auth` (a token string or a callback) means nothing to a Zoom client.
    expect(() => client.setConfig({ auth: 'a-token' as never })).toThrow(
      /auth must have a getToken\(\) method, e\.g\. createZoomAuth/,
    );
    expect(() => client.setConfig({ baseUrl: 'http://127.0.0.1:9', timeout: -1 })).toThrow(RangeError);
    expect(() => client.setConfig({ doubleEncodePathParams: 'sessionId' as never })).toThrow(
      /doubleEncodePathParams must be an array/,
    );
    await listSessions(client, { query });
    expect(s.requests.map(bearerOf)).toEqual(['token-for-call-options']);
  });
});
