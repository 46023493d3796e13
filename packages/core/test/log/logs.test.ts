// The client's log lines, captured with a recording logger against a local server: each attempt's start
// and end at debug, retries with their reason and wait at warn, re-authentication at info; the level from
// `logLevel`, else ZOOM_API_LOG, else warn. No line ever carries a token, the API secret, a query or a
// proxy's credentials.

import { fileURLToPath } from 'node:url';
import { createZoomAuth } from '@zoom-api/auth';
import {
  bearerOf,
  deferred,
  json,
  rejection,
  reset,
  runNode,
  scriptedServerPerTest,
  startProxy,
  type TestServer,
} from '@zoom-api/test-utils';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createClient, createZoomClient } from '../../src/client.js';
import { ZoomApiError } from '../../src/errors/classes.js';
import type { ZoomClientOptions } from '../../src/options.js';
import { type LogLine, listSessions, recordingLogger, zoomClient } from '../helpers.js';

const API_SECRET = 'api-secret-never-logged';
const query = { from: '2025-01-01', to: '2025-01-02', next_page_token: 'query-value-never-logged' };
const fast = { baseDelay: 5, maxDelay: 10 };
const serve = scriptedServerPerTest();

afterEach(() => {
  vi.unstubAllEnvs();
});

/** 401 once, then 429 with Retry-After: 0, then 503, then 200: every kind of repeat in one call. */
function eventfulServer() {
  return serve(
    json(401, { code: 124, message: 'Invalid access token.' }),
    json(429, { code: 429, message: 'Too many requests' }, { 'retry-after': '0', 'x-ratelimit-category': 'Light' }),
    json(503, { message: 'unavailable' }),
    json(200, { sessions: [] }, { 'x-zm-trackingid': 'v=2.0;clid=us06;rid=TRACK-1', 'x-ratelimit-remaining': '29' }),
  );
}

/** The lines of one call through a client whose auth signs with API_SECRET, at the given options. */
async function linesOfCall(server: TestServer, options: ZoomClientOptions = {}): Promise<LogLine[]> {
  const { lines, logger } = recordingLogger();
  const auth = createZoomAuth({ apiKey: 'key', apiSecret: API_SECRET });
  await listSessions(zoomClient(server.baseUrl, { auth, logger, retry: fast, ...options }), { query });
  return lines;
}

