// What the server sees on the request line for path parameters, and that a missing or unsafe one
// stops the call before anything is sent.
import { createAccountsClient, getMeetingDetails } from '@zoom-api/accounts';
import { createMasterAccountClient, getDailyUsageReport } from '@zoom-api/master-account';
import { json, scriptedServer, type TestServer } from '@zoom-api/test-utils';
import {
  createVideoSdkClient,
  getSessionDetails,
  getStorageLocationDetail,
  updateSessionStatus,
} from '@zoom-api/videosdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auth } from './support.js';

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
