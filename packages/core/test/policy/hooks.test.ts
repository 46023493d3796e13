// The `hooks` option against a local server: every attempt of a call reaches beforeRequest, each
// response afterResponse and each repeat beforeRetry, under the log lines' request id; hooks observe and
// cannot break or slow a call; nothing secret is ever in what they get.
import { inspect } from 'node:util';
import { createZoomAuth } from '@zoom-api/auth';
import { bearerOf, deferred, json, reset, scriptedServerPerTest, startServer } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { createZoomClient } from '../../src/client.js';
import type { ZoomAttemptEvent, ZoomHooks, ZoomResponseEvent, ZoomRetryEvent } from '../../src/policy/hooks.js';
import { createSession, listSessions, recordingLogger, zoomClient } from '../helpers.js';

const API_SECRET = 'api-secret-never-in-hooks';
const query = { from: '2025-01-01', to: '2025-01-02', next_page_token: 'query-never-in-hooks' };
const fast = { baseDelay: 5, maxDelay: 10 };
const serve = scriptedServerPerTest();

type Event =
  | ({ hook: 'beforeRequest' } & ZoomAttemptEvent)
  | ({ hook: 'afterResponse' } & ZoomResponseEvent)
  | ({ hook: 'beforeRetry' } & ZoomRetryEvent);

/** Hooks that record every event they get, as they got it (frozen objects are kept, not copied). */
function recording() {
  const events: Event[] = [];
  const received: object[] = [];
  const keep = (hook: Event['hook']) => (event: object) => {
    received.push(event);
    events.push({ hook, ...event } as Event);
  };
  const hooks: ZoomHooks = {
    beforeRequest: keep('beforeRequest'),
    afterResponse: keep('afterResponse'),
    beforeRetry: keep('beforeRetry'),
  };
  return { events, received, hooks };
}

const summary = (events: Event[]) =>
  events.map((e) => [e.hook, e.attempt, 'status' in e ? e.status : undefined, 'reason' in e ? e.reason : undefined]);

/** The summary of a call whose first attempt got `status` and was repeated for `reason`, and whose second got a 200. */
function repeatedOnce(status: number, reason: string) {
  return [
    ['beforeRequest', 1, undefined, undefined],
    ['afterResponse', 1, status, undefined],
    ['beforeRetry', 1, status, reason],
    ['beforeRequest', 2, undefined, undefined],
    ['afterResponse', 2, 200, undefined],
  ];
}

function expectNothingSecret(received: object[], secrets: string[]) {
  expect(received.length).toBeGreaterThan(0);
  for (const event of received) {
    const text = `${JSON.stringify(event)}\n${inspect(event, { depth: Infinity, showHidden: true, getters: true })}`;
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/bearer|authorization|eyJ/i);
  }
}