function expectNoSecrets(lines: LogLine[], secrets: string[]) {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const text = `${line.message} ${JSON.stringify(line.fields)}`;
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

describe('at debug', () => {
  it('every attempt, retry and re-authentication of one request, under one request id', async () => {
    const server = await eventfulServer();
    const lines = await linesOfCall(server, { logLevel: 'debug' });

    const url = `${server.baseUrl}/videosdk/sessions`;
    expect(lines.map((l) => [l.level, l.fields.event, l.fields.attempt, l.fields.status])).toEqual([
      ['debug', 'request', 1, undefined],
      ['debug', 'response', 1, 401],
      ['info', 'reauthenticate', 1, 401],
      ['debug', 'request', 2, undefined],
      ['debug', 'response', 2, 429],
      ['warn', 'retry', 2, undefined],
      ['debug', 'request', 3, undefined],
      ['debug', 'response', 3, 503],
      ['warn', 'retry', 3, undefined],
      ['debug', 'request', 4, undefined],
      ['debug', 'response', 4, 200],
    ]);
    const ids = new Set(lines.map((l) => l.fields.requestId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^req_\d+$/);
    for (const line of lines) {
      expect(line.fields).toMatchObject({ method: 'GET', url });
      expect(line.message).toContain(`[zoom-api] ${line.fields.requestId} GET ${url} attempt ${line.fields.attempt}`);
    }
    for (const line of lines.filter((l) => l.fields.event === 'response')) {
      expect(line.fields.durationMs).toEqual(expect.any(Number));
      expect(line.message).toMatch(new RegExp(`: ${line.fields.status} in \\d+ ms`));
    }
    const [rateLimited, serverError] = lines.filter((l) => l.fields.event === 'retry');
    expect(rateLimited?.message).toMatch(/rate limited \(429\); retrying in 0 ms \(Retry-After: 0\)$/);
    expect(rateLimited?.fields).toMatchObject({ reason: 'rate limited (429)', waitMs: 0, retryAfter: '0' });
    expect(serverError?.message).toMatch(/server error \(503\); retrying in \d+ ms \(backoff\)$/);
    expect(lines.find((l) => l.fields.status === 429)?.fields.rateLimitCategory).toBe('LIGHT');
    const last = lines.at(-1);
    expect(last?.message).toContain('(tracking id v=2.0;clid=us06;rid=TRACK-1, rate limit remaining 29)');
    expect(last?.fields).toMatchObject({ trackingId: 'v=2.0;clid=us06;rid=TRACK-1', rateLimitRemaining: '29' });

    // Never a token (both were sent), the secret or the query.
    const tokens = server.requests.map((r) => bearerOf(r) as string);
    expect(new Set(tokens).size).toBe(2);
    expectNoSecrets(lines, [...tokens, API_SECRET, 'query-value-never-logged', 'next_page_token']);
  });

  it('a connection failure is logged with its code and the retry', async () => {
    const server = await serve(reset, json(200, { sessions: [] }));
    const lines = await linesOfCall(server, { auth: { getToken: async () => 'conn-token' }, logLevel: 'debug' });
    expect(lines.map((l) => l.fields.event)).toEqual(['request', 'failure', 'retry', 'request', 'response']);
    expect(lines[1]?.message).toMatch(/attempt 1: failed after \d+ ms: \w+/);
    expect(lines[2]?.message).toMatch(/attempt 1: connection failed: .+; retrying in \d+ ms \(backoff\)$/);
    expectNoSecrets(lines, ['conn-token']);
  });

  it('proxy credentials never appear', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const proxy = await startProxy({ credentials: { user: 'egress', password: 'proxy-pass-never-logged' } });
    try {
      const { lines, logger } = recordingLogger();
      const client = zoomClient(server.baseUrl, { proxy: proxy.url, logger, logLevel: 'debug' });
      await listSessions(client, { query });
      expect(proxy.passed).toHaveLength(1);
      expectNoSecrets(lines, ['proxy-pass-never-logged', 'egress']);
    } finally {
      await proxy.close();
    }
  });
});

describe('the level', () => {
  it('is warn by default: retries only', async () => {
    vi.stubEnv('ZOOM_API_LOG', undefined);
    const lines = await linesOfCall(await eventfulServer());
    expect(lines.map((l) => `${l.level} ${l.fields.event}`)).toEqual(['warn retry', 'warn retry']);
  });

  it('info adds re-authentication', async () => {
    const lines = await linesOfCall(await eventfulServer(), { logLevel: 'info' });
    expect(lines.map((l) => `${l.level} ${l.fields.event}`)).toEqual([
      'info reauthenticate',
      'warn retry',
      'warn retry',
    ]);
  });

  it('comes from ZOOM_API_LOG, read per request, unless logLevel is set', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const { lines, logger } = recordingLogger();
    const auth = { getToken: async () => 't' };
    const client = zoomClient(server.baseUrl, { auth, logger });
    vi.stubEnv('ZOOM_API_LOG', 'debug');
    await listSessions(client, { query });
    expect(lines.map((l) => l.fields.event)).toEqual(['request', 'response']);

    vi.stubEnv('ZOOM_API_LOG', 'off');
    await listSessions(client, { query });
    expect(lines).toHaveLength(2);

    client.setConfig({ logLevel: 'debug' });
    await listSessions(client, { query });
    expect(lines).toHaveLength(4);
    expect(client.getConfig()).toMatchObject({ logLevel: 'debug', logger });
  });

  it('ZOOM_API_LOG=debug alone shows, on the console of a real process, each attempt, the retry, its reason and wait', async () => {
    const server = await serve(
      reset,
      json(429, {}, { 'retry-after': '0' }),
      json(503, {}),
      json(200, { sessions: [] }),
    );
    const script = fileURLToPath(new URL('../fixtures/env-log.mjs', import.meta.url));
    const token = 'env-log-token-never-printed';
    const { code, output } = await runNode(script, [], {
      env: { ...process.env, ZOOM_API_LOG: 'debug', SERVER_URL: server.baseUrl, TOKEN: token },
      killAfter: 20_000,
    });
    expect(code, output).toBe(0);
    const lines = output.split('\n').filter((l) => l.startsWith('[zoom-api] '));
    const at = (attempt: number, rest: RegExp) =>
      expect(
        lines.some((l) => new RegExp(`^\\[zoom-api\\] req_\\d+ GET \\S+ attempt ${attempt}: `).test(l) && rest.test(l)),
        `${attempt} ${rest}\n${output}`,
      ).toBe(true);
    at(1, /: sending/);
    at(1, /: failed after \d+ ms: \w+/);
    at(1, /: connection failed: .+; retrying in \d+ ms \(backoff\)/);
    at(2, /: 429 in \d+ ms/);
    at(2, /: rate limited \(429\); retrying in 0 ms \(Retry-After: 0\)/);
    at(3, /: 503 in \d+ ms/);
    at(3, /: server error \(503\); retrying in \d+ ms \(backoff\)/);
    at(4, /: sending/);
    at(4, /: 200 in \d+ ms/);
    expect(output).toContain('done: 200');
    expect(output).not.toContain(token);
    // One line per event: nothing but the lines and the script's own (no object printed after each).
    expect(
      output
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('[zoom-api] ')),
      output,
    ).toEqual(['done: 200']);
  });

  it('ZOOM_API_LOG naming no level is refused, with the levels: when a client is made, and by each call before sending', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const auth = { getToken: async () => 'token-of-a-level-test' };
    const refused =
      /^ZOOM_API_LOG must be one of 'debug', 'info', 'warn', 'error', 'off' \(any case\), or unset for 'warn'; got "verbose"\. Fix or unset the variable, or give the client a logLevel\.$/;
    const made = zoomClient(server.baseUrl, { auth });
    vi.stubEnv('ZOOM_API_LOG', 'verbose');
    expect(() => zoomClient(server.baseUrl, { auth })).toThrow(refused);
    // Read per call: a client made before the variable went bad fails its calls, with nothing sent.
    const error = await rejection(listSessions(made, { query }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(refused);
    // The clients the generated packages make at import (createClient) must not make the import throw.
    const atImport = createClient({ baseUrl: server.baseUrl, auth });
    expect((await rejection(listSessions(atImport, { query }))).message).toMatch(refused);
    expect(server.requests).toHaveLength(0);

    // A client with its own logLevel never reads the variable.
    const { response } = await listSessions(zoomClient(server.baseUrl, { auth, logLevel: 'off' }), { query });
    expect(response.status).toBe(200);
    // Any case is a level; a name that is not one of them (not even one every object has) is not.
    vi.stubEnv('ZOOM_API_LOG', 'DEBUG');
    expect(() => zoomClient(server.baseUrl, { auth })).not.toThrow();
    vi.stubEnv('ZOOM_API_LOG', 'toString');
    expect(() => zoomClient(server.baseUrl, { auth })).toThrow(/got "toString"/);
    vi.stubEnv('ZOOM_API_LOG', 'eyJhbGciOiJIUzI1NiJ9.pasted-into-the-wrong-variable');
    expect(() => zoomClient(server.baseUrl, { auth })).toThrow(/; got a value that is none of them\./);
  });

  it('off silences retries too', async () => {
    const server = await serve(json(503, {}), json(200, { sessions: [] }));
    const { lines, logger } = recordingLogger();
    const client = zoomClient(server.baseUrl, { logger, logLevel: 'off', retry: fast });
    await listSessions(client, { query });
    expect(server.requests).toHaveLength(2);
    expect(lines).toEqual([]);
  });

  it('bad options are refused when the client is made', () => {
    const auth = { getToken: async () => 't' };
    expect(() => createZoomClient({ auth, logLevel: 'verbose' as 'debug' })).toThrow(
      /logLevel must be one of 'debug', 'info', 'warn', 'error', 'off'/,
    );
    expect(() => createZoomClient({ auth, logLevel: 'constructor' as 'debug' })).toThrow(/logLevel must be one of/);
    expect(() => createZoomClient({ auth, logger: { info() {} } as unknown as Console })).toThrow(
      /logger must have debug, info, warn and error methods/,
    );
  });
});

