// The client's rate limiter (the `rateLimit` option) through core's own clients against the Zoom-like
// server, which enforces Zoom's sliding windows and counts what it saw. Each test gets its own in-process
// store, so budgets spent by one test never hold back the next. A client is given the rate-limit table a
// product gives it (withProductDefaults), with the categories each test needs.
import { createZoomAuth } from '@zoom-api/auth';
import { type Arrival, startZoomLikeServer, ZOOM_PLAN_LIMITS, type ZoomLikeServer } from '@zoom-api/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { type Client, createZoomClient, withProductDefaults } from '../../src/client.js';
import { ZoomApiError, ZoomError, ZoomRateLimitError } from '../../src/errors/classes.js';
import type { ZoomLogger } from '../../src/log/logger.js';
import type { ZoomClientOptions } from '../../src/options.js';
import { paginate } from '../../src/paginate.js';
import { RATE_LIMIT_PLANS, type RateLimitOptions } from '../../src/rate-limit/plans.js';
import {
  memoryStore,
  type RateLimitCategory,
  type RateLimitRule,
  type RateLimitStore,
  type RateLimitTable,
} from '../../src/rate-limit/store.js';
import { listSessionsAsGenerated as listSessions, recordingLogger } from '../helpers.js';

const auth = { getToken: async () => 'token-for-rate-limit-tests' };
const fast = { baseDelay: 5, maxDelay: 20 };
// listSessions's entry in the table videosdk is generated with (RESOURCE-INTENSIVE in Zoom's document).
const productTable: RateLimitTable = { 'GET /videosdk/sessions': ['listSessions', 'RESOURCE-INTENSIVE'] };

// Allows for the clocks of server and client reading a few milliseconds apart, and for timers firing late.
const CLOCK_SLACK_MS = 25;

let zoom: ZoomLikeServer | undefined;
afterEach(async () => {
  await zoom?.close();
  zoom = undefined;
});

async function zoomLike(options: Parameters<typeof startZoomLikeServer>[0] = {}): Promise<ZoomLikeServer> {
  zoom = await startZoomLikeServer(options);
  return zoom;
}

function clientFor(server: ZoomLikeServer, options: ZoomClientOptions = {}, table?: RateLimitTable): Client {
  return createZoomClient(
    { baseUrl: server.baseUrl, auth, retry: fast, logLevel: 'off', ...options },
    table ? withProductDefaults({ rateLimitTable: table }) : undefined,
  );
}

const callNumber = (request: Arrival) => Number(new URL(request.url, 'http://x').searchParams.get('n'));

/** A server and a client that both allow `perSecond` MEDIUM calls, the client logging at info. */
async function mediumAt(perSecond: number) {
  const server = await zoomLike({ limits: { MEDIUM: { perSecond } } });
  const { lines, logger } = recordingLogger();
  const client = clientFor(server, {
    rateLimit: { plan: 'pro', limits: { MEDIUM: { perSecond } }, store: memoryStore() },
    logger,
    logLevel: 'info',
  });
  return { server, lines, client };
}

/** A real store that remembers what it let go, to see the category and scope of each call. */
function recordingStore(): RateLimitStore & {
  takes: Array<{ scope: string; category: RateLimitCategory; rules: readonly RateLimitRule[] }>;
} {
  const inner = memoryStore();
  const takes: Array<{ scope: string; category: RateLimitCategory; rules: readonly RateLimitRule[] }> = [];
  return {
    takes,
    // Only the takes that let a call go: a queued call asks again until one does.
    async take(scope, category, rules, now) {
      const answer = await inner.take(scope, category, rules, now);
      if (answer.ok) takes.push({ scope, category, rules });
      return answer;
    },
    pause: (scope, category, until) => inner.pause(scope, category, until),
  };
}