describe('hooks see every attempt', () => {
  it('503 then 200: two attempts, a retry with its reason and wait, the same request id as the logs', async () => {
    const server = await serve(
      json(503, { message: 'unavailable' }),
      json(
        200,
        { sessions: [] },
        {
          'x-zm-trackingid': 'v=2.0;clid=us06;rid=HOOK-1',
          'x-ratelimit-category': 'Light',
          'x-ratelimit-type': 'QPS',
          'x-ratelimit-limit': '30',
          'x-ratelimit-remaining': '29',
        },
      ),
    );
    const { events, received, hooks } = recording();
    const { lines, logger } = recordingLogger();
    const auth = createZoomAuth({ apiKey: 'key', apiSecret: API_SECRET });
    const client = zoomClient(server.baseUrl, { auth, hooks, logger, logLevel: 'debug', retry: fast });
    await listSessions(client, { query });

    expect(summary(events)).toEqual(repeatedOnce(503, 'server-error'));
    const url = `${server.baseUrl}/videosdk/sessions`;
    const requestId = lines[0]?.fields.requestId;
    expect(requestId).toMatch(/^req_\d+$/);
    for (const event of events) expect(event).toMatchObject({ requestId, method: 'GET', url });

    const retry = events[2] as ZoomRetryEvent;
    expect(retry.waitMs).toBeGreaterThanOrEqual(0);
    expect(retry.waitMs).toBeLessThanOrEqual(10);
    expect(lines.find((l) => l.fields.event === 'retry')?.fields.waitMs).toBe(retry.waitMs);
    const last = events[4] as ZoomResponseEvent;
    expect(last.durationMs).toEqual(expect.any(Number));
    expect(last.trackingId).toBe('v=2.0;clid=us06;rid=HOOK-1');
    expect(last.rateLimit).toMatchObject({ category: 'LIGHT', type: 'QPS', limit: 30, remaining: 29 });
    expect((events[1] as ZoomResponseEvent).trackingId).toBeUndefined();

    // Read-only: what a hook gets cannot be changed under the policy's feet.
    for (const event of received) expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen((received[4] as ZoomResponseEvent).rateLimit)).toBe(true);
    expectNothingSecret(received, [
      ...server.requests.map((r) => bearerOf(r) as string),
      API_SECRET,
      'query-never-in-hooks',
    ]);
  });

  it('a 401: the re-authentication is a repeat with reason unauthorized; no token reaches the hooks', async () => {
    const server = await serve(json(401, { code: 124, message: 'Invalid access token.' }), json(200, { sessions: [] }));
    const { events, received, hooks } = recording();
    const auth = createZoomAuth({ apiKey: 'key', apiSecret: API_SECRET });
    const client = zoomClient(server.baseUrl, { auth, hooks, logLevel: 'off', retry: false });
    await listSessions(client, { query });

    expect(summary(events)).toEqual(repeatedOnce(401, 'unauthorized'));
    expect(events[2]).toMatchObject({ waitMs: 0, error: undefined });
    const tokens = server.requests.map((r) => bearerOf(r) as string);
    expect(new Set(tokens).size).toBe(2);
    expectNothingSecret(received, [...tokens, API_SECRET, 'query-never-in-hooks']);
  });

  it('a connection failure: beforeRequest without afterResponse, then a retry naming the error kind', async () => {
    const server = await serve(reset, json(200, { sessions: [] }));
    const { events, hooks } = recording();
    const client = zoomClient(server.baseUrl, { hooks, logLevel: 'off', retry: fast });
    await listSessions(client, { query });
    expect(summary(events)).toEqual([
      ['beforeRequest', 1, undefined, undefined],
      ['beforeRetry', 1, undefined, 'connection-failed'],
      ['beforeRequest', 2, undefined, undefined],
      ['afterResponse', 2, 200, undefined],
    ]);
    const retry = events[1] as ZoomRetryEvent;
    expect(retry.status).toBeUndefined();
    expect(retry.error).toMatch(/^\w+/);
  });

  it('a POST that fails to connect is not retried: one attempt, no beforeRetry', async () => {
    const server = await serve(reset);
    const { events, hooks } = recording();
    const client = zoomClient(server.baseUrl, { hooks, logLevel: 'off' });
    await expect(createSession(client)).rejects.toThrow();
    expect(summary(events)).toEqual([['beforeRequest', 1, undefined, undefined]]);
    expect(events[0]).toMatchObject({ method: 'POST', url: `${server.baseUrl}/videosdk/sessions` });
  });

  it('concurrent calls keep their own request id and attempt numbers', async () => {
    // Requests for page "retry-me" get a 503 once; every other request a 200.
    let failed = false;
    const server = await startServer((req, res) => {
      const retryMe = req.url.includes('retry-me');
      if (retryMe && !failed) {
        failed = true;
        res.writeHead(503, { 'content-type': 'application/json' }).end('{}');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"sessions":[]}');
      }
    });
    try {
      const { events, hooks } = recording();
      const client = zoomClient(server.baseUrl, { hooks, logLevel: 'off', retry: fast });
      await Promise.all(
        ['a', 'retry-me', 'b', 'c'].map((token) =>
          listSessions(client, { query: { from: '2025-01-01', to: '2025-01-02', next_page_token: token } }),
        ),
      );
      const byId = new Map<string, Event[]>();
      for (const event of events) byId.set(event.requestId, [...(byId.get(event.requestId) ?? []), event]);
      expect(byId.size).toBe(4);
      const shapes = [...byId.values()].map((own) => summary(own));
      const once = [
        ['beforeRequest', 1, undefined, undefined],
        ['afterResponse', 1, 200, undefined],
      ];
      expect(shapes.filter((s) => s.length === 2)).toEqual([once, once, once]);
      expect(shapes.filter((s) => s.length !== 2)).toEqual([repeatedOnce(503, 'server-error')]);
    } finally {
      await server.close();
    }
  });
});

describe('what hooks get is redacted as log lines are', () => {
  it('a server echoing the token into x-zm-trackingid and the rate-limit headers: the hooks see [redacted]', async () => {
    const token = 'custom-provider-token-echoed-back';
    const server = await serve((req, res) => {
      const sent = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-zm-trackingid': `v=2.0;rid=${sent}`,
        'x-ratelimit-category': sent,
        'x-ratelimit-type': `QPS ${sent}`,
        'x-ratelimit-remaining': '29',
      });
      res.end('{"sessions":[]}');
    });
    const { events, received, hooks } = recording();
    const client = zoomClient(server.baseUrl, { auth: { getToken: async () => token }, hooks, logLevel: 'off' });
    await listSessions(client, { query });
    expect(bearerOf(server.requests[0] as Parameters<typeof bearerOf>[0])).toBe(token);
    const response = events.find((e) => e.hook === 'afterResponse') as ZoomResponseEvent;
    expect(response.trackingId).toBe('v=2.0;rid=[redacted]');
    expect(response.rateLimit).toMatchObject({ category: '[redacted]', type: 'QPS [redacted]', remaining: 29 });
    const given = received.find((e) => 'trackingId' in e) as ZoomResponseEvent;
    expect(Object.isFrozen(given) && Object.isFrozen(given.rateLimit)).toBe(true);
    expectNothingSecret(received, [token]);
  });

  it("a hook whose error quotes the call's token and the API secret: the report shows neither", async () => {
    const server = await serve(json(200, { sessions: [] }));
    const { lines, logger } = recordingLogger();
    const auth = createZoomAuth({ apiKey: 'key', apiSecret: API_SECRET });
    const token = await auth.getToken();
    const client = zoomClient(server.baseUrl, {
      auth,
      logger,
      hooks: {
        beforeRequest: () => {
          // The secret straddles the 200 characters a report keeps: cut first, its head would slip past
          // the redaction.
          throw new Error(`${'x'.repeat(185)} signed ${API_SECRET} with custom text`);
        },
        afterResponse: () => {
          throw new Error(`could not label the sample of ${token}`);
        },
      },
    });
    await listSessions(client, { query });
    const reports = lines.filter((l) => l.fields.event === 'hook-failure');
    expect(reports.map((r) => r.fields.hook)).toEqual(['beforeRequest', 'afterResponse']);
    const printed = reports.map((r) => `${r.message} ${JSON.stringify(r.fields)}`).join('\n');
    expect(printed).toContain(`hooks.beforeRequest threw Error: ${'x'.repeat(185)} signed [redact…`);
    expect(printed).toContain('hooks.afterResponse threw Error: could not label the sample of [redacted];');
    for (const secret of [API_SECRET.slice(0, 7), token, token.slice(0, 20)]) expect(printed).not.toContain(secret);
  });
});

