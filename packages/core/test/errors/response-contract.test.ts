// Issue 13: every rejection is a ZoomError (or the caller's abort reason) carrying method and URL;
// bodies that cannot be what was asked for, or are larger than maxResponseBytes, become a
// ZoomResponseError on both transports; the fetch transport's timeout covers the body; no token or
// secret in any message; baseUrl is checked before any request.
import { gzipSync } from 'node:zlib';
import { type Handler, scriptedServerPerTest, text } from '@zoom-api/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createZoomClient } from '../../src/client.js';
import {
  ZoomApiError,
  ZoomConnectionError,
  ZoomError,
  ZoomResponseError,
  ZoomTimeoutError,
} from '../../src/errors/classes.js';
import { listSessions, QUERY as query, SESSIONS, zoomClient } from '../helpers.js';

const auth = { getToken: async () => 'token-for-response-tests' };

const serve = scriptedServerPerTest();

// Both transports: Node's default, and a `fetch` of the caller's (the global one).
const transports = [
  ['node transport', {}],
  ['fetch transport', { fetch: ((request: Request, init?: RequestInit) => fetch(request, init)) as typeof fetch }],
] as const;

const html = '<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>';

// A body written in chunks without Content-Length (chunked transfer encoding).
const chunked =
  (bytes: number, chunk = 1024): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    let sent = 0;
    const more = () => {
      while (sent < bytes) {
        sent += chunk;
        if (!res.write('x'.repeat(chunk))) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  };

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: unknown) => error,
  );
}