describe('queueing', () => {
  it('sends queued calls in the order they were made, evenly spaced', async () => {
    const { server, lines, client } = await mediumAt(10);
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, n) => client.get({ url: '/items', query: { n } })));
    expect(server.requests.map(callNumber)).toEqual([0, 1, 2, 3, 4, 5]);
    // Five gaps of 105 ms (100 ms and the margin) at least; a busy machine only makes it later. Single
    // gaps are not checked: the way from the limiter to the socket takes a varying time.
    expect((server.requests[5] as Arrival).at - started).toBeGreaterThanOrEqual(5 * 105 - CLOCK_SLACK_MS);
    expect(server.stats('MEDIUM')).toMatchObject({ accepted: 6, rejected: 0 });
    const waits = lines.filter((l) => l.message.includes('for the MEDIUM rate limit'));
    expect(waits).toHaveLength(5);
    expect(waits[0]).toMatchObject({ level: 'info' });
    expect(waits[0]?.message).toMatch(/waited \d+ ms for the MEDIUM rate limit/);
  });

  it('drops a call aborted while queued without sending it; the calls behind it go on', async () => {
    const server = await zoomLike();
    const client = clientFor(server, {
      rateLimit: { plan: 'pro', limits: { MEDIUM: { perSecond: 5 } }, store: memoryStore() },
    });
    const controller = new AbortController();
    const first = client.get({ url: '/items', query: { n: 0 } });
    const aborted = client.get({ url: '/items', query: { n: 1 }, signal: controller.signal }).catch((e: unknown) => e);
    const third = client.get({ url: '/items', query: { n: 2 } });
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    expect(((await aborted) as Error).message).toBe('caller gave up');
    await Promise.all([first, third]);
    expect(server.requests.map(callNumber)).toEqual([0, 2]);
  });

  it('refuses a call that cannot go within maxWait, unsent, saying why and when', async () => {
    const server = await zoomLike();
    const { lines, logger } = recordingLogger();
    const client = clientFor(server, {
      rateLimit: { plan: 'free', maxWait: 100, store: memoryStore() },
      logger,
      logLevel: 'warn',
    });
    await client.get({ url: '/items' });
    const started = Date.now();
    const error = (await client.get({ url: '/items' }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error).toBeInstanceOf(ZoomError);
    expect(error.refusedByLimiter).toBe(true);
    expect(error.category).toBe('MEDIUM');
    expect(error.status).toBe(429);
    expect(error.retryAt).toBeInstanceOf(Date);
    // Free MEDIUM is 2/s: the next call may go about half a second after the first.
    expect(error.retryAt?.getTime()).toBeGreaterThan(started);
    expect(error.retryAt?.getTime()).toBeLessThanOrEqual(started + 600);
    expect(error.rateLimit).toMatchObject({ category: 'MEDIUM', type: 'QPS', limit: 2, remaining: 0 });
    expect(error.response.headers.get('x-ratelimit-category')).toBe('Medium'); // as Zoom's header spells it
    expect(error.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/items was not sent: the MEDIUM rate limit \(2 calls per second\) frees up at \d{4}-.*Z, later than maxWait allows; raise rateLimit.maxWait/,
    );
    expect(server.requests).toHaveLength(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringMatching(/refused by the MEDIUM rate limit, not sent/),
      }),
    ]);
  });

  it('refuses a call still queued when its maxWait runs out, though it never reached the head', async () => {
    const server = await zoomLike();
    const client = clientFor(server, {
      rateLimit: { plan: 'pro', limits: { MEDIUM: { perSecond: 4 } }, maxWait: 400, store: memoryStore() },
    });
    // Slots at 0, ~260, ~525 and ~790 ms: the last two are beyond 400 ms.
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, n) => client.get({ url: '/items', query: { n } })),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    for (const result of results.slice(2)) {
      const error = (result as PromiseRejectedResult).reason as ZoomRateLimitError;
      expect(error).toBeInstanceOf(ZoomRateLimitError);
      expect(error.refusedByLimiter).toBe(true);
      expect(error.message).toMatch(/maxWait/);
    }
    expect(server.requests.map(callNumber)).toEqual([0, 1]);
  });
});

