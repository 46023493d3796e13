// What a failed call gives the caller: typed errors carrying Zoom's facts, readable without a JSON
// body, returned instead of thrown on request, and never showing the bearer token.
import { inspect } from 'node:util';
import { type Handler, json, reset, scriptedServer, type TestServer, text } from '@zoom-api/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ZoomApiError, ZoomError, ZoomRateLimitError, ZoomResponseError } from '../../src/errors/classes.js';
import { createSession, deleteSession, getSessionDetails, listSessions, SESSIONS, zoomClient } from '../helpers.js';

// Distinctive, so a substring search cannot match by accident.
const TOKEN = 'eyJ-bearer-token-that-must-never-be-printed-4f2a';
const auth = { getToken: async () => TOKEN };
const query = { from: '2025-01-01', to: '2025-01-02', page_size: 10 };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(...steps: Handler[]) {
  server = await scriptedServer(...steps);
  return { s: server, client: zoomClient(server.baseUrl, { auth, retry: false }) };
}

function expectNoToken(value: unknown) {
  expect(inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(TOKEN);
  expect(inspect(value, { depth: Number.POSITIVE_INFINITY })).not.toContain(TOKEN);
  expect(String(value)).not.toContain(TOKEN);
  expect(JSON.stringify(value) ?? '').not.toContain(TOKEN);
}

describe('ZoomApiError', () => {
  it('carries status, Zoom’s code and message, method, url without query, tracking ID and rate-limit headers', async () => {
    const { s, client } = await clientFor(
      json(
        404,
        { code: 3001, message: 'Session does not exist.' },
        {
          'x-zm-trackingid': 'v=2.0;clid=us06;rid=WEB_abc123',
          'X-RateLimit-Category': 'Light',
          'X-RateLimit-Type': 'QPS',
          'X-RateLimit-Limit': '80',
          'X-RateLimit-Remaining': '79',
        },
      ),
    );
    const error = await getSessionDetails(client, 'gone', { query: { type: 'past' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toBeInstanceOf(ZoomError);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ZoomRateLimitError);
    const apiError = error as ZoomApiError;
    expect(apiError.name).toBe('ZoomApiError');
    expect(apiError.status).toBe(404);
    expect(apiError.code).toBe(3001);
    expect(apiError.message).toBe('Session does not exist.');
    expect(apiError.method).toBe('GET');
    expect(apiError.url).toBe(`${s.baseUrl}/videosdk/sessions/gone`);
    expect(s.requests[0]?.url).toBe('/videosdk/sessions/gone?type=past');
    expect(apiError.trackingId).toBe('v=2.0;clid=us06;rid=WEB_abc123');
    expect(apiError.rateLimit).toEqual({
      // Zoom's label, as in the operations tables and ZoomRateLimitError#category; the header says 'Light'.
      category: 'LIGHT',
      type: 'QPS',
      limit: 80,
      remaining: 79,
      retryAfter: undefined,
      retryAt: undefined,
    });
    expect(apiError.response.status).toBe(404);
    expect(apiError.body).toEqual({ code: 3001, message: 'Session does not exist.' });
    expect(String(apiError)).toBe('ZoomApiError: Session does not exist.');
  });

  it('a 429 is a ZoomRateLimitError with Retry-After parsed', async () => {
    const { client } = await clientFor(
      json(429, { code: 429, message: 'Too many requests.' }, { 'Retry-After': '7', 'X-RateLimit-Type': 'QPS' }),
    );
    const error = (await listSessions(client, { query }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect(error.name).toBe('ZoomRateLimitError');
    expect(error.retryAfter).toBe(7);
    expect(error.rateLimit.retryAfter).toBe(7);
    expect(error.rateLimit.type).toBe('QPS');
  });

  it('one spelling of the category: Zoom’s label on rateLimit.category and category alike', async () => {
    const { client } = await clientFor(
      json(429, { code: 429, message: 'Too many requests.' }, { 'X-RateLimit-Category': 'Resource-intensive' }),
    );
    const error = (await listSessions(client, { query }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect([error.category, error.rateLimit.category]).toEqual(['RESOURCE-INTENSIVE', 'RESOURCE-INTENSIVE']);
    expect(error.response.headers.get('x-ratelimit-category')).toBe('Resource-intensive');
  });

  it('JSON.stringify shows name, message, status, code and trackingId, and no secret', async () => {
    const { client } = await clientFor(
      json(
        400,
        { code: 300, message: `Invalid token ${TOKEN}` },
        { 'x-zm-trackingid': `rid=abc;echo=${TOKEN}`, 'X-RateLimit-Category': 'Heavy' },
      ),
    );
    const error = (await listSessions(client, { query }).catch((e: unknown) => e)) as ZoomApiError;
    const shown = JSON.parse(JSON.stringify(error));
    expect(shown).toMatchObject({
      name: 'ZoomApiError',
      message: 'Invalid token [redacted]',
      status: 400,
      code: 300,
      trackingId: 'rid=abc;echo=[redacted]',
      method: 'GET',
      url: `${server?.baseUrl}/videosdk/sessions`,
      rateLimit: { category: 'HEAVY' },
    });
    expect(Object.keys(shown).slice(0, 2)).toEqual(['name', 'message']);
    expect(shown).not.toHaveProperty('response');
    expect(shown).not.toHaveProperty('body');
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('JSON.stringify of an error without a status keeps its name and message', async () => {
    const { client } = await clientFor(reset);
    const error = await listSessions(client, { query }).catch((e: unknown) => e);
    const shown = JSON.parse(JSON.stringify(error));
    expect(shown.name).toBe('ZoomConnectionError');
    expect(shown.message).toMatch(/failed to connect/);
    expect(shown).not.toHaveProperty('cause');
  });

  it('an HTML 502 from a proxy still reads well', async () => {
    const page =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';
    const { client } = await clientFor(text(502, page, { 'content-type': 'text/html' }));
    const error = (await createSession(client, { session_name: 'x' }).catch((e: unknown) => e)) as ZoomApiError;
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.message).toBe('HTTP 502 Bad Gateway: 502 Bad Gateway');
    expect(error.body).toBe(page);
  });

  it('an empty error body gives the status line', async () => {
    const { client } = await clientFor(text(503, ''));
    const error = (await listSessions(client, { query }).catch((e: unknown) => e)) as ZoomApiError;
    expect(error.message).toBe('HTTP 503 Service Unavailable');
  });

  it('a JSON body without a message keeps Zoom’s code and says the status', async () => {
    const { client } = await clientFor(json(400, { code: 300 }));
    const error = (await listSessions(client, { query }).catch((e: unknown) => e)) as ZoomApiError;
    expect(error.code).toBe(300);
    expect(error.message).toBe('HTTP 400 Bad Request');
  });
});

describe('throwOnError: false', () => {
  it('returns { data: undefined, error } with the ZoomApiError instead of throwing', async () => {
    const { client } = await clientFor(json(404, { code: 3001, message: 'Session does not exist.' }));
    const result = await client.get({
      url: `${SESSIONS}/{sessionId}`,
      path: { sessionId: 'gone' },
      throwOnError: false,
    });
    expect(result.data).toBeUndefined();
    expect(result.error).toBeInstanceOf(ZoomApiError);
    expect((result.error as unknown as ZoomApiError).code).toBe(3001);
    expect(result.response?.status).toBe(404);
  });

  it('returns a connection failure as error too', async () => {
    const { client } = await clientFor(reset);
    const result = await client.post({ url: SESSIONS, body: { session_name: 'x' }, throwOnError: false });
    expect((result.error as unknown as Error).name).toBe('ZoomConnectionError');
  });

  it('hands back only ZoomErrors: an abort still rejects, as the ZoomRequestError type of `error` says', async () => {
    const { client } = await clientFor(json(200, { sessions: [] }));
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    const call = client.get({ url: SESSIONS, query, throwOnError: false, signal: controller.signal });
    await expect(call).rejects.toThrow('caller gave up');
  });

  it('a body that is not JSON on a success is a ZoomResponseError in `error`, not a bare SyntaxError', async () => {
    const { client } = await clientFor(text(200, '{"sessions": [', { 'content-type': 'application/json' }));
    const result = await client.get({ url: SESSIONS, query, throwOnError: false });
    expect(result.error).toBeInstanceOf(ZoomResponseError);
    expect(result.error?.cause).toBeInstanceOf(SyntaxError);
  });

  it('a success still resolves to { data, response }', async () => {
    const { client } = await clientFor(json(200, { sessions: [{ id: 'a' }] }));
    const result = await client.get({ url: SESSIONS, query, throwOnError: false });
    expect(result.error).toBeUndefined();
    expect((result.data as { sessions?: unknown } | undefined)?.sessions).toEqual([{ id: 'a' }]);
  });
});

describe('an empty response', () => {
  it('a 204 resolves to data: null (typed null, not void, in the products: tests/core/types-check.ts)', async () => {
    const { s, client } = await clientFor(text(204, ''));
    const { data, response } = await deleteSession(client, 'a');
    expect([response.status, data]).toEqual([204, null]);
    expect(s.requests[0]?.method).toBe('DELETE');
  });

  // Whatever the Content-Type claims: the runtime alone reads an empty JSON body as {} and an empty text as ''.
  const empties: [string, Handler][] = [
    ['204, application/json', text(204, '', { 'content-type': 'application/json' })],
    ['204, text/plain', text(204, '', { 'content-type': 'text/plain' })],
    ['200, application/json, Content-Length: 0', text(200, '', { 'content-type': 'application/json' })],
    [
      '200, application/json, chunked with no chunk',
      text(200, '', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
    ],
    ['200, no Content-Type', text(200, '')],
  ];
  const transports: [string, typeof fetch | undefined][] = [
    ['node:http transport', undefined],
    ['fetch transport', globalThis.fetch],
  ];
  describe.each(transports)('over the %s', (_name, fetch) => {
    it.each(empties)('%s resolves to data: null, in either response style', async (_case, step) => {
      server = await scriptedServer(step);
      const client = zoomClient(server.baseUrl, { auth, retry: false, fetch });
      const { data, response } = await deleteSession(client, 'a');
      expect(data).toBeNull();
      expect(await response.text()).toBe('');
      const dataOnly = await client.delete({
        url: `${SESSIONS}/{sessionId}`,
        path: { sessionId: 'a' },
        responseStyle: 'data',
      });
      expect(dataOnly).toBeNull();
      client.setConfig({ responseStyle: 'data' });
      expect(await deleteSession(client, 'a')).toBeNull();
      expect(server.requests).toHaveLength(3);
    });

    it('a body that is there is still parsed, in either response style', async () => {
      server = await scriptedServer(json(200, { sessions: [{ id: 'a' }] }));
      const client = zoomClient(server.baseUrl, { auth, retry: false, fetch });
      expect(((await listSessions(client, { query })).data as { sessions: unknown }).sessions).toEqual([{ id: 'a' }]);
      // The 'data' style hands back the page itself.
      const page = (await client.get({ url: SESSIONS, query, responseStyle: 'data' })) as unknown as {
        sessions: unknown;
      };
      expect(page.sessions).toEqual([{ id: 'a' }]);
    });
  });
});

describe('the bearer token never shows', () => {
  it('not in a thrown API error, however it is printed', async () => {
    const { s, client } = await clientFor(json(401, { code: 124, message: 'Invalid access token.' }));
    const error = await listSessions(client, { query }).catch((e: unknown) => e);
    expect(s.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect((error as ZoomApiError).status).toBe(401);
    expectNoToken(error);
  });

  it('not in the request and response handed back with throwOnError: false, for GET and POST', async () => {
    const { client } = await clientFor(json(500, { code: 500, message: 'boom' }));
    const get = await client.get({ url: SESSIONS, query, throwOnError: false });
    expectNoToken(get);
    expect(get.request?.headers.get('authorization')).toBeNull();
    const post = await client.post({ url: SESSIONS, body: { session_name: 'x' }, throwOnError: false });
    expectNoToken(post);
    expect(post.request?.headers.get('authorization')).toBeNull();
  });

  it('not in the request handed back on success', async () => {
    const { client } = await clientFor(json(200, { sessions: [] }));
    const result = await listSessions(client, { query });
    expectNoToken(result.request);
  });

  it('not in a connection error', async () => {
    const { client } = await clientFor(reset);
    const error = await listSessions(client, { query }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ZoomConnectionError');
    expectNoToken(error);
  });
});