describe.each(transports)('one error contract (%s)', (_name, options) => {
  it('a 200 labelled JSON whose body is an HTML page rejects with ZoomResponseError, not a SyntaxError', async () => {
    const s = await serve(text(200, html, { 'content-type': 'application/json' }));
    const client = zoomClient(s.baseUrl, { ...options });
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect(error).toBeInstanceOf(ZoomError);
    const e = error as ZoomResponseError;
    expect(e.name).toBe('ZoomResponseError');
    expect(e.method).toBe('GET');
    expect(e.url).toBe(`${s.baseUrl}/videosdk/sessions`);
    expect(e.status).toBe(200);
    expect(e.contentType).toBe('application/json');
    expect(e.bodyStart).toContain('502 Bad Gateway');
    expect(e.message).toContain('GET');
    expect(e.message).toContain('502 Bad Gateway');
    expect(e.message).not.toContain('from=');
    expect(e.cause).toBeInstanceOf(SyntaxError);
  });

  it('a 200 HTML page (text/html) from a proxy is a ZoomResponseError, not a string as data', async () => {
    const s = await serve(text(200, html, { 'content-type': 'text/html; charset=utf-8' }));
    const client = zoomClient(s.baseUrl, { ...options });
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as ZoomResponseError).contentType).toBe('text/html; charset=utf-8');
  });

  // Fault injection: Zoom's documents give every 2xx body as application/json (documents.test in
  // scripts/codegen checks they still do), so any other body is not the answer the types promise.
  it.each([
    ['no Content-Type', undefined, '{"sessions":[]}'],
    ['application/octet-stream', 'application/octet-stream', 'PK\u0003\u0004binary'],
    ['application/xml', 'application/xml', '<sessions></sessions>'],
    ['text/xml', 'text/xml', '<sessions></sessions>'],
    ['text/plain', 'text/plain; charset=utf-8', 'OK'],
    ['text/csv', 'text/csv', 'id,name\n1,standup'],
  ])('a 200 with %s rejects with ZoomResponseError, not data of another type', async (_name, type, body) => {
    const s = await serve((_req, res) => {
      // node:http adds no Content-Type of its own.
      res.writeHead(200, type === undefined ? {} : { 'content-type': type });
      res.end(body);
    });
    const client = zoomClient(s.baseUrl, { ...options });
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomResponseError);
    const e = error as ZoomResponseError;
    expect(e.status).toBe(200);
    expect(e.contentType).toBe(type);
    expect(e.message).toMatch(
      type === undefined
        ? /the response \(HTTP 200\) has no Content-Type; the operation's document says application\/json\./
        : /the response \(HTTP 200, .*\) is not JSON, which the operation's document says it is\./,
    );
    expect(s.requests).toHaveLength(1);
    // With throwOnError: false it is the call's `error`, as any ZoomError is.
    const settled = await client.get({ url: SESSIONS, query, throwOnError: false });
    expect(settled.error).toBeInstanceOf(ZoomResponseError);
  });

  it('an empty 200 of any type is not refused for its type', async () => {
    const s = await serve(text(200, '', { 'content-type': 'text/plain' }), text(200, ''));
    const client = zoomClient(s.baseUrl, { ...options });
    await listSessions(client, { query });
    await listSessions(client, { query });
    expect(s.requests).toHaveLength(2);
  });

  it('a call that asks for another parseAs gets the body as it asked', async () => {
    const s = await serve(text(200, 'id,name\n1,standup', { 'content-type': 'text/csv' }));
    const client = zoomClient(s.baseUrl, { ...options });
    const { data } = await client.get({ url: '/export', parseAs: 'text' });
    expect(data).toBe('id,name\n1,standup');
  });

  it('a body over maxResponseBytes by Content-Length rejects with ZoomResponseError and is not retried', async () => {
    const s = await serve(
      text(200, JSON.stringify({ sessions: [], pad: 'x'.repeat(5000) }), {
        'content-type': 'application/json',
      }),
    );
    const client = zoomClient(s.baseUrl, { maxResponseBytes: 1000, ...options });
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as ZoomResponseError).message).toMatch(/maxResponseBytes/);
    expect((error as ZoomResponseError).url).toBe(`${s.baseUrl}/videosdk/sessions`);
    expect(s.requests).toHaveLength(1);
  });

  it('a streamed body that grows over maxResponseBytes rejects with ZoomResponseError', async () => {
    const s = await serve(chunked(20_000));
    const client = zoomClient(s.baseUrl, { maxResponseBytes: 5000, ...options });
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as ZoomResponseError).message).toMatch(/5000 bytes \(maxResponseBytes\)/);
  });

  it('maxResponseBytes per call overrides the client’s', async () => {
    const body = JSON.stringify({ sessions: [], pad: 'x'.repeat(5000) });
    const s = await serve(text(200, body, { 'content-type': 'application/json' }));
    const client = zoomClient(s.baseUrl, { maxResponseBytes: 1000, ...options });
    const { data } = await listSessions(client, { query, maxResponseBytes: 10_000 });
    expect(data).toEqual({ sessions: [], pad: 'x'.repeat(5000) });
  });

  it('a 401 whose body echoes the token keeps the token out of error.message', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJrZXkifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const echo: Handler = (req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 124, message: `Invalid access token: ${req.headers.authorization}` }));
    };
    const s = await serve(echo);
    const client = createZoomClient({ baseUrl: s.baseUrl, auth: { getToken: async () => jwt }, ...options });
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as Error).message).toContain('Invalid access token');
    expect((error as Error).message).not.toContain(jwt);
    expect((error as Error).message).not.toContain('c2lnbmF0dXJl');
  });

  it('a token that is not a JWT, echoed in a text body, is redacted too', async () => {
    const token = 'opaque-token-4f9c2e71';
    const s = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end(`token ${token} is not allowed here`);
    });
    const client = createZoomClient({ baseUrl: s.baseUrl, auth: { getToken: async () => token }, ...options });
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as Error).message).toContain('is not allowed here');
    expect((error as Error).message).not.toContain(token);
  });
});

describe('one error contract (node transport only)', () => {
  it('gzip nobody asked for is a ZoomResponseError naming the Content-Encoding', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ sessions: [] })));
    });
    const client = zoomClient(s.baseUrl);
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as Error).message).toContain('gzip');
  });
});

describe('ZoomError messages never carry a secret', () => {
  it('redacts bearer tokens, JWTs and the API secret from the environment wherever they came from', () => {
    const previous = process.env.ZOOM_API_SECRET;
    process.env.ZOOM_API_SECRET = 'Sup3rSecretValue';
    try {
      const target = { method: 'GET', url: 'https://api.zoom.us/v2/users' };
      const error = new ZoomError(
        'Authorization: Bearer abc.def-ghi; jwt eyJa.eyJb.sig_x; key Sup3rSecretValue; ok',
        target,
      );
      expect(error.message).not.toMatch(/abc\.def-ghi|eyJa|Sup3rSecretValue/);
      expect(error.message).toContain('ok');
    } finally {
      if (previous === undefined) delete process.env.ZOOM_API_SECRET;
      else process.env.ZOOM_API_SECRET = previous;
    }
  });
});

describe('the fetch transport: the timeout covers the body', () => {
  it('headers then a stalled body rejects with ZoomTimeoutError after the timeout', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"sessions":');
    });
    const client = zoomClient(s.baseUrl, { timeout: 300, ...transports[1][1] });
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomTimeoutError);
    expect((error as ZoomTimeoutError).timeout).toBe(300);
  });
});