describe('budgets', () => {
  it('fails every call at once with retryAt at 00:00 UTC once a daily budget is spent, even with no maxWait', async () => {
    const server = await zoomLike({ plan: 'free', limits: { HEAVY: { perSecond: 100 } } });
    const client = clientFor(
      server,
      {
        rateLimit: {
          plan: 'free',
          limits: { HEAVY: { perSecond: 100, perDay: 2 } },
          maxWait: Infinity,
          store: memoryStore(),
        },
        headers: { 'x-test-rate-limit-category': 'HEAVY' },
      },
      { 'GET /reports': ['getReport', 'HEAVY'] },
    );
    await client.get({ url: '/reports' });
    await client.get({ url: '/reports' });
    const started = Date.now();
    // They reject at all: queued until 00:00 UTC, they would outlast the test.
    const errors = (await Promise.all(
      [1, 2, 3].map(() => client.get({ url: '/reports' }).catch((e: unknown) => e)),
    )) as ZoomRateLimitError[];
    const midnight = new Date(started);
    midnight.setUTCHours(24, 0, 0, 0);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ZoomRateLimitError);
      expect(error.refusedByLimiter).toBe(true);
      expect(error.retryAt?.getTime()).toBe(midnight.getTime());
      expect(error.rateLimit.type).toBe('Daily-limit');
      expect(error.message).toContain('the HEAVY daily budget (2 calls per UTC day) is spent; it starts again at');
    }
    expect(server.requests).toHaveLength(2);
  });

  it('a 429 from Zoom pauses the whole category until its Retry-After, for every queued call', async () => {
    const server = await zoomLike({ limits: { MEDIUM: { perSecond: 5 } } });
    server.reject('MEDIUM', 1, '1');
    const client = clientFor(server, {
      rateLimit: { plan: 'pro', limits: { MEDIUM: { perSecond: 5 } }, store: memoryStore() },
    });
    const calls = Array.from({ length: 4 }, (_, n) => client.get({ url: '/items', query: { n } }));
    await Promise.all(calls);
    const [refused, ...rest] = server.requests;
    expect(server.stats('MEDIUM')).toMatchObject({ rejected: 1, accepted: 4 });
    // The 429 came back long before the second call's slot (~210 ms), so no other call went out
    // until the pause of Retry-After: 1 was over; the refused call went again too (a retry is a call).
    expect(rest).toHaveLength(4);
    for (const request of rest)
      expect(request.at).toBeGreaterThanOrEqual((refused as Arrival).at + 1000 - CLOCK_SLACK_MS);
    expect(rest.map(callNumber).sort()).toEqual([0, 1, 2, 3]);
  });

  // Fault injection: a Retry-After of 400 digits used to store an infinite pause, and the next call's queue
  // pump threw `RangeError: Invalid time value` where nothing caught it (the process exited).
  it('a 429 with a 400-digit Retry-After pauses the category for a bounded time; the next call is refused cleanly', async () => {
    const server = await zoomLike();
    server.reject('MEDIUM', 1, '9'.repeat(400));
    const store = memoryStore();
    const client = clientFor(server, { rateLimit: { plan: 'pro', store, maxWait: 50 } });
    const first = (await client.get({ url: '/items' }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect(first).toBeInstanceOf(ZoomRateLimitError);
    expect(first.refusedByLimiter).toBe(false);
    // The zoom-like server says X-RateLimit-Type: QPS: at most 5 minutes.
    expect(first.retryAfter).toBe(300);
    expect(first.retryAt?.getTime()).toBeLessThanOrEqual(Date.now() + 300_000);
    const second = (await client.get({ url: '/items' }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect(second).toBeInstanceOf(ZoomRateLimitError);
    expect(second.refusedByLimiter).toBe(true);
    expect(Number.isNaN(second.retryAt?.getTime())).toBe(false);
    expect(second.retryAt?.getTime()).toBeLessThanOrEqual(Date.now() + 300_000);
    expect(second.message).toMatch(/paused after Zoom answered 429 \(Retry-After\) frees up at \d{4}-/);
    expect(server.requests).toHaveLength(1);
  });

  it('a 429 whose Retry-After is junk (`foo 2099`) pauses nothing: the retry and the next call go out', async () => {
    const server = await zoomLike();
    server.reject('MEDIUM', 1, 'foo 2099');
    const store = recordingStore();
    const client = clientFor(server, { rateLimit: { plan: 'pro', store, maxWait: 1_000 } });
    await client.get({ url: '/items' });
    await client.get({ url: '/items' });
    expect(server.stats('MEDIUM')).toMatchObject({ rejected: 1, accepted: 2 });
    expect(store.takes).toHaveLength(3);
  });

  it('a retried call is a call: every attempt draws from the budget', async () => {
    const server = await zoomLike();
    server.reject('MEDIUM', 2, '0');
    const store = recordingStore();
    const client = clientFor(server, { rateLimit: { plan: 'pro', store } });
    await client.get({ url: '/items' });
    expect(server.stats('MEDIUM')).toMatchObject({ rejected: 2, accepted: 1 });
    expect(store.takes).toHaveLength(3);
  });

  it('shares one budget between two clients of one store (same account)', async () => {
    const server = await zoomLike({ limits: { MEDIUM: { perSecond: 10 } } });
    const store = memoryStore();
    const rateLimit = { plan: 'pro', limits: { MEDIUM: { perSecond: 10 } }, store } as const;
    const a = clientFor(server, { rateLimit });
    const b = clientFor(server, { rateLimit });
    const started = Date.now();
    await Promise.all(Array.from({ length: 10 }, (_, n) => (n % 2 === 0 ? a : b).get({ url: '/items', query: { n } })));
    expect(server.stats('MEDIUM')).toMatchObject({ accepted: 10, rejected: 0 });
    // One budget: ten calls take nine gaps of 105 ms. Two budgets would have taken four each.
    const last = Math.max(...server.requests.map((r) => r.at));
    expect(last - started).toBeGreaterThanOrEqual(9 * 105 - CLOCK_SLACK_MS);
  });

  it('shares the process-wide store between clients that name no store', async () => {
    const server = await zoomLike({ limits: { MEDIUM: { perSecond: 10 } } });
    // A scope of its own: the process-wide store outlives this test.
    const rateLimit = {
      plan: 'pro',
      limits: { MEDIUM: { perSecond: 10 } },
      scope: `default-store-${Date.now()}`,
    } as const;
    const a = clientFor(server, { rateLimit });
    const b = clientFor(server, { rateLimit });
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, n) => (n % 2 === 0 ? a : b).get({ url: '/items', query: { n } })));
    const last = Math.max(...server.requests.map((r) => r.at));
    expect(last - started).toBeGreaterThanOrEqual(5 * 105 - CLOCK_SLACK_MS);
  });

  it('a burst of 4× the per-second limit gets no 429 and at least 90 % of the limit', async () => {
    // Pro MEDIUM: 20 per second, on both sides.
    const server = await zoomLike({ plan: 'pro' });
    const client = clientFor(server, { rateLimit: { plan: 'pro', store: memoryStore() } });
    await Promise.all(Array.from({ length: 80 }, (_, n) => client.get({ url: '/items', query: { n } })));
    const stats = server.stats('MEDIUM');
    expect(stats).toMatchObject({ accepted: 80, rejected: 0 });
    // The busiest one-second window, as Zoom's sliding window sees it.
    let busiest = 0;
    for (let i = 0; i < stats.acceptedAt.length; i++) {
      const start = stats.acceptedAt[i] as number;
      busiest = Math.max(busiest, stats.acceptedAt.filter((t) => t >= start && t < start + 1000).length);
    }
    expect(busiest, `the busiest second of ${stats.acceptedAt.length} calls`).toBeGreaterThanOrEqual(18);
    expect(busiest).toBeLessThanOrEqual(20);
  }, 30_000);

  it('holds back no call when the budget is not the bottleneck, even above 1,000 calls a second', async () => {
    // Sequential local calls come less than a millisecond apart, within one tick of Date.now().
    const { server, lines, client } = await mediumAt(1e6);
    for (let n = 0; n < 200; n++) await client.get({ url: '/items', query: { n } });
    expect(server.requests).toHaveLength(200);
    expect(lines).toEqual([]);
  });

  it('without a limiter the same burst earns 429s', async () => {
    const server = await zoomLike({ plan: 'pro' });
    const client = clientFor(server, { retry: false });
    await Promise.allSettled(Array.from({ length: 80 }, (_, n) => client.get({ url: '/items', query: { n } })));
    expect(server.stats('MEDIUM').rejected).toBeGreaterThan(0);
  });
});

