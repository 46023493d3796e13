// An apiSecret passed straight to createZoomAuth() (not ZOOM_API_SECRET) is kept out of everything the
// request policy writes: error messages and body excerpts, util.inspect of the errors, every log line,
// and the printed auth and client. The server echoes the secret the way a misbehaving proxy or a debug
// endpoint might: in error bodies, in a 200 body that is not JSON, and in response headers.
import { inspect } from 'node:util';
import { createZoomAuth } from '@zoom-api/auth';
import { json, rejection, scriptedServerPerTest, type TestServer, text } from '@zoom-api/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ZoomApiError, ZoomResponseError } from '../../src/errors/classes.js';
import { type Level, listSessions, zoomClient } from '../helpers.js';

const SECRETS = [
  ['an ordinary secret', 'DirectSecret-7Hq2Lm9Xw4Rt'],
  ['a secret shorter than 6 characters', 'Qz9k'],
  ['a secret with regex metacharacters', 's.e*c+r?e^t$(x)[y]{2}|z\\w'],
] as const;
const query = { from: '2025-01-01', to: '2025-01-02' };
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
  const auth = createZoomAuth({ apiKey: 'direct-key', apiSecret: secret });
  const client = zoomClient(server.baseUrl, { auth, logger, logLevel: 'debug', retry: { baseDelay: 1, maxDelay: 5 } });
  return { auth, client, lines };
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