describe('hooks are observers', () => {
  it('a hook that throws does not break the call and is reported once, at warn, naming the hook', async () => {
    const server = await serve(json(503, {}), json(200, { sessions: [] }));
    const { lines, logger } = recordingLogger();
    let calls = 0;
    const client = zoomClient(server.baseUrl, {
      logger,
      retry: fast,
      hooks: {
        afterResponse: () => {
          calls++;
          throw new Error('metrics backend down');
        },
      },
    });
    const { data } = await listSessions(client, { query });
    expect(data).toEqual({ sessions: [] });
    await listSessions(client, { query });
    expect(calls).toBe(3);
    const reports = lines.filter((l) => l.fields.event === 'hook-failure');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ level: 'warn', fields: { hook: 'afterResponse' } });
    expect(reports[0]?.message).toContain('hooks.afterResponse threw Error: metrics backend down');
  });

  it('a returned promise is not awaited; its rejection is reported, never unhandled', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const { lines, logger } = recordingLogger();
    const reported = deferred();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const client = zoomClient(server.baseUrl, {
        logger: {
          ...logger,
          warn: (message, fields) => {
            logger.warn(message, fields);
            if (fields?.event === 'hook-failure') reported.resolve();
          },
        },
        hooks: {
          // Never settles: awaiting it would hang the call.
          beforeRequest: () => new Promise(() => {}),
          afterResponse: async () => {
            throw new TypeError('async sink failed');
          },
        },
      });
      const { response } = await listSessions(client, { query });
      expect(response.status).toBe(200);
      await reported.promise;
      // Node reports a rejection left unhandled once the microtasks of its turn have run: by the next
      // turn of the event loop it would have been.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(lines.filter((l) => l.fields.event === 'hook-failure').map((l) => l.fields.hook)).toEqual([
        'afterResponse',
      ]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('the option', () => {
  it('is accepted by setConfig, reported by getConfig, and replaced as a whole', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const first = recording();
    const second = recording();
    const client = zoomClient(server.baseUrl, { logLevel: 'off' });
    expect(client.getConfig().hooks).toBeUndefined();
    client.setConfig({ hooks: first.hooks });
    expect(client.getConfig().hooks).toBe(first.hooks);
    await listSessions(client, { query });
    client.setConfig({ hooks: { beforeRequest: second.hooks.beforeRequest } });
    client.setConfig({ logLevel: 'off' }); // an unrelated option keeps the hooks
    await listSessions(client, { query });
    expect(first.events.map((e) => e.hook)).toEqual(['beforeRequest', 'afterResponse']);
    expect(second.events.map((e) => e.hook)).toEqual(['beforeRequest']);
  });

  it('a non-function hook is a TypeError naming it, before any request; setConfig changes nothing then', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const auth = { getToken: async () => 't' };
    expect(() => createZoomClient({ auth, hooks: { afterResponse: 'metrics' as never } })).toThrow(
      /hooks\.afterResponse must be a function; got a string/,
    );
    expect(() => createZoomClient({ auth, hooks: { onResponse: () => {} } as never })).toThrow(
      /hooks\.onResponse is not a hook; the hooks are beforeRequest, afterResponse, beforeRetry/,
    );
    expect(() => createZoomClient({ auth, hooks: (() => {}) as never })).toThrow(/hooks must be an object/);
    const client = zoomClient(server.baseUrl, { auth });
    expect(() => client.setConfig({ hooks: { beforeRetry: 42 as never }, timeout: 1234 })).toThrow(
      /hooks\.beforeRetry must be a function; got 42/,
    );
    expect(client.getConfig().timeout).not.toBe(1234);
    expect(server.requests).toHaveLength(0);
  });
});
