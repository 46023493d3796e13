// One call per product family through the built packages to the fake Zoom (@zoom-api/testing): the request
// that arrives is the one the caller asked for, bearer token included, and the JSON comes back typed.
import { createAccountsClient, getAccountSettings } from '@zoom-api/accounts';
import { createZoomAuth } from '@zoom-api/auth';
import type { TokenProvider } from '@zoom-api/core';
import { createMasterAccountClient, getDailyUsageReport } from '@zoom-api/master-account';
import { createFakeZoom, type FakeZoom } from '@zoom-api/testing';
import { createVideoSdkClient, type ListSessionsResponse, listSessions } from '@zoom-api/videosdk';
import { afterAll, beforeAll, expect, it } from 'vitest';

let zoom: FakeZoom;
let auth: TokenProvider;
let issued = 0;
let lastToken = '';

beforeAll(async () => {
  zoom = await createFakeZoom();
  const minted = createZoomAuth(zoom.credentials);
  // Counts the tokens the clients ask for, and remembers the last one.
  auth = {
    getToken: async () => {
      issued++;
      lastToken = await minted.getToken();
      return lastToken;
    },
    invalidate: (rejected) => minted.invalidate(rejected),
  };
  zoom.on(listSessions, () => ({
    from: '2022-09-01',
    to: '2022-09-02',
    page_size: 30,
    next_page_token: '',
    sessions: [{ id: 'abc==', session_name: 'standup' }],
  }));
  zoom.on(getAccountSettings, () => ({ in_session: { private_chat: true } }));
  zoom.on(getDailyUsageReport, () => ({ year: 2022, month: 9, dates: [] }));
});
afterAll(() => zoom?.close());

function last() {
  const seen = zoom.calls().at(-1);
  if (!seen) throw new Error('the fake saw no request');
  return seen;
}

it('listSessions sends GET /videosdk/sessions with the query and the bearer token, and returns typed JSON', async () => {
  const client = createVideoSdkClient({ baseUrl: zoom.baseUrl, auth });
  const { data, response } = await listSessions({
    client,
    query: { from: '2022-09-01', to: '2022-09-02', page_size: 30 },
  });
  const seen = last();
  expect(seen.method).toBe('GET');
  expect(seen.url).toBe('/v2/videosdk/sessions?from=2022-09-01&to=2022-09-02&page_size=30');
  expect(seen.headers.authorization).toBe(`Bearer ${lastToken}`);
  expect(response.status).toBe(200);
  const sessions: ListSessionsResponse['sessions'] = data.sessions;
  expect(sessions?.[0]?.session_name).toBe('standup');
});

it('getAccountSettings sends GET /accounts/me/settings with the bearer token', async () => {
  const client = createAccountsClient({ baseUrl: zoom.baseUrl, auth });
  const { data } = await getAccountSettings({ client, path: { accountId: 'me' } });
  const seen = last();
  expect(seen.method).toBe('GET');
  expect(seen.url).toBe('/v2/accounts/me/settings');
  expect(seen.headers.authorization).toBe(`Bearer ${lastToken}`);
  expect(data).toEqual({ in_session: { private_chat: true } });
});

it('master-account getDailyUsageReport sends GET /accounts/{accountId}/videosdk/report/daily', async () => {
  const client = createMasterAccountClient({ baseUrl: zoom.baseUrl, auth });
  const { data } = await getDailyUsageReport({ client, path: { accountId: 'sub-1' }, query: { year: 2022, month: 9 } });
  expect(last().url).toBe('/v2/accounts/sub-1/videosdk/report/daily?year=2022&month=9');
  expect(zoom.calls(getDailyUsageReport).map((c) => c.query)).toEqual([{ year: 2022, month: 9 }]);
  expect(data.year).toBe(2022);
});

it('a fresh token is asked for on every request', async () => {
  const client = createVideoSdkClient({ baseUrl: zoom.baseUrl, auth });
  const before = issued;
  await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
  await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
  expect(issued).toBe(before + 2);
  expect(last().headers.authorization).toBe(`Bearer ${lastToken}`);
  expect(zoom.calls().every((call) => call.status === 200)).toBe(true);
});