describe('the fetch transport: a body cut off', () => {
  it('is a ZoomConnectionError saying the response was cut off, not that it failed to connect', async () => {
    const s = await serve((_req, res, socket) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"sessions":[');
      setTimeout(() => socket.destroy(), 20);
    });
    const client = zoomClient(s.baseUrl, { retry: false, ...transports[1][1] });
    const error = await failure(listSessions(client, { query }));
    expect(error).toBeInstanceOf(ZoomConnectionError);
    expect((error as Error).message).toContain(`GET ${s.baseUrl}/videosdk/sessions: the response was cut off`);
    expect((error as Error).message).toContain('HTTP 200, 13 of 1000 bytes of the body arrived');
  });
});

describe('baseUrl is checked before any request', () => {
  const refused: Array<[string, RegExp]> = [
    ['https://user:hunter2@api.zoom.us/v2', /credentials/],
    ['https://api.zoom.us/v2?x=1', /query/],
    ['https://api.zoom.us/v2#top', /fragment/],
    ['api.zoom.us/v2', /absolute http\(s\) URL/],
    ['//api.zoom.us/v2', /absolute http\(s\) URL/],
    ['ftp://api.zoom.us/v2', /absolute http\(s\) URL/],
    ['', /absolute http\(s\) URL/],
    // Fault injection: the URL parser drops tabs and newlines silently, so these used to pass as another URL.
    ['https://api.zoom.us/v2\t', /must not contain a tab \(at character 23\)/],
    ['https://api.zoom.us/\tv2', /must not contain a tab \(at character 21\)/],
    ['https://api.zo\nom.us/v2', /must not contain a line feed \(at character 15\)/],
    ['https://api.zoom.us/v2\r', /must not contain a carriage return/],
    [' https://api.zoom.us/v2', /must not contain a space \(at character 1\)/],
    ['https://api.zoom.us/my v2', /must not contain a space/],
    ['https://api.zoom.us/v2\u0000', /must not contain the control character U\+0000/],
    ['https://api.zoom.us/v2\u007f', /must not contain the control character U\+007F/],
    ['https://api.zoom.us/v2\u00a0', /must not contain the space character U\+00A0/],
    ['https://api.zoom.us/v2\u2028', /must not contain the space character U\+2028/],
  ];
  it.each(refused)('refuses %j with a TypeError naming the fix', (baseUrl, pattern) => {
    let thrown: unknown;
    try {
      createZoomClient({ baseUrl, auth });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/baseUrl/);
    expect((thrown as Error).message).toMatch(pattern);
    expect((thrown as Error).message).not.toContain('hunter2');
    expect((thrown as Error).message).not.toContain('user:');
  });

  it('refuses a bad baseUrl in setConfig too, leaving the old one', () => {
    const client = createZoomClient({ baseUrl: 'https://api.zoom.us/v2', auth });
    expect(() => client.setConfig({ baseUrl: 'https://a:b@x.test' })).toThrow(TypeError);
    expect(client.getConfig().baseUrl).toBe('https://api.zoom.us/v2');
  });

  it('without one, a client follows ZOOM_API_BASE_URL in getConfig and buildUrl too, until setConfig gives it one', () => {
    vi.stubEnv('ZOOM_API_BASE_URL', 'http://gateway.test/zoom/');
    try {
      const client = createZoomClient({ auth });
      expect(client.getConfig().baseUrl).toBe('http://gateway.test/zoom');
      expect(client.buildUrl({ url: '/videosdk/sessions' })).toBe('http://gateway.test/zoom/videosdk/sessions');
      vi.stubEnv('ZOOM_API_BASE_URL', '');
      expect(client.getConfig().baseUrl).toBe('https://api.zoom.us/v2');
      vi.stubEnv('ZOOM_API_BASE_URL', 'http://gateway.test/zoom');
      client.setConfig({ baseUrl: 'http://own.test' });
      expect(client.getConfig().baseUrl).toBe('http://own.test');
      expect(client.buildUrl({ url: '/x' })).toBe('http://own.test/x');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('normalises trailing slashes, so paths are not doubled', async () => {
    const s = await serve(text(200, '{"sessions":[]}', { 'content-type': 'application/json' }));
    const client = createZoomClient({ baseUrl: `${s.baseUrl}/v2//`, auth });
    expect(client.getConfig().baseUrl).toBe(`${s.baseUrl}/v2`);
    await listSessions(client, { query });
    expect(s.requests[0]?.url.split('?')[0]).toBe('/v2/videosdk/sessions');
  });
});