describe('a logger that fails', () => {
  /** The process warnings the failing loggers cause, and a promise of the first. */
  function loggerWarnings() {
    const warnings: Error[] = [];
    const first = deferred();
    const onWarning = (warning: Error) => {
      if ((warning as { code?: string }).code !== 'ZOOM_API_LOGGER_FAILED') return;
      warnings.push(warning);
      first.resolve();
    };
    process.on('warning', onWarning);
    onTestFinished(() => {
      process.off('warning', onWarning);
    });
    return { warnings, first: first.promise };
  }

  /** Process warnings are emitted on the next tick: one turn of the event loop later, all have been. */
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it("changes no call's outcome; its failure is one process warning per client, redacted", async () => {
    const { warnings, first } = loggerWarnings();
    const fails = () => {
      throw new TypeError(`log sink refused the line (signed with ${API_SECRET})`);
    };
    const logger = { debug: fails, info: fails, warn: fails, error: fails };
    const server = await eventfulServer();
    const lines = await linesOfCall(server, { logger, logLevel: 'debug' });
    expect(lines).toEqual([]);
    expect(server.requests).toHaveLength(4);

    // A call that fails fails with Zoom's error, not the logger's.
    const failing = await serve(json(404, { code: 3001, message: 'Session does not exist.' }));
    const auth = createZoomAuth({ apiKey: 'key', apiSecret: API_SECRET });
    const client = zoomClient(failing.baseUrl, { auth, logger, logLevel: 'debug' });
    expect(await rejection(listSessions(client, { query }))).toBeInstanceOf(ZoomApiError);
    await first;
    await settled();
    // Once for each of the two clients, however many lines failed.
    expect(warnings).toHaveLength(2);
    const [warning] = warnings;
    expect(warning?.name).toBe('ZoomApiWarning');
    expect(warning?.message).toMatch(
      /^\[zoom-api\] the logger of a Zoom client failed: its debug\(\) threw TypeError: log sink refused the line \(signed with \[redacted\]\)\./,
    );
    expect(warnings.map((w) => w.message).join('\n')).not.toContain(API_SECRET);
  });

  it('a promise it returns that rejects is caught: reported once, never an unhandled rejection', async () => {
    const { warnings, first } = loggerWarnings();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    onTestFinished(() => {
      process.off('unhandledRejection', onUnhandled);
    });
    const rejects = async () => {
      throw new Error('remote log service unavailable');
    };
    const logger = { debug: rejects, info: rejects, warn: rejects, error: rejects };
    const server = await eventfulServer();
    await linesOfCall(server, { logger, logLevel: 'debug' });
    expect(server.requests).toHaveLength(4);
    await first;
    await settled();
    expect(unhandled).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('its debug() threw Error: remote log service unavailable'),
    ]);
  });

  it('a hook failure it cannot report still leaves the call alone', async () => {
    const { warnings, first } = loggerWarnings();
    const fails = () => {
      throw new Error('logger down');
    };
    const server = await serve(json(200, { sessions: [] }));
    const client = zoomClient(server.baseUrl, {
      logger: { debug: fails, info: fails, warn: fails, error: fails },
      hooks: {
        afterResponse: () => {
          throw new Error('metrics down');
        },
      },
    });
    const { response } = await listSessions(client, { query });
    expect(response.status).toBe(200);
    await first;
    expect(warnings[0]?.message).toContain('its warn() threw Error: logger down');
  });
});