describe('the category and the account of a call', () => {
  const table: RateLimitTable = {
    'GET /videosdk/sessions': ['listSessions', 'LIGHT'],
    'GET /videosdk/sessions/{sessionId}': ['getSessionDetails'],
    'DELETE /videosdk/sessions/{sessionId}': ['deleteSession', 'HEAVY'],
    'PATCH /videosdk/sessions/{sessionId}': ['updateSession', 'HEAVY'],
  };

  it('overrides by name, then by METHOD /path, then the table, then MEDIUM', async () => {
    const server = await zoomLike({ plan: 'business' });
    const store = recordingStore();
    const client = clientFor(
      server,
      {
        rateLimit: {
          plan: 'business',
          store,
          categories: {
            deleteSession: 'LIGHT',
            'PATCH /videosdk/sessions/{sessionId}': 'MEDIUM',
            'GET /other': 'HEAVY',
          },
        },
      },
      table,
    );
    const path = { sessionId: 'abc' };
    await client.get({ url: '/videosdk/sessions' });
    await client.get({ url: '/videosdk/sessions/{sessionId}', path });
    await client.delete({ url: '/videosdk/sessions/{sessionId}', path });
    await client.patch({ url: '/videosdk/sessions/{sessionId}', path });
    await client.get({ url: '/other' });
    await client.get({ url: '/unknown' });
    expect(store.takes.map((t) => t.category)).toEqual(['LIGHT', 'MEDIUM', 'LIGHT', 'MEDIUM', 'HEAVY', 'MEDIUM']);
    // Business: 80/s LIGHT spaced 5 % wider; HEAVY shares the 60,000-a-day budget.
    expect(store.takes[0]?.rules).toEqual([
      { budget: 'LIGHT/second', kind: 'spacing', intervalMs: (1000 / 80) * 1.05 },
    ]);
    expect(store.takes[4]?.rules).toEqual([
      { budget: 'HEAVY/second', kind: 'spacing', intervalMs: (1000 / 40) * 1.05 },
      { budget: 'HEAVY+RESOURCE-INTENSIVE/day', kind: 'daily', limit: 60_000 },
    ]);
  });

  it('counts against the API key (the JWT issuer), never the secret or the token', async () => {
    const server = await zoomLike();
    const store = recordingStore();
    const apiSecret = 'secret-never-in-a-store-0123456789';
    const zoomAuth = createZoomAuth({ apiKey: 'public-api-key', apiSecret });
    const client = clientFor(server, { auth: zoomAuth, rateLimit: { plan: 'pro', store } }, productTable);
    await listSessions({ client, query: { from: '2025-01-01', to: '2025-01-02' } });
    const token = await zoomAuth.getToken();
    expect(store.takes).toHaveLength(1);
    expect(store.takes[0]?.scope).toBe('public-api-key');
    const seen = JSON.stringify(store.takes);
    expect(seen).not.toContain(apiSecret);
    expect(seen).not.toContain(token);
  });

  it('takes an explicit scope, and reports the option through getConfig', async () => {
    const server = await zoomLike();
    const store = recordingStore();
    const rateLimit = { plan: 'pro', store, scope: 'account-42' } as const;
    const client = clientFor(server, { rateLimit });
    await client.get({ url: '/items' });
    expect(store.takes[0]?.scope).toBe('account-42');
    expect(client.getConfig().rateLimit).toBe(rateLimit);
  });

  it('turns on through setConfig, and stays on when other options change', async () => {
    const server = await zoomLike();
    const store = recordingStore();
    const client = clientFor(server);
    await client.get({ url: '/items' });
    client.setConfig({ rateLimit: { plan: 'pro', store } });
    client.setConfig({ timeout: 5_000 });
    await client.get({ url: '/items' });
    expect(store.takes).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('hands a store with attach() the client’s logger, with the client’s level applied', async () => {
    const server = await zoomLike();
    const { lines, logger } = recordingLogger();
    let attached: ZoomLogger | undefined;
    const store = { ...memoryStore(), attach: (given: ZoomLogger) => (attached = given) };
    const client = clientFor(server, { rateLimit: { plan: 'pro', store }, logger, logLevel: 'warn' });
    // The limiter (and with it the store's logger) is made by the first call.
    expect(attached).toBeUndefined();
    await client.get({ url: '/items' });
    attached?.info('not at warn');
    attached?.warn('store unreachable; budgets are local for now');
    client.setConfig({ logLevel: 'off' });
    attached?.error('silenced');
    expect(lines).toEqual([{ level: 'warn', message: 'store unreachable; budgets are local for now', fields: {} }]);
  });

  // The product's table loads with the limiter, at the first call: that call is refused, unsent.
  it('refuses an override naming no operation of the product, before anything is sent', async () => {
    const server = await zoomLike();
    const client = clientFor(server, { rateLimit: { plan: 'pro', categories: { listSesions: 'LIGHT' } } }, table);
    await expect(client.get({ url: '/items' })).rejects.toThrow(
      /rateLimit.categories: this client has no operation named 'listSesions'/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

// The option is checked with the limiter's code, which a client loads at its first call: that call (and
// each one after it, until the option is fixed) is refused before anything is sent.
describe('option errors, before any request', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not an object', 'pro', /rateLimit must be an object such as \{ plan: 'pro' \}/],
    [
      'unknown plan',
      { plan: 'gold' },
      /rateLimit.plan must be 'free', 'pro' or 'business' \(Business, Education, Enterprise and Partner accounts\); got a string/,
    ],
    ['no plan', {}, /rateLimit.plan must be 'free', 'pro' or 'business'/],
    ['unknown option', { plan: 'pro', maxwait: 5 }, /rateLimit: unknown option 'maxwait'/],
    [
      'zero limit',
      { plan: 'pro', limits: { HEAVY: { perSecond: 0 } } },
      /rateLimit.limits.HEAVY.perSecond must be a positive number/,
    ],
    [
      'negative limit',
      { plan: 'pro', limits: { LIGHT: { perMinute: -1 } } },
      /rateLimit.limits.LIGHT.perMinute must be a positive/,
    ],
    ['fractional day', { plan: 'pro', limits: { LIGHT: { perDay: 1.5 } } }, /perDay must be a positive whole number/],
    [
      'unknown category',
      { plan: 'pro', limits: { SLOW: { perSecond: 1 } } },
      /rateLimit.limits: unknown category 'SLOW'/,
    ],
    [
      'unknown field',
      { plan: 'pro', limits: { LIGHT: { perHour: 1 } } },
      /unknown field 'perHour'; use perSecond, perMinute, perDay/,
    ],
    ['bad store', { plan: 'pro', store: { take() {} } }, /rateLimit.store must have take\(\) and pause\(\) methods/],
    ['negative maxWait', { plan: 'pro', maxWait: -1 }, /rateLimit.maxWait must be a number of milliseconds ≥ 0/],
    [
      'bad category',
      { plan: 'pro', categories: { listSessions: 'light' } },
      /rateLimit.categories.listSessions must be one of LIGHT, MEDIUM, HEAVY, RESOURCE-INTENSIVE/,
    ],
    ['empty scope', { plan: 'pro', scope: '' }, /rateLimit.scope must be a non-empty string/],
  ];

  it.each(cases)('%s', async (_name, rateLimit, message) => {
    const server = await zoomLike();
    const given = rateLimit as ZoomClientOptions['rateLimit'];
    // The limiter (and its option's check) loads at the first call: each call is refused, unsent.
    const made = clientFor(server, { rateLimit: given }, productTable);
    await expect(made.get({ url: '/items' })).rejects.toThrow(message);
    await expect(made.get({ url: '/items' })).rejects.toThrow(message);
    const client = clientFor(server, {}, productTable);
    client.setConfig({ rateLimit: given });
    await expect(client.get({ url: '/items' })).rejects.toThrow(message);
    expect(server.requests).toHaveLength(0);
  });
});

describe('ZoomRateLimitError from Zoom', () => {
  it('says it was not refused by the limiter and carries Zoom’s category and retryAt', async () => {
    const server = await zoomLike({ limits: { HEAVY: { perSecond: 1 } } });
    server.reject('HEAVY', 1, '120');
    const client = clientFor(server, { headers: { 'x-test-rate-limit-category': 'HEAVY' } });
    const error = (await client.get({ url: '/items' }).catch((e: unknown) => e)) as ZoomRateLimitError;
    expect(error).toBeInstanceOf(ZoomRateLimitError);
    expect(error.refusedByLimiter).toBe(false);
    expect(error.category).toBe('HEAVY');
    expect(error.retryAt).toBeInstanceOf(Date);
  });
});

describe('paginate() under rateLimit', () => {
  // Three pages of listSessions (RESOURCE-INTENSIVE in Zoom's document); `onPage` runs as page n arrives.
  async function pagesServer(onPage: (page: number) => void = () => {}) {
    const tokens = ['', 'page-2', 'page-3'];
    return zoomLike({
      categoryOf: (request) => (request.url.startsWith('/videosdk/sessions?') ? 'RESOURCE-INTENSIVE' : 'HEAVY'),
      limits: { 'RESOURCE-INTENSIVE': {}, HEAVY: {} }, // this server does not refuse: the client's limiter is tested
      respond: (request, res) => {
        const token = new URL(request.url, 'http://x').searchParams.get('next_page_token') ?? '';
        const page = tokens.indexOf(token) + 1;
        onPage(page);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ next_page_token: tokens[page] ?? '', sessions: [{ id: `s${page}` }] }));
      },
    });
  }
  const query = { from: '2025-01-01', to: '2025-01-31' };

  async function listingClient(rateLimit: RateLimitOptions) {
    const server = await pagesServer();
    const { lines, logger } = recordingLogger();
    const client = clientFor(server, { logger, logLevel: 'warn', rateLimit }, productTable);
    return { server, lines, client };
  }

  it('warns once, before asking, when the next page cannot get its turn within maxWait; then it is refused unsent', async () => {
    const { server, lines, client } = await listingClient({ plan: 'pro', maxWait: 2000, store: memoryStore() });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const session of paginate(listSessions, { client, query })) seen.push(session.id as string);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['s1']);
    expect(failure).toBeInstanceOf(ZoomRateLimitError);
    expect((failure as ZoomRateLimitError).refusedByLimiter).toBe(true);
    expect(server.requests).toHaveLength(1);
    const warnings = lines.filter((l) => l.message.includes('paginate()'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(
      new RegExp(
        `^\\[zoom-api\\] paginate\\(\\): the next page of GET ${server.baseUrl}/videosdk/sessions waits at least 6\\.\\d s ` +
          'for the RESOURCE-INTENSIVE rate limit \\(10 calls per minute\\), longer than rateLimit\\.maxWait \\(2000 ms\\) ' +
          'allows, so it will be refused\\. Raise rateLimit\\.maxWait above 6\\d{3} ms',
      ),
    );
  });

  it('counts the calls queued ahead of the next page', async () => {
    const store = memoryStore();
    const queued: Promise<unknown>[] = [];
    const stop = new AbortController();
    const { lines, logger } = recordingLogger();
    let client: Client | undefined;
    // While the first page is being answered, five other calls of the category join the queue.
    const server = await pagesServer((page) => {
      if (page !== 1 || !client) return;
      for (let i = 0; i < 5; i++) {
        queued.push(
          listSessions({ client, query: { ...query, to: `2025-02-0${i + 1}` }, signal: stop.signal }).catch((e) => e),
        );
      }
    });
    const record = logger.warn;
    const warned = new Promise<void>((resolve) => {
      logger.warn = (message, fields) => {
        const recorded = record(message, fields);
        if (message.includes('paginate()')) resolve();
        return recorded;
      };
    });
    client = clientFor(
      server,
      {
        logger,
        logLevel: 'warn',
        // One call every 2.1 s: five queued calls are more than 10 s of waiting.
        rateLimit: { plan: 'pro', maxWait: 5000, store, limits: { 'RESOURCE-INTENSIVE': { perMinute: 30 } } },
      },
      productTable,
    );
    const listing = (async () => {
      for await (const _ of paginate(listSessions, { client, query, signal: stop.signal })) {
        // the first page only: the second is asked for after the warning
      }
    })().catch((e: unknown) => e);
    await warned;
    stop.abort(new Error('enough'));
    expect(await listing).toEqual(new Error('enough'));
    await Promise.all(queued);
    const warning = lines.find((l) => l.message.includes('paginate()'))?.message ?? '';
    expect(warning).toMatch(
      /waits at least \d+\.\d s for the RESOURCE-INTENSIVE rate limit \(30 calls per minute\) behind [45] queued calls/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('says nothing when every page gets its turn within maxWait', async () => {
    const limits = { 'RESOURCE-INTENSIVE': { perMinute: 1200 } };
    const { lines, client } = await listingClient({ plan: 'pro', store: memoryStore(), limits });
    const ids: string[] = [];
    for await (const session of paginate(listSessions, { client, query })) ids.push(session.id as string);
    expect(ids).toEqual(['s1', 's2', 's3']);
    expect(lines.filter((l) => l.message.includes('paginate()'))).toEqual([]);
  });
});

describe('RATE_LIMIT_PLANS', () => {
  it('are Zoom’s published limits (as the Zoom-like server types them in), in the shape of the limits option', () => {
    for (const plan of ['free', 'pro', 'business'] as const) {
      const published = ZOOM_PLAN_LIMITS[plan];
      const shared = published.heavySharedPerDay;
      expect(RATE_LIMIT_PLANS[plan]).toEqual({
        ...published.categories,
        ...(shared === undefined ? {} : { 'HEAVY+RESOURCE-INTENSIVE': { perDay: shared } }),
      });
      expect(Object.isFrozen(RATE_LIMIT_PLANS[plan].HEAVY)).toBe(true);
    }
  });
});
