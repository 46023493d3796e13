// The fake through the real clients, as a consumer's test uses it: default answers and pages, handlers,
// what was sent, failures (status, headers, body, reset, delay, times), the bearer check, the document's
// checks and Zoom's rate limits.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createAccountsClient, getAccountSettings, isVideoSdkAccountSettings } from '@zoom-api/accounts';
import { createZoomAuth, MIN_API_SECRET_LENGTH } from '@zoom-api/auth';
import { paginate, ZoomApiError, ZoomConnectionError, ZoomRateLimitError, ZoomTimeoutError } from '@zoom-api/core';
import {
  createMasterAccountClient,
  getDailyUsageReport as getSubAccountUsage,
} from '@zoom-api/master-account/videosdk';
import { WORKSPACE_ROOT } from '@zoom-api/test-utils';
import {
  createSession,
  createVideoSdkClient,
  deleteSession,
  getSessionDetails,
  listSessions,
  operations,
} from '@zoom-api/videosdk';
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_API_SECRET_LENGTH as FAKE_MIN_SECRET } from '../src/fake-zoom.js';
import {
  createFakeZoom,
  createManualClock,
  type FakeZoom,
  type FakeZoomOptions,
  ZOOM_DOCUMENTS,
} from '../src/index.js';

let zoom: FakeZoom | undefined;
afterEach(async () => {
  await zoom?.close();
  zoom = undefined;
});

async function start(options: FakeZoomOptions = {}) {
  zoom = await createFakeZoom(options);
  const auth = createZoomAuth(zoom.credentials);
  return { zoom, client: createVideoSdkClient({ baseUrl: zoom.baseUrl, auth, retry: false }), auth };
}

const SEPTEMBER = { from: '2022-09-01', to: '2022-09-30' };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call resolved; a rejection was expected');
}

describe('default answers', () => {
  it("answer a list with the document's example, paged by next_page_token", async () => {
    const { client } = await start();
    const first = await listSessions({ client, query: SEPTEMBER });
    expect(first.response.status).toBe(200);
    expect(first.data.next_page_token).toBe('fake-page-2');
    expect(first.data.sessions?.length).toBeGreaterThan(0);
    const all = [];
    for await (const session of paginate(listSessions, { client, query: SEPTEMBER })) all.push(session);
    const second = await listSessions({ client, query: { ...SEPTEMBER, next_page_token: 'fake-page-2' } });
    expect(second.data.next_page_token).toBe('');
    expect(all).toEqual([...(first.data.sessions ?? []), ...(second.data.sessions ?? [])]);
    // The second page has items of its own.
    expect(second.data.sessions?.[0]?.id).not.toBe(first.data.sessions?.[0]?.id);
  });

  it('are the same for the same seed, and differ for another where the document gives no example', async () => {
    const answers = [];
    for (const seed of [7, 7, 8]) {
      const { client } = await start({ seed });
      answers.push((await listSessions({ client, query: { ...SEPTEMBER, next_page_token: 'fake-page-2' } })).data);
      await zoom?.close();
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).not.toEqual(answers[0]);
  });

  it('answer as many pages as asked for', async () => {
    const { client } = await start({ pages: 3 });
    let pages = 0;
    for await (const _page of paginate.pages(listSessions, { client, query: SEPTEMBER })) pages++;
    expect(pages).toBe(3);
  });

  it('answer 204 without a body, and a master-account path from its own document', async () => {
    const { zoom, client } = await start();
    const deleted = await deleteSession({ client, path: { sessionId: 'abc' } });
    expect(deleted.response.status).toBe(204);
    expect(deleted.data).toBeNull();
    const master = createMasterAccountClient({ baseUrl: zoom.baseUrl, auth: createZoomAuth(zoom.credentials) });
    const usage = await getSubAccountUsage({
      client: master,
      path: { accountId: 'sub-1' },
      query: { year: 2022, month: 9 },
    });
    expect(usage.data).toHaveProperty('dates');
  });

  it("answer the account settings as a Video SDK account's (a known overlapping oneOf)", async () => {
    const { zoom } = await start();
    const client = createAccountsClient({ baseUrl: zoom.baseUrl, auth: createZoomAuth(zoom.credentials) });
    const { data } = await getAccountSettings({ client, path: { accountId: 'me' } });
    expect(isVideoSdkAccountSettings(data)).toBe(true);
  });
});

