// What the server sees on the request line for path parameters and query names, and that a missing or
// unsafe path parameter stops the call before anything is sent.
import { createAccountsClient, getMeetingDetails } from '@zoom-api/accounts';
import { createMasterAccountClient, getDailyUsageReport } from '@zoom-api/master-account';
import { json, scriptedServer, type TestServer } from '@zoom-api/test-utils';
import {
  createVideoSdkClient,
  getSessionDetails,
  getStorageLocationDetail,
  listSessions,
  updateSessionStatus,
} from '@zoom-api/videosdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const auth = { getToken: async () => 'token-for-path-tests' };
let server: TestServer;
let client: ReturnType<typeof createVideoSdkClient>;

beforeAll(async () => {
  server = await scriptedServer(json(200, {}));
  client = createVideoSdkClient({ baseUrl: server.baseUrl, auth });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const lastLine = () => server.requests.at(-1)?.url;

describe('percent-encoding on the request line', () => {
  it('a session ID containing "/" is double-encoded, as Zoom requires', async () => {
    await getSessionDetails({ client, path: { sessionId: 'oYQwb5s/Ty+MHomQZlBFaw==' } });
    expect(lastLine()).toBe('/videosdk/sessions/oYQwb5s%252FTy%252BMHomQZlBFaw%253D%253D');
  });

  it('a session ID without "/" is encoded once', async () => {
    await getSessionDetails({ client, path: { sessionId: 'Ty+MHomQZlBFaw==' } });
    expect(lastLine()).toBe('/videosdk/sessions/Ty%2BMHomQZlBFaw%3D%3D');
  });

  it('a space is %20', async () => {
    await getSessionDetails({ client, path: { sessionId: 'a b' } });
    expect(lastLine()).toBe('/videosdk/sessions/a%20b');
  });

  it('"../x" stays inside its segment: ..%2Fx (and ..%252Fx where Zoom asks for double encoding)', async () => {
    await getStorageLocationDetail({ client, path: { storageLocationId: '../x' } });
    expect(lastLine()).toBe('/videosdk/settings/storage/location/..%2Fx');
    await getSessionDetails({ client, path: { sessionId: '../x' } });
    expect(lastLine()).toBe('/videosdk/sessions/..%252Fx');
  });

  it('"?", "#" and "%" cannot start a query, a fragment or an escape', async () => {
    await getStorageLocationDetail({ client, path: { storageLocationId: 'a?b#c%2F' } });
    expect(lastLine()).toBe('/videosdk/settings/storage/location/a%3Fb%23c%252F');
  });

  it('the same on a PUT with a body, and the body is untouched', async () => {
    await updateSessionStatus({ client, path: { sessionId: 'x/y' }, body: { action: 'end' } });
    expect(lastLine()).toBe('/videosdk/sessions/x%252Fy/status');
    expect(server.requests.at(-1)?.body).toBe('{"action":"end"}');
  });

  it('Accounts double-encodes meetingId (derived from its spec), master-account passes plain IDs through', async () => {
    const accounts = createAccountsClient({ baseUrl: server.baseUrl, auth });
    await getMeetingDetails({ client: accounts, path: { meetingId: 'ab/c==' } });
    expect(lastLine()).toBe('/metrics/meetings/ab%252Fc%253D%253D');
    const master = createMasterAccountClient({ baseUrl: server.baseUrl, auth });
    await getDailyUsageReport({ client: master, path: { accountId: 'sub 1' }, query: { year: 2022, month: 9 } });
    expect(lastLine()).toBe('/accounts/sub%201/videosdk/report/daily?year=2022&month=9');
  });
});

// Fault injection: hey-api encodes query values but not names, so a name carrying & or = became more
// parameters than the caller wrote.
describe('query names are percent-encoded like values', () => {
  const query = { from: '2025-01-01', to: '2025-01-02' };
  const params = () => new URL(lastLine() ?? '', 'http://x').searchParams;

  it("{ 'extra&k=v': 'z' } is one parameter, not two", async () => {
    await listSessions({ client, query: { ...query, 'extra&k=v': 'z' } as typeof query });
    expect(lastLine()).toBe('/videosdk/sessions?from=2025-01-01&to=2025-01-02&extra%26k%3Dv=z');
    expect([...params().keys()]).toEqual(['from', 'to', 'extra&k=v']);
    expect(params().get('extra&k=v')).toBe('z');
  });

  it('names of arrays, of objects (deepObject) and their keys too; plain names are unchanged', async () => {
    await client.get({
      url: '/videosdk/sessions',
      query: { 'a b': ['1', '2'], filter: { 'x#y': 'z', plain: 'p' }, 'q?': 'v&w', next_page_token: 't' },
    });
    expect(lastLine()).toBe(
      '/videosdk/sessions?a%20b=1&a%20b=2&filter[x%23y]=z&filter[plain]=p&q%3F=v%26w&next_page_token=t',
    );
  });

  it('with query serializer options of the caller (per call and on the client), names are still encoded', async () => {
    const options = { array: { explode: false, style: 'form' as const } };
    await client.get({ url: '/videosdk/sessions', query: { 'ids&x': ['1', '2'] }, querySerializer: options });
    expect(lastLine()).toBe('/videosdk/sessions?ids%26x=1,2');
    const configured = createVideoSdkClient({ baseUrl: server.baseUrl, auth });
    configured.setConfig({ querySerializer: { parameters: { 'ids&x': { array: { explode: false } } } } });
    await configured.get({ url: '/videosdk/sessions', query: { 'ids&x': ['1', '2'] } });
    expect(lastLine()).toBe('/videosdk/sessions?ids%26x=1,2');
  });

  it('a query serializer function of the caller is used as it is', async () => {
    await client.get({ url: '/videosdk/sessions', query: { a: '1' }, querySerializer: () => 'raw&as=given' });
    expect(lastLine()).toBe('/videosdk/sessions?raw&as=given');
  });
});

describe('refused before any request', () => {
  it.each([
    ['missing', {}],
    ['undefined', { sessionId: undefined }],
    ['null', { sessionId: null }],
    ['empty', { sessionId: '' }],
  ])('a %s required path parameter throws a TypeError naming it', async (_case, path) => {
    const call = getSessionDetails({ client, path: path as { sessionId: string } });
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(/path parameter "sessionId" is required/);
    expect(server.requests).toHaveLength(0);
  });

  it.each(['.', '..'])('"%s" would change the path, so it is refused', async (value) => {
    await expect(getStorageLocationDetail({ client, path: { storageLocationId: value } })).rejects.toThrow(
      /path parameter "storageLocationId" cannot be/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('also with throwOnError: false, and through client.get directly', async () => {
    await expect(getSessionDetails({ client, path: {} as { sessionId: string }, throwOnError: false })).rejects.toThrow(
      TypeError,
    );
    await expect(client.get({ url: '/videosdk/sessions/{sessionId}', path: {} })).rejects.toThrow(/"sessionId"/);
    expect(server.requests).toHaveLength(0);
  });
});
