// The `hooks` option against a local server: every attempt of a call reaches beforeRequest, each
// response afterResponse and each repeat beforeRetry, under the log lines' request id; hooks observe and
// cannot break or slow a call; nothing secret is ever in what they get.
import { inspect } from 'node:util';
import { createZoomAuth } from '@zoom-api/auth';
import type { ZoomAttemptEvent, ZoomHooks, ZoomResponseEvent, ZoomRetryEvent } from '@zoom-api/core';
import { bearerOf, json, reset, scriptedServerPerTest, startServer } from '@zoom-api/test-utils';
import { createSession, createVideoSdkClient, listSessions } from '@zoom-api/videosdk';
import { describe, expect, it } from 'vitest';

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

function recorderLogger() {
  const lines: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push({ level, message, fields: fields ?? {} });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

const summary = (events: Event[]) =>
  events.map((e) => [e.hook, e.attempt, 'status' in e ? e.status : undefined, 'reason' in e ? e.reason : undefined]);

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
    const { lines, logger } = recorderLogger();
    const auth = createZoomAuth({ apiKey: 'key', apiSecret: API_SECRET });
    const client = createVideoSdkClient({
      baseUrl: server.baseUrl,
      auth,
      hooks,
      logger,
      logLevel: 'debug',
      retry: fast,
    });
    await listSessions({ client, query });

    expect(summary(events)).toEqual([
      ['beforeRequest', 1, undefined, undefined],
      ['afterResponse', 1, 503, undefined],
      ['beforeRetry', 1, 503, 'server-error'],
      ['beforeRequest', 2, undefined, undefined],
      ['afterResponse', 2, 200, undefined],
    ]);
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
    const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth, hooks, logLevel: 'off', retry: false });
    await listSessions({ client, query });

    expect(summary(events)).toEqual([
      ['beforeRequest', 1, undefined, undefined],
      ['afterResponse', 1, 401, undefined],
      ['beforeRetry', 1, 401, 'unauthorized'],
      ['beforeRequest', 2, undefined, undefined],
      ['afterResponse', 2, 200, undefined],
    ]);
    expect(events[2]).toMatchObject({ waitMs: 0, error: undefined });
    const tokens = server.requests.map((r) => bearerOf(r) as string);
    expect(new Set(tokens).size).toBe(2);
    expectNothingSecret(received, [...tokens, API_SECRET, 'query-never-in-hooks']);
  });

  it('a connection failure: beforeRequest without afterResponse, then a retry naming the error kind', async () => {
    const server = await serve(reset, json(200, { sessions: [] }));
    const { events, hooks } = recording();
    const client = createVideoSdkClient({
      baseUrl: server.baseUrl,
      auth: { getToken: async () => 'conn-token' },
      hooks,
      logLevel: 'off',
      retry: fast,
    });
    await listSessions({ client, query });
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
    const client = createVideoSdkClient({
      baseUrl: server.baseUrl,
      auth: { getToken: async () => 't' },
      hooks,
      logLevel: 'off',
    });
    await expect(createSession({ client, body: { session_name: 'x' } })).rejects.toThrow();
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
      const client = createVideoSdkClient({
        baseUrl: server.baseUrl,
        auth: { getToken: async () => 't' },
        hooks,
        logLevel: 'off',
        retry: fast,
      });
      await Promise.all(
        ['a', 'retry-me', 'b', 'c'].map((token) =>
          listSessions({ client, query: { from: '2025-01-01', to: '2025-01-02', next_page_token: token } }),
        ),
      );
      const byId = new Map<string, Event[]>();
      for (const event of events) byId.set(event.requestId, [...(byId.get(event.requestId) ?? []), event]);
      expect(byId.size).toBe(4);
      const shapes = [...byId.values()].map((own) => summary(own).map((row) => row.slice(0, 3)));
      const once = [
        ['beforeRequest', 1, undefined],
        ['afterResponse', 1, 200],
      ];
      const twice = [
        ['beforeRequest', 1, undefined],
        ['afterResponse', 1, 503],
        ['beforeRetry', 1, 503],
        ['beforeRequest', 2, undefined],
        ['afterResponse', 2, 200],
      ];
      expect(shapes.filter((s) => s.length === 2)).toEqual([once, once, once]);
      expect(shapes.filter((s) => s.length !== 2)).toEqual([twice]);
    } finally {
      await server.close();
    }
  });
});

describe('hooks are observers', () => {
  it('a hook that throws does not break the call and is reported once, at warn, naming the hook', async () => {
    const server = await serve(json(503, {}), json(200, { sessions: [] }));
    const { lines, logger } = recorderLogger();
    let calls = 0;
    const client = createVideoSdkClient({
      baseUrl: server.baseUrl,
      auth: { getToken: async () => 't' },
      logger,
      retry: fast,
      hooks: {
        afterResponse: () => {
          calls++;
          throw new Error('metrics backend down');
        },
      },
    });
    const { data } = await listSessions({ client, query });
    expect(data).toEqual({ sessions: [] });
    await listSessions({ client, query });
    expect(calls).toBe(3);
    const reports = lines.filter((l) => l.fields.event === 'hook-failure');
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ level: 'warn', fields: { hook: 'afterResponse' } });
    expect(reports[0]?.message).toContain('hooks.afterResponse threw Error: metrics backend down');
  });

  it('a returned promise is not awaited; its rejection is reported, never unhandled', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const { lines, logger } = recorderLogger();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const client = createVideoSdkClient({
        baseUrl: server.baseUrl,
        auth: { getToken: async () => 't' },
        logger,
        hooks: {
          // Never settles: awaiting it would hang the call.
          beforeRequest: () => new Promise(() => {}),
          afterResponse: async () => {
            throw new TypeError('async sink failed');
          },
        },
      });
      const { response } = await listSessions({ client, query });
      expect(response.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50));
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
    const client = createVideoSdkClient({
      baseUrl: server.baseUrl,
      auth: { getToken: async () => 't' },
      logLevel: 'off',
    });
    expect(client.getConfig().hooks).toBeUndefined();
    client.setConfig({ hooks: first.hooks });
    expect(client.getConfig().hooks).toBe(first.hooks);
    await listSessions({ client, query });
    client.setConfig({ hooks: { beforeRequest: second.hooks.beforeRequest } });
    client.setConfig({ logLevel: 'off' }); // an unrelated option keeps the hooks
    await listSessions({ client, query });
    expect(first.events.map((e) => e.hook)).toEqual(['beforeRequest', 'afterResponse']);
    expect(second.events.map((e) => e.hook)).toEqual(['beforeRequest']);
  });

  it('a non-function hook is a TypeError naming it, before any request; setConfig changes nothing then', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const auth = { getToken: async () => 't' };
    expect(() => createVideoSdkClient({ auth, hooks: { afterResponse: 'metrics' as never } })).toThrow(
      /hooks\.afterResponse must be a function; got a string/,
    );
    expect(() => createVideoSdkClient({ auth, hooks: { onResponse: () => {} } as never })).toThrow(
      /hooks\.onResponse is not a hook; the hooks are beforeRequest, afterResponse, beforeRetry/,
    );
    expect(() => createVideoSdkClient({ auth, hooks: (() => {}) as never })).toThrow(/hooks must be an object/);
    const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth });
    expect(() => client.setConfig({ hooks: { beforeRetry: 42 as never }, timeout: 1234 })).toThrow(
      /hooks\.beforeRetry must be a function; got 42/,
    );
    expect(client.getConfig().timeout).not.toBe(1234);
    expect(server.requests).toHaveLength(0);
  });
});