describe('zoom.on', () => {
  it('answers with the handler, which gets the typed, checked request', async () => {
    const { zoom, client } = await start();
    const seen: unknown[] = [];
    zoom.on(listSessions, ({ query }) => {
      seen.push(query);
      return { sessions: [{ id: 'one', session_name: `from ${query.from}` }], next_page_token: '' };
    });
    zoom.on(getSessionDetails, async ({ path }) => ({ id: path.sessionId, session_name: 'mine' }));
    const { data } = await listSessions({ client, query: { ...SEPTEMBER, page_size: 10 } });
    expect(data.sessions).toEqual([{ id: 'one', session_name: 'from 2022-09-01' }]);
    // page_size arrives as the number the document types it as.
    expect(seen).toEqual([{ ...SEPTEMBER, page_size: 10 }]);
    // A session ID with `/` travels double-encoded, and the handler gets it as the caller wrote it.
    const details = await getSessionDetails({ client, path: { sessionId: 'a/b==' } });
    expect(details.data).toEqual({ id: 'a/b==', session_name: 'mine' });
  });

  it('gets the parsed body', async () => {
    const { zoom, client } = await start();
    zoom.on(createSession, ({ body }) => ({ session_id: 'new', session_name: body?.session_name }));
    const { data, response } = await createSession({ client, body: { session_name: 'Standup' } });
    expect(response.status).toBe(201);
    expect(data).toEqual({ session_id: 'new', session_name: 'Standup' });
  });

  it('answers 500 naming the operation when a handler throws', async () => {
    const { zoom, client } = await start();
    zoom.on(getSessionDetails, () => {
      throw new Error('not yet');
    });
    const error = await rejection(getSessionDetails({ client, path: { sessionId: 'x' } }));
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as ZoomApiError).message).toContain('The zoom.on handler of getSessionDetails threw: not yet');
  });

  it('takes an operations-table row or METHOD /path too, and refuses what is no operation', async () => {
    const { zoom, client } = await start();
    const row = operations.find((o) => o.name === 'getSessionDetails');
    zoom.on(row as (typeof operations)[number], () => ({ id: 'by row' }));
    expect((await getSessionDetails({ client, path: { sessionId: 'x' } })).data).toEqual({ id: 'by row' });
    zoom.on('GET /videosdk/sessions/{sessionId}', () => ({ id: 'by path' }));
    expect((await getSessionDetails({ client, path: { sessionId: 'x' } })).data).toEqual({ id: 'by path' });
    expect(() =>
      zoom.on(
        () => Promise.resolve(1),
        () => ({}),
      ),
    ).toThrow(/zoom\.on: an anonymous function is not an operation of Zoom's documents\. Pass a generated function/);
    expect(() => zoom.on('GET /nope', () => ({}))).toThrow(/'GET \/nope' is not an operation .*\(GET \/nope\)/);
  });
});

describe('zoom.calls', () => {
  it('lists what the code under test sent for an operation, with the status it got', async () => {
    const { zoom, client } = await start();
    await listSessions({ client, query: SEPTEMBER });
    await getSessionDetails({ client, path: { sessionId: 's1' } });
    await rejection(listSessions({ client, query: { from: 'yesterday', to: '2022-09-30' } }));
    const calls = zoom.calls(listSessions);
    expect(calls.map((c) => [c.status, c.query.from])).toEqual([
      [200, '2022-09-01'],
      [400, 'yesterday'],
    ]);
    expect(calls[0]?.headers.authorization).toMatch(/^Bearer /);
    expect(zoom.calls().map((c) => c.operation)).toEqual(['listSessions', 'getSessionDetails', 'listSessions']);
    zoom.reset();
    expect(zoom.calls()).toEqual([]);
  });
});

describe('ZOOM_DOCUMENTS', () => {
  it('names every document of the manifest by file, info and canonical hash; each call says which one answered', async () => {
    const manifest = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'specs/manifest.json'), 'utf8')) as {
      specs: { id: string; file: string; title: string; version: string; sha256: string }[];
    };
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...ZOOM_DOCUMENTS].sort(byId)).toEqual(
      manifest.specs.map(({ id, file, title, version, sha256 }) => ({ id, file, title, version, sha256 })).sort(byId),
    );
    const { zoom, client } = await start();
    await listSessions({ client, query: SEPTEMBER });
    await fetch(`${zoom.baseUrl}/no/such/path`);
    expect(zoom.calls().map((c) => c.document)).toEqual(['videosdk', undefined]);
  });
});

