// An apiSecret passed straight to createZoomAuth() (not ZOOM_API_SECRET) is kept out of everything the
// request policy writes: error messages and body excerpts, util.inspect of the errors, every log line,
// every hook event, and the printed auth and client. The server echoes the secret the way a misbehaving proxy or a debug
// endpoint might: in error bodies, in a 200 body that is not JSON, and in response headers.
import { inspect } from 'node:util';
import { createZoomAuth } from '@zoom-api/auth';
import { json, rejection, scriptedServerPerTest, type TestServer, text } from '@zoom-api/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ZoomApiError, ZoomConnectionError, ZoomResponseError } from '../../src/errors/classes.js';
import { type Level, listSessions, QUERY as query, zoomClient } from '../helpers.js';

const SECRETS = [
  ['an ordinary secret', 'DirectSecret-7Hq2Lm9Xw4Rt'],
  ['the shortest secret createZoomAuth accepts (16 characters)', 'Sh0rtest16Chars!'],
  ['a secret with regex metacharacters', 's.e*c+r?e^t$(x)[y]{2}|z\\w'],
] as const;
const serve = scriptedServerPerTest();

beforeEach(() => {
  // The environment's secret is redacted already; these tests are about the one passed directly.
  vi.stubEnv('ZOOM_API_SECRET', undefined);
  return () => vi.unstubAllEnvs();
});

