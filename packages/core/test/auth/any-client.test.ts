// @zoom-api/auth's bearer handling outside our generated clients: zoomAuthInterceptor on a plain hey-api
// fetch client (the runtime core generates, used directly, without our request policy) and zoomAuthFetch
// as that client's `fetch` or called like fetch. Against a local server that answers 401 once.
import { createZoomAuth, zoomAuthFetch, zoomAuthInterceptor } from '@zoom-api/auth';
import { bearerOf, json, scriptedServerPerTest } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/generated/client/index.js';

const serve = scriptedServerPerTest();

function countingAuth() {
  const mints = { count: 0 };
  const auth = createZoomAuth({
    apiKey: 'other-repo-key',
    apiSecret: 'other-repo-secret',
    onMint: () => mints.count++,
  });
  return { auth, mints };
}

describe('zoomAuthInterceptor', () => {
  it('sets the bearer header on a hey-api client, one mint for concurrent calls', async () => {
    const server = await serve(json(200, { ok: true }));
    const { auth, mints } = countingAuth();
    const client = createClient({ baseUrl: server.baseUrl });
    client.interceptors.request.use(zoomAuthInterceptor(auth));

    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => client.get({ url: `/things/${n}` })));
    expect(results.map((r) => r.response?.status)).toEqual([200, 200, 200, 200, 200]);
    expect(mints.count).toBe(1);
    const token = await auth.getToken();
    expect(server.requests.map(bearerOf)).toEqual([token, token, token, token, token]);
  });

  it('refuses an auth without getToken()', () => {
    expect(() => zoomAuthInterceptor({} as never)).toThrow(/zoomAuthInterceptor\(\) needs an auth with getToken\(\)/);
  });
});

describe('zoomAuthFetch', () => {
  it("as a hey-api client's fetch: a 401 re-mints once and replays the body", async () => {
    const server = await serve(json(401, { code: 124, message: 'Invalid access token.' }), json(201, { id: 'x' }));
    const { auth, mints } = countingAuth();
    const client = createClient({ baseUrl: server.baseUrl, fetch: zoomAuthFetch(auth) });
    const { data, response } = await client.post({ url: '/things', body: { name: 'a thing' } });
    expect(response?.status).toBe(201);
    expect(data).toEqual({ id: 'x' });
    expect(mints.count).toBe(2);
    const [first, second] = server.requests.map((r) => ({ ...r, bearer: bearerOf(r) }));
    expect(first?.bearer).not.toBe(second?.bearer);
    expect(second?.bearer).toBe(await auth.getToken());
    expect([first?.body, second?.body]).toEqual(['{"name":"a thing"}', '{"name":"a thing"}']);
    expect([first?.method, second?.method]).toEqual(['POST', 'POST']);
  });

  it('called like fetch: a second 401 is returned as it is, after exactly two requests', async () => {
    const server = await serve(json(401, { code: 124, message: 'Invalid access token.' }));
    const { auth, mints } = countingAuth();
    const authedFetch = zoomAuthFetch(auth);
    const response = await authedFetch(`${server.baseUrl}/me`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 124, message: 'Invalid access token.' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers.accept).toBe('application/json');
    expect(mints.count).toBe(2);
  });

  it('wraps a given fetch, and shares one mint among concurrent calls', async () => {
    const server = await serve(json(200, { ok: true }));
    const { auth, mints } = countingAuth();
    const seen: string[] = [];
    const inner = (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push(request.url);
      return fetch(request);
    };
    const authedFetch = zoomAuthFetch(auth, inner);
    const statuses = await Promise.all(
      [1, 2, 3].map((n) => authedFetch(`${server.baseUrl}/n/${n}`).then((r) => r.status)),
    );
    expect(statuses).toEqual([200, 200, 200]);
    expect(seen).toHaveLength(3);
    expect(mints.count).toBe(1);
    expect(new Set(server.requests.map(bearerOf)).size).toBe(1);
  });

  it('refuses a fetch that is not a function', () => {
    const { auth } = countingAuth();
    expect(() => zoomAuthFetch(auth, 'fetch' as never)).toThrow(TypeError);
  });
});