describe('zoom.fail', () => {
  it('answers a status with headers and Zoom’s body, `times` times, then normally', async () => {
    const { zoom, client } = await start();
    zoom.fail(getSessionDetails, { status: 429, headers: { 'Retry-After': '1' }, times: 1 });
    const error = await rejection(getSessionDetails({ client, path: { sessionId: 'x' } }));
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect((error as ZoomRateLimitError).retryAfter).toBe(1);
    expect((error as ZoomRateLimitError).code).toBe(429);
    const after = await getSessionDetails({ client, path: { sessionId: 'x' } });
    expect(after.response.status).toBe(200);
  });

  it('is what the client retries through: a 429 then the answer', async () => {
    const { zoom } = await start();
    const client = createVideoSdkClient({ baseUrl: zoom.baseUrl, auth: createZoomAuth(zoom.credentials) });
    zoom.fail(listSessions, { status: 429, headers: { 'Retry-After': '0' }, times: 2 });
    const { response } = await listSessions({ client, query: SEPTEMBER });
    expect(response.status).toBe(200);
    expect(zoom.calls(listSessions).map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('answers a body of its own, and keeps failing without `times`', async () => {
    const { zoom, client } = await start();
    zoom.fail(getSessionDetails, { status: 404, body: { code: 3001, message: 'Session does not exist.' } });
    for (let i = 0; i < 3; i++) {
      const error = (await rejection(getSessionDetails({ client, path: { sessionId: 'x' } }))) as ZoomApiError;
      expect([error.status, error.code, error.message]).toEqual([404, 3001, 'Session does not exist.']);
    }
  });

  it('drops the connection (network: reset)', async () => {
    const { zoom, client } = await start();
    zoom.fail(getSessionDetails, { network: 'reset', times: 1 });
    const error = await rejection(getSessionDetails({ client, path: { sessionId: 'x' } }));
    expect(error).toBeInstanceOf(ZoomConnectionError);
    expect(zoom.calls(getSessionDetails)[0]?.status).toBeUndefined();
  });

  it('delays, on the fake’s clock: the client times out first', async () => {
    const clock = createManualClock();
    const { zoom, client } = await start({ clock });
    zoom.fail(getSessionDetails, { delay: 60_000 });
    const error = await rejection(getSessionDetails({ client, path: { sessionId: 'x' }, timeout: 200 }));
    expect(error).toBeInstanceOf(ZoomTimeoutError);
    expect(clock.sleeping).toBe(1);
  });

  it('refuses a failure it cannot make, naming the field', async () => {
    const { zoom } = await start();
    expect(() => zoom.fail(listSessions, { status: 99 })).toThrow(/zoom\.fail: status must be an HTTP status/);
    expect(() => zoom.fail(listSessions, { times: 0 })).toThrow(/times must be a whole number ≥ 1/);
    expect(() => zoom.fail(listSessions, { status: 500, network: 'reset' })).toThrow(/status or network, not both/);
  });
});

describe('the bearer check', () => {
  async function statusWith(apiKey: string, apiSecret: string) {
    const client = createVideoSdkClient({
      baseUrl: (zoom as FakeZoom).baseUrl,
      auth: createZoomAuth({ apiKey, apiSecret }),
      retry: false,
    });
    return (await rejection(listSessions({ client, query: SEPTEMBER }))) as ZoomApiError;
  }

  it('answers 401 with code 124 for a token of another key or signed with another secret', async () => {
    const { zoom } = await start({ apiKey: 'key-1', apiSecret: 'secret-one-0123456789' });
    for (const error of [
      await statusWith('key-2', 'secret-one-0123456789'),
      await statusWith('key-1', 'secret-two-0123456789'),
    ]) {
      expect([error.status, error.code, error.message]).toEqual([401, 124, 'Invalid access token.']);
    }
    expect(zoom.calls(listSessions).map((c) => c.status)).toEqual([401, 401, 401, 401]);
  });

  it('refuses an API secret that @zoom-api/auth would refuse to sign with, naming the length, never the value', async () => {
    expect(FAKE_MIN_SECRET).toBe(MIN_API_SECRET_LENGTH);
    const short = 's'.repeat(MIN_API_SECRET_LENGTH - 1);
    const refused = (await rejection(createFakeZoom({ apiSecret: short }))) as Error;
    expect(refused).toBeInstanceOf(RangeError);
    expect(refused.message).toBe(
      `createFakeZoom: apiSecret has ${MIN_API_SECRET_LENGTH - 1} characters; give at least ${MIN_API_SECRET_LENGTH}, as ` +
        '@zoom-api/auth requires of the secret a client signs with (createZoomAuth refuses a shorter one), ' +
        "e.g. 'test-api-secret-0123456789', or leave it out and use zoom.credentials.",
    );
    expect(refused.message).not.toContain(short);
    // The shortest secret auth takes, the fake takes too, and the two agree on the bearer.
    const { client } = await start({ apiSecret: 's'.repeat(MIN_API_SECRET_LENGTH) });
    expect((await listSessions({ client, query: SEPTEMBER })).response.status).toBe(200);
  });

  it('answers 401 with code 124 without a bearer', async () => {
    const { zoom } = await start();
    const response = await fetch(`${zoom.baseUrl}/videosdk/sessions?from=2022-09-01&to=2022-09-02`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 124, message: 'Invalid access token.' });
  });

  it('answers 401 with code 124 for an expired token', async () => {
    const clock = createManualClock();
    const { zoom } = await start({ clock });
    await clock.advance(2 * 3_600_000);
    const error = await statusWith(zoom.credentials.apiKey, zoom.credentials.apiSecret);
    expect([error.status, error.code, error.message]).toEqual([401, 124, 'Access token is expired.']);
  });
});

describe("the document's checks", () => {
  it("answers Zoom's 400 with code 300, naming the field", async () => {
    const { zoom, client } = await start();
    const error = (await rejection(listSessions({ client, query: { from: '2022-09-01' } as never }))) as ZoomApiError;
    expect([error.status, error.code]).toEqual([400, 300]);
    expect(error.body).toEqual({
      code: 300,
      message: 'Validation Failed.',
      errors: [{ field: 'query.to', message: 'is required' }],
    });
    const body = (await rejection(createSession({ client, body: { session_name: 42 } as never }))) as ZoomApiError;
    expect(body.body).toMatchObject({ errors: [{ field: 'body.session_name', message: 'must be string' }] });
    expect(zoom.calls(createSession)[0]?.status).toBe(400);
  });

  it('answers 404 for a path no document has, and 405 for a method its path does not take', async () => {
    const { zoom, auth } = await start();
    const headers = { authorization: `Bearer ${await auth.getToken()}` };
    const missing = await fetch(`${zoom.baseUrl}/videosdk/nothing`, { headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 404 });
    const wrongMethod = await fetch(`${zoom.baseUrl}/videosdk/sessions`, { method: 'PUT', headers });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
    expect((await fetch(zoom.baseUrl.replace(/\/v2$/, '/videosdk/sessions'), { headers })).status).toBe(404);
  });

  it('refuses a body that is not JSON', async () => {
    const { zoom, auth } = await start();
    const response = await fetch(`${zoom.baseUrl}/videosdk/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await auth.getToken()}`, 'content-type': 'application/json' },
      body: '{"session_name":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 300, errors: [{ field: 'body' }] });
  });
});

describe('rate limits (opt-in)', () => {
  // A LIGHT operation that needs no arguments.
  const light = operations.find(
    (o) => o.rateLimit.category === 'LIGHT' && o.method === 'GET' && o.parameters.every((p) => !p.required),
  );
  const lightPath = () => (light as (typeof operations)[number]).path;

  // A limit given as undefined keeps the plan's, as one left out does.
  it.each([
    ['as the plan has it', { plan: 'free' }],
    ['also with LIGHT.perSecond given as undefined', { plan: 'free', limits: { LIGHT: { perSecond: undefined } } }],
  ] as const)("answer 429 with Zoom's headers past the plan's per-second limit, %s", async (_, rateLimit) => {
    expect(light?.name).toBeDefined();
    const clock = createManualClock();
    const { zoom, client } = await start({ rateLimit, clock });
    const call = async () => ((await client.get({ url: lightPath() })) as { response: Response }).response.status;
    for (let i = 0; i < 4; i++) expect(await call()).toBe(200);
    const error = (await rejection(call())) as ZoomRateLimitError;
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect([error.status, error.code]).toEqual([429, 429]);
    const headers = error.response.headers;
    expect([
      ...['x-ratelimit-category', 'x-ratelimit-type', 'x-ratelimit-limit', 'retry-after'].map((h) => headers.get(h)),
    ]).toEqual(['Light', 'QPS', '4', '1']);
    // Zoom's window slides: a second after the first call there is room again.
    await clock.advance(999);
    expect(await rejection(call())).toBeInstanceOf(ZoomRateLimitError);
    await clock.advance(1);
    expect(await call()).toBe(200);
    expect(zoom.calls().map((c) => c.status)).toEqual([200, 200, 200, 200, 429, 429, 200]);
  });

  it('are off by default', async () => {
    const { client } = await start();
    const statuses = await Promise.all(
      Array.from(
        { length: 40 },
        async () => ((await client.get({ url: lightPath() })) as { response: Response }).response.status,
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
  });

  it('refuse an unknown plan', async () => {
    await expect(createFakeZoom({ rateLimit: { plan: 'gold' as 'pro' } })).rejects.toThrow(
      /rateLimit\.plan must be one of free, pro, business; got gold/,
    );
  });
});

describe('close()', () => {
  it('drops keep-alive connections and waiting answers, and refuses connections afterwards', async () => {
    const clock = createManualClock();
    const { zoom, client } = await start({ clock });
    await listSessions({ client, query: SEPTEMBER });
    zoom.fail(getSessionDetails, { delay: 10_000 });
    const waiting = rejection(getSessionDetails({ client, path: { sessionId: 'x' } }));
    while (clock.sleeping === 0) await new Promise((resolve) => setImmediate(resolve));
    await zoom.close();
    expect(await waiting).toBeInstanceOf(ZoomConnectionError);
    expect(await rejection(fetch(zoom.baseUrl))).toBeInstanceOf(TypeError);
  });
});
