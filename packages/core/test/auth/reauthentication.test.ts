// The HTTP side of auth, with the real createZoomAuth through core's own client: a bearer token on every
// attempt, one re-authentication after a 401, one mint for a burst of cold requests.
import { createZoomAuth } from '@zoom-api/auth';
import { bearerOf, json, jwtClaims, scriptedServerPerTest } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { createZoomClient } from '../../src/client.js';
import { ZoomApiError } from '../../src/errors/classes.js';
import { createSession, listSessions, QUERY as query } from '../helpers.js';

const API_KEY = 'policy-test-key';
const API_SECRET = 'policy-test-secret-9c1d';
const unauthorized = json(401, { code: 124, message: 'Invalid access token.' });
const ok = json(200, { sessions: [] });

/** A clock that stands still unless moved: two mints in "the same second" are the hard case. */
function frozenClock() {
  const ms = Date.UTC(2025, 0, 15, 12, 0, 0);
  return () => ms;
}

function authWithCounter() {
  const mints: Array<{ iat: number; exp: number }> = [];
  const auth = createZoomAuth({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    now: frozenClock(),
    onMint: (info) => mints.push(info),
  });
  return { auth, mints };
}

/** The token's claims, after checking it is signed with API_SECRET. */
const verified = (token: string | undefined) => jwtClaims(token, API_SECRET);

const serve = scriptedServerPerTest();

describe('401: invalidate, mint again, repeat once', () => {
  it('401 once then 200: exactly two requests, the second with a new, valid token', async () => {
    const s = await serve(unauthorized, ok);
    const { auth, mints } = authWithCounter();
    const client = createZoomClient({ baseUrl: s.baseUrl, auth });
    const { response } = await listSessions(client, { query });
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(2);
    const [first, second] = s.requests.map(bearerOf);
    expect(second).not.toBe(first);
    expect(verified(first).iss).toBe(API_KEY);
    expect(verified(second).iat).toBeGreaterThan(verified(first).iat);
    expect(mints).toHaveLength(2);
  });

  it('401 always: exactly two requests, then the 401 as ZoomApiError', async () => {
    const s = await serve(unauthorized);
    const { auth, mints } = authWithCounter();
    const client = createZoomClient({ baseUrl: s.baseUrl, auth });
    const error = await listSessions(client, { query }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as ZoomApiError).status).toBe(401);
    expect((error as ZoomApiError).code).toBe(124);
    expect(s.requests).toHaveLength(2);
    expect(mints).toHaveLength(2);
  });

  it('a POST with a JSON body is repeated with the same body', async () => {
    const s = await serve(unauthorized, json(201, { session_id: 'created' }));
    const { auth } = authWithCounter();
    const client = createZoomClient({ baseUrl: s.baseUrl, auth });
    const body = { session_name: 'standup', session_password: 'p4ss', settings: { auto_recording: 'cloud' as const } };
    const { data } = await createSession(client, body);
    expect(data).toEqual({ session_id: 'created' });
    expect(s.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(JSON.parse(s.requests[0]?.body ?? '')).toEqual(body);
    expect(s.requests[1]?.body).toBe(s.requests[0]?.body);
    expect(s.requests[1]?.headers['content-type']).toBe('application/json');
    expect(bearerOf(s.requests[1] as never)).not.toBe(bearerOf(s.requests[0] as never));
  });

  it('the 401 repeat is not a retry: it happens with retry: false too, and does not use up maxRetries', async () => {
    const s = await serve(unauthorized, json(503, {}), ok);
    const { auth } = authWithCounter();
    const client = createZoomClient({ baseUrl: s.baseUrl, auth, retry: { maxRetries: 1, baseDelay: 5 } });
    await listSessions(client, { query });
    expect(s.requests).toHaveLength(3);
    const single = await serve(unauthorized, ok);
    await listSessions(createZoomClient({ baseUrl: single.baseUrl, auth, retry: false }), { query });
    expect(single.requests).toHaveLength(2);
  });

  // Fault injection: the second 401 of a call was thrown without dropping its token, so the next call
  // opened with that same refused token (999 of 2,000 requests against an always-401 server).
  it('a server that always says 401: in 200 calls no request carries a token that already got a 401', async () => {
    const s = await serve(unauthorized);
    const { auth } = authWithCounter();
    const client = createZoomClient({ baseUrl: s.baseUrl, auth });
    for (let call = 0; call < 200; call++) {
      const error = await listSessions(client, { query }).catch((e: unknown) => e);
      expect((error as ZoomApiError).status).toBe(401);
    }
    expect(s.requests).toHaveLength(400);
    const refused = new Set<string>();
    const resent = s.requests
      .map(bearerOf)
      .filter((token) => refused.has(token as string) || !refused.add(token as string));
    expect(resent).toEqual([]);
    for (const token of refused) expect(verified(token).iss).toBe(API_KEY);
  });

  it('a provider whose invalidate() gives back the refused token: it is not sent again, the 401 is thrown', async () => {
    const s = await serve(unauthorized, ok);
    const invalidated: Array<string | undefined> = [];
    const stubborn = { getToken: async () => 'the-only-token', invalidate: (t?: string) => void invalidated.push(t) };
    const client = createZoomClient({ baseUrl: s.baseUrl, auth: stubborn });
    const error = await listSessions(client, { query }).catch((e: unknown) => e);
    expect((error as ZoomApiError).status).toBe(401);
    expect(s.requests).toHaveLength(1);
    expect(invalidated).toEqual(['the-only-token']);
  });

  it('ten concurrent calls rejected with the same stale token share one new mint', async () => {
    let stale: string | undefined;
    const s = await serve((req, res) => {
      stale ??= bearerOf(req);
      (bearerOf(req) === stale ? unauthorized : ok)(req, res, undefined as never);
    });
    const { auth, mints } = authWithCounter();
    const client = createZoomClient({ baseUrl: s.baseUrl, auth });
    await Promise.all(Array.from({ length: 10 }, () => listSessions(client, { query })));
    expect(s.requests).toHaveLength(20);
    expect(mints).toHaveLength(2);
  });
});

describe('one mint for a burst', () => {
  it('1,000 concurrent requests through a client with a cold createZoomAuth: one mint, one token', async () => {
    const s = await serve(ok);
    const { auth, mints } = authWithCounter();
    const client = createZoomClient({ baseUrl: s.baseUrl, auth });
    const results = await Promise.all(Array.from({ length: 1000 }, () => listSessions(client, { query })));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(mints).toHaveLength(1);
    expect(s.requests).toHaveLength(1000);
    const tokens = new Set(s.requests.map(bearerOf));
    expect(tokens.size).toBe(1);
    expect(verified([...tokens][0]).iss).toBe(API_KEY);
  }, 60_000);
});

describe('auth: a token provider is asked on every attempt', () => {
  it('each retry attempt asks getToken() again', async () => {
    const s = await serve(json(503, {}), json(503, {}), ok);
    let asked = 0;
    const client = createZoomClient({
      baseUrl: s.baseUrl,
      auth: { getToken: async () => `t${++asked}` },
      retry: { baseDelay: 5 },
    });
    await listSessions(client, { query });
    expect(s.requests.map(bearerOf)).toEqual(['t1', 't2', 't3']);
  });

  it('an auth without getToken is refused when the client is created', () => {
    expect(() => createZoomClient({ auth: {} as never })).toThrow(/auth must have a getToken\(\) method/);
  });
});