function setup(server: TestServer, secret: string) {
  const lines: string[] = [];
  const record = (level: Level) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${inspect(fields, { depth: Infinity })}`);
  const logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const events: unknown[] = [];
  const keep = (event: unknown) => void events.push(event);
  const hooks = { beforeRequest: keep, afterResponse: keep, beforeRetry: keep };
  const auth = createZoomAuth({ apiKey: 'direct-key', apiSecret: secret });
  const retry = { baseDelay: 1, maxDelay: 5 };
  const client = zoomClient(server.baseUrl, { auth, logger, logLevel: 'debug', hooks, retry });
  return { auth, client, lines, events };
}

function expectHidden(secret: string, error: Error, context: ReturnType<typeof setup>) {
  const shown = {
    message: error.message,
    string: String(error),
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: Infinity }),
    bodyStart: (error as { bodyStart?: string }).bodyStart ?? '',
    auth: `${inspect(context.auth, { depth: Infinity })} ${JSON.stringify(context.auth)} ${String(context.auth)}`,
    client: inspect(context.client, { depth: Infinity }),
    logs: context.lines.join('\n'),
    hooks: inspect(context.events, { depth: Infinity }),
  };
  for (const [where, value] of Object.entries(shown)) {
    expect(value.includes(secret), `the secret is in ${where}: ${value}`).toBe(false);
  }
  // Where the secret was, the reader sees that something was hidden.
  expect(error.message).toContain('[redacted]');
}

describe.each(SECRETS)('%s passed to createZoomAuth', (_label, secret) => {
  it('is not in the error of a 401 that echoes it (after the one re-authentication), nor in the logs', async () => {
    const server = await serve(json(401, { code: 124, message: `Invalid access token, signed with ${secret}` }));
    const context = setup(server, secret);
    const error = await rejection(listSessions(context.client, { query }));
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(server.requests).toHaveLength(2);
    expectHidden(secret, error, context);
  });

  it('is not in the error of a 400 whose text body and headers echo it, nor in the logs', async () => {
    const server = await serve(
      text(400, `<html><title>Bad request: ${secret}</title></html>`, {
        'content-type': 'text/html',
        'x-zm-trackingid': `rid=${secret}`,
        'x-ratelimit-category': secret,
      }),
    );
    const context = setup(server, secret);
    const error = await rejection(listSessions(context.client, { query }));
    expect(error).toBeInstanceOf(ZoomApiError);
    expectHidden(secret, error, context);
  });

  it('is not in the error of a 200 whose body is not JSON and quotes it, nor in the logs', async () => {
    const server = await serve(text(200, `${secret} (a debug page, not JSON)`, { 'content-type': 'application/json' }));
    const context = setup(server, secret);
    const error = await rejection(listSessions(context.client, { query }));
    expect(error).toBeInstanceOf(ZoomResponseError);
    expectHidden(secret, error, context);
    // JSON.parse's message quotes the body cut at some length: not even a part of the secret may show.
    const part = secret.slice(0, 4);
    expect(`${error.message}\n${inspect(error, { depth: Infinity })}`).not.toContain(part);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('is not in the retry warning for a 429 whose Retry-After and rate-limit headers echo it', async () => {
    const server = await serve(
      json(429, { code: 429, message: 'Too many requests' }, { 'retry-after': secret, 'x-ratelimit-type': secret }),
      json(404, { code: 3001, message: `No session for ${secret}` }, { 'x-zm-trackingid': secret }),
    );
    const context = setup(server, secret);
    const error = await rejection(listSessions(context.client, { query }));
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(context.lines.some((line) => line.startsWith('warn '))).toBe(true);
    expectHidden(secret, error, context);
  });
});

// Fault injection: redaction of every length the library accepts, in the shapes a leak takes. A secret
// shorter than 16 characters is refused (packages/auth); a token from a provider of the user's may be any
// length, and one shorter than 8 characters is hidden where it stands as a value (a JSON value, a bearer
// header, a query value), since inside words it cannot be told from ordinary text.
describe('every length the library accepts, inside JSON, URLs and free text', () => {
  /** A deterministic secret of `length` characters with URL- and JSON-awkward ones among them. */
  const AWKWARD = 'Zk9/+=q"Lm x\\&?%wR7';
  // Letters at both ends: a credential with whitespace around it is refused as a copy-paste mistake.
  const secretOf = (length: number) =>
    `K${Array.from({ length: length - 2 }, (_, i) => AWKWARD[(i * 7 + length) % AWKWARD.length]).join('')}K`;

  it('an API secret of 16 to 64, 100 or 255 characters is in no error, cause or log line', async () => {
    let echo = '';
    const server = await serve((_req, res) => {
      const body = {
        code: 300,
        message: `The API secret ${echo} is invalid; see https://example.test/cb?secret=${encodeURIComponent(echo)}&x=1`,
        detail: JSON.stringify({ apiSecret: echo }),
      };
      res.writeHead(400, { 'content-type': 'application/json', 'x-zm-trackingid': `t-${encodeURIComponent(echo)}` });
      res.end(JSON.stringify(body));
    });
    for (const length of [...Array.from({ length: 49 }, (_, i) => i + 16), 100, 255]) {
      echo = secretOf(length);
      const context = setup(server, echo);
      const error = await rejection(listSessions(context.client, { query }));
      expect(error).toBeInstanceOf(ZoomApiError);
      for (const form of [echo, encodeURIComponent(echo), JSON.stringify(echo).slice(1, -1)]) {
        const printed = `${inspect(error, { depth: Infinity })} ${(error as ZoomApiError).trackingId} ${context.lines.join('\n')}`;
        expect(printed.includes(form), `a ${length}-character secret, as ${form}`).toBe(false);
      }
    }
  });

  it.each([1, 2, 5, 7, 8, 16, 40, 200, 1000])(
    'a token of %i characters from a provider of your own',
    async (length) => {
      // Ends in a letter: a digit alone is what a log line's duration (`in 1 ms`) looks like.
      const token = `${'T'.repeat(length - 1)}Q`;
      const server = await serve((req, res) => {
        const sent = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        const body = {
          code: 124,
          message: `Authorization: Bearer ${sent}`,
          token: sent,
          retry: `https://x.test/?t=${sent}`,
        };
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
      const lines: string[] = [];
      const logger = {
        debug: (m: string) => lines.push(m),
        info: (m: string) => lines.push(m),
        warn: (m: string) => lines.push(m),
        error: (m: string) => lines.push(m),
      };
      const client = zoomClient(server.baseUrl, { auth: { getToken: async () => token }, logger, logLevel: 'debug' });
      const error = (await rejection(listSessions(client, { query }))) as ZoomApiError;
      expect(error.status).toBe(401);
      expect(error.message).toBe('Authorization: Bearer [redacted]');
      const printed = `${inspect(error, { depth: Infinity })}\n${lines.join('\n')}`;
      if (length >= 8) expect(printed).not.toContain(token);
      else expect(printed).not.toMatch(new RegExp(`[:=' "]${token}(?=$|[\\s"',&])`, 'm'));
    },
  );

  it('a failure of your own fetch that quotes the token and the secret: the cause printed without them', async () => {
    const secret = 'CauseSecret-0123456789';
    const server = await serve(json(200, { sessions: [] }));
    const context = setup(server, secret);
    let token = '';
    context.client.setConfig({
      retry: false,
      fetch: (async (request: Request) => {
        token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
        const inner = Object.assign(new Error(`socket closed for ${token}`), { code: 'ECONNRESET', detail: secret });
        throw new TypeError('fetch failed', {
          cause: new AggregateError([inner], `via http://user:${secret}@proxy.test:3128`),
        });
      }) as typeof fetch,
    });
    const error = await rejection(listSessions(context.client, { query }));
    expect(error).toBeInstanceOf(ZoomConnectionError);
    expect(token).not.toBe('');
    const printed = inspect(error, { depth: Infinity, showHidden: true });
    expect(printed).not.toContain(secret);
    expect(printed).not.toContain(token);
    expect(printed).toContain('ECONNRESET');
    expect(printed).toContain('[redacted]');
    // The cause keeps its class and facts for code that inspects it.
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(((error.cause as Error).cause as AggregateError).errors[0]).toMatchObject({ code: 'ECONNRESET' });
  });
});
