// One call per product family through the built packages to a real server: the request that
// arrives is the one the caller asked for, bearer token included, and the JSON comes back typed.
import { createAccountsClient, getAccountSettings } from '@zoom-api/accounts';
import { createMasterAccountClient, getDailyUsageReport } from '@zoom-api/master-account';
import { sendJson, startServer } from '@zoom-api/test-utils';
import { createVideoSdkClient, type ListSessionsResponse, listSessions } from '@zoom-api/videosdk';
import { afterAll, beforeAll, expect, it } from 'vitest';

let server: Awaited<ReturnType<typeof startServer>>;
let issued = 0;
const auth = {
  getToken: async () => `token-${++issued}`,
};

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url.startsWith('/videosdk/sessions')) {
      return sendJson(res, 200, {
        from: '2022-09-01',
        to: '2022-09-02',
        page_size: 30,
        next_page_token: '',
        sessions: [{ id: 'abc==', session_name: 'standup' }],
      });
    }
    if (req.url === '/accounts/me/settings') return sendJson(res, 200, { in_session: { private_chat: true } });
    if (req.url.startsWith('/accounts/sub-1/videosdk/report/daily'))
      return sendJson(res, 200, { year: 2022, month: 9, dates: [] });
    sendJson(res, 404, { code: 404, message: 'not here' });
  });
});
afterAll(() => server.close());

function last() {
  const seen = server.requests.at(-1);
  if (!seen) throw new Error('the server saw no request');
  return seen;
}

it('listSessions sends GET /videosdk/sessions with the query and the bearer token, and returns typed JSON', async () => {
  const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth });
  const { data, response } = await listSessions({
    client,
    query: { from: '2022-09-01', to: '2022-09-02', page_size: 30 },
  });
  const seen = last();
  expect(seen.method).toBe('GET');
  expect(seen.url).toBe('/videosdk/sessions?from=2022-09-01&to=2022-09-02&page_size=30');
  expect(seen.headers.authorization).toBe(`Bearer token-${issued}`);
  expect(response.status).toBe(200);
  const sessions: ListSessionsResponse['sessions'] = data.sessions;
  expect(sessions?.[0]?.session_name).toBe('standup');
});

it('getAccountSettings sends GET /accounts/me/settings with the bearer token', async () => {
  const client = createAccountsClient({ baseUrl: server.baseUrl, auth });
  const { data } = await getAccountSettings({ client, path: { accountId: 'me' } });
  const seen = last();
  expect(seen.method).toBe('GET');
  expect(seen.url).toBe('/accounts/me/settings');
  expect(seen.headers.authorization).toBe(`Bearer token-${issued}`);
  expect(data).toEqual({ in_session: { private_chat: true } });
});

it('master-account getDailyUsageReport sends GET /accounts/{accountId}/videosdk/report/daily', async () => {
  const client = createMasterAccountClient({ baseUrl: server.baseUrl, auth });
  const { data } = await getDailyUsageReport({ client, path: { accountId: 'sub-1' }, query: { year: 2022, month: 9 } });
  expect(last().url).toBe('/accounts/sub-1/videosdk/report/daily?year=2022&month=9');
  expect(data.year).toBe(2022);
});

it('a fresh token is asked for on every request', async () => {
  const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth });
  const before = issued;
  await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
  await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
  expect(issued).toBe(before + 2);
  expect(last().headers.authorization).toBe(`Bearer token-${issued}`);
});
