// The Redis store against a real redis-server: the rules every store follows (with two processes
// contending for one daily budget), budgets and pauses shared by two connections (as two processes would
// hold), what it leaves in Redis, what it refuses to store, and the outages: a Redis that answers but
// refuses writes, and a Redis that dies mid-run and comes back.
import { createHook } from 'node:async_hooks';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createZoomClient, type RateLimitRule } from '@zoom-api/core';
import { REDIS_MISSING, type RunningRedis, rateLimitStoreConformance, startRedis } from '@zoom-api/test-utils';
import { Redis, type RedisOptions } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { type RedisStoreLogger, redisStore } from '../src/index.js';
import { longestPause } from '../src/redis-store.js';
import { PROBE } from '../src/scripts.js';

let redis: RunningRedis;
const clients: Redis[] = [];

/** A new connection, as another process would open; errors while Redis is down are expected here. */
function connect(options: RedisOptions = {}, url = redis.url): Redis {
  const client = new Redis(url, options);
  client.on('error', () => {});
  clients.push(client);
  return client;
}

function recorder(): RedisStoreLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (message) => lines.push(message) };
}

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

describe('redisStore', () => {
  rateLimitStoreConformance(() => redisStore(connect()), {
    processes: {
      module: fileURLToPath(new URL('./fixtures/shared-store.ts', import.meta.url)),
      env: () => ({ REDIS_URL: redis.url }),
    },
  });
});

const second: RateLimitRule = { budget: 'MEDIUM/second', kind: 'spacing', intervalMs: 60_000 };

describe('two connections to one Redis', () => {
  it('share spacing: a call through one holds back the other', async () => {
    const a = redisStore(connect());
    const b = redisStore(connect());
    const now = Date.now();
    expect(await a.take('shared-key', 'MEDIUM', [second], now)).toEqual({ ok: true });
    expect(await b.take('shared-key', 'MEDIUM', [second], now + 10)).toEqual({
      ok: false,
      retryAt: now + 60_000,
      blockedBy: second,
    });
    // Another API key is another account: its budget is its own.
    expect(await b.take('other-key', 'MEDIUM', [second], now + 10)).toEqual({ ok: true });
  });

  it('share a daily budget, and a refused call uses none of it', async () => {
    const a = redisStore(connect());
    const b = redisStore(connect());
    const now = Date.UTC(2030, 0, 1, 8);
    const daily: RateLimitRule = { budget: 'HEAVY+RESOURCE-INTENSIVE/day', kind: 'daily', limit: 3 };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).take('daily-key', 'HEAVY', [daily], now)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok)).toEqual(
      Array(5).fill({ ok: false, retryAt: Date.UTC(2030, 0, 2), blockedBy: daily }),
    );
    // Refused calls were never counted: this day stays at exactly 3, and the next day starts from zero.
    const counter = await connect().get(
      (await connect().keys('zoom-api:rl:*:day:2030-01-01:HEAVY+RESOURCE-INTENSIVE/day'))[0] as string,
    );
    expect(counter).toBe('3');
    expect(await a.take('daily-key', 'RESOURCE-INTENSIVE', [daily], Date.UTC(2030, 0, 2))).toEqual({ ok: true });
  });

  it('share the pause after a 429: a call through the other connection waits for it', async () => {
    const a = redisStore(connect());
    const b = redisStore(connect());
    const now = Date.now();
    await a.pause('paused-key', 'HEAVY', now + 5_000);
    expect(await b.take('paused-key', 'HEAVY', [second], now)).toEqual({
      ok: false,
      retryAt: now + 5_000,
      blockedBy: 'pause',
    });
    expect(await b.take('paused-key', 'LIGHT', [{ ...second, budget: 'LIGHT/second' }], now)).toEqual({ ok: true });
  });

  it('agree under contention: of many simultaneous takes of one spacing budget, exactly one goes', async () => {
    const stores = Array.from({ length: 4 }, () => redisStore(connect()));
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => stores[i % 4]?.take('contended-key', 'MEDIUM', [second], now)),
    );
    expect(results.filter((r) => r?.ok)).toHaveLength(1);
  });
});

describe('what the store leaves in Redis', () => {
  it('keys under the prefix and a hash of the API key, each expiring, holding no credential', async () => {
    const client = connect();
    await client.flushall();
    const apiKey = 'ABCdefAPIkey123';
    const store = redisStore(client, { keyPrefix: 'acme:rl:' });
    const now = Date.now();
    const daily: RateLimitRule = { budget: 'HEAVY/day', kind: 'daily', limit: 1000 };
    expect(await store.take(apiKey, 'HEAVY', [{ ...second, budget: 'HEAVY/second' }, daily], now)).toEqual({
      ok: true,
    });
    await store.pause(apiKey, 'HEAVY', now + 2_000);

    const keys = (await client.keys('*')).sort();
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      expect(key).toMatch(/^acme:rl:\{[0-9a-f]{32}\}:(pause|next:HEAVY\/second|day:\d{4}-\d{2}-\d{2}:HEAVY\/day)$/);
      expect(key.toLowerCase()).not.toContain(apiKey.toLowerCase());
      expect(await client.pttl(key), key).toBeGreaterThan(0);
      // The raw serialized value, whatever its type.
      const dumped = (await client.dumpBuffer(key))?.toString('latin1') ?? '';
      expect(dumped).not.toContain(apiKey);
    }
  });
});

describe('options', () => {
  it('refuse what is not an ioredis client, and unknown or out-of-range options, naming them', () => {
    expect(() => redisStore({} as Redis)).toThrow(/^redisStore\(client\) needs an ioredis client/);
    expect(() => redisStore('redis://localhost' as unknown as Redis)).toThrow(/got a string\.$/);
    const client = connect({ lazyConnect: true });
    expect(() => redisStore(client, { prefix: 'x' } as never)).toThrow(
      /^redisStore options has no option "prefix"; it takes keyPrefix, logger/,
    );
    expect(() => redisStore(client, { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => redisStore(client, { timeoutMs: 0 })).toThrow(/timeoutMs must be a number of milliseconds from 1/);
    expect(() => redisStore(client, { keyPrefix: '' })).toThrow(/keyPrefix must be a non-empty string/);
    expect(() => redisStore(client, { logger: {} as RedisStoreLogger })).toThrow(/logger must have a warn method/);
  });
});

describe('startRedis', () => {
  it('fails, saying how to install redis-server, when there is none: the Redis tests never pass without one', async () => {
    const before = process.env.REDIS_SERVER;
    process.env.REDIS_SERVER = '/nonexistent/redis-server';
    try {
      await expect(startRedis()).rejects.toThrow(REDIS_MISSING);
    } finally {
      if (before === undefined) delete process.env.REDIS_SERVER;
      else process.env.REDIS_SERVER = before;
    }
    expect(REDIS_MISSING).toMatch(/apt-get install -y redis-server/);
  });
});

describe('what the store refuses to keep', () => {
  const now = Date.UTC(2026, 11, 7, 15, 0);

  it('a pause that is not a finite moment: a RangeError, and nothing paused here or in Redis', async () => {
    const client = connect();
    await client.flushall();
    const store = redisStore(client, { logger: recorder() });
    for (const until of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      await expect(store.pause('junk-pause-key', 'HEAVY', until)).rejects.toThrow(
        /^redisStore\.pause: until must be a finite epoch in milliseconds; got (NaN|-?Infinity)\. Nothing was paused\.$/,
      );
    }
    expect(await store.take('junk-pause-key', 'HEAVY', [second], Date.now())).toEqual({ ok: true });
    expect(await client.keys('*:pause')).toEqual([]);
    expect(store.state).toBe('shared');
  });

  it('a pause past the next 00:00 UTC and an hour (Retry-After: foo 2099) is cut to that, here and in Redis', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now });
    try {
      const client = connect();
      await client.flushall();
      const a = redisStore(client);
      const b = redisStore(connect());
      const longest = Date.UTC(2026, 11, 8, 1, 0);
      expect(longestPause(now)).toBe(longest);
      await a.pause('long-pause-key', 'HEAVY', Date.UTC(2099, 0, 1));
      expect(await a.take('long-pause-key', 'HEAVY', [], now)).toEqual({
        ok: false,
        retryAt: longest,
        blockedBy: 'pause',
      });
      // The other connection reads it from Redis: the cut pause is what was stored, and its key expires
      // a minute after it ends, not in 2099.
      expect(await b.take('long-pause-key', 'HEAVY', [], now)).toEqual({
        ok: false,
        retryAt: longest,
        blockedBy: 'pause',
      });
      expect(await b.take('long-pause-key', 'HEAVY', [], longest)).toEqual({ ok: true });
      const [key] = await client.keys('*:pause');
      expect(Number(await client.zscore(key as string, 'HEAVY'))).toBe(longest);
      const ttl = await client.pttl(key as string);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(longest - now + 60_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a take at no finite moment or with a rule Lua could not compare: a RangeError before anything is sent', async () => {
    const log = recorder();
    const store = redisStore(connect(), { logger: log });
    await expect(store.take('junk-take-key', 'HEAVY', [second], Number.NaN)).rejects.toThrow(
      /^redisStore\.take: now must be a finite epoch in milliseconds; got NaN\.$/,
    );
    const broken: RateLimitRule = { budget: 'HEAVY/second', kind: 'spacing', intervalMs: Number.NaN };
    await expect(store.take('junk-take-key', 'HEAVY', [broken], Date.now())).rejects.toThrow(
      /^redisStore\.take: rule .* needs a budget name and an intervalMs that is a finite number ≥ 0\.$/,
    );
    const fractional: RateLimitRule = { budget: 'HEAVY/day', kind: 'daily', limit: 2.5 };
    await expect(store.take('junk-take-key', 'HEAVY', [fractional], Date.now())).rejects.toThrow(
      /a limit that is a whole number ≥ 0\.$/,
    );
    expect([store.state, log.lines]).toEqual(['shared', []]);
    expect(await store.take('junk-take-key', 'HEAVY', [second], Date.now())).toEqual({ ok: true });
  });
});

describe('timers', () => {
  /** The timers created while `run` runs that are still set when it ends (neither fired nor cleared). */
  async function timersLeftBy(run: () => Promise<void>): Promise<{ ref: boolean }[]> {
    const pending = new Map<number, { hasRef(): boolean }>();
    const hook = createHook({
      init(id, type, _trigger, resource) {
        if (type === 'Timeout') pending.set(id, resource as { hasRef(): boolean });
      },
      destroy(id) {
        pending.delete(id);
      },
    });
    hook.enable();
    try {
      await run();
      // A cleared timer's destroy is reported on a later turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      hook.disable();
    }
    return [...pending.values()].map((timer) => ({ ref: timer.hasRef() }));
  }

  it('none is left holding the process after takes and pauses, answered or timed out', async () => {
    const answering = redisStore(connect(), { logger: recorder() });
    await answering.take('timer-key', 'LIGHT', [], Date.now());
    // A server that accepts the connection, answers ioredis' CLIENT SETINFO greeting and nothing after: every
    // exchange of the store ends by its timeout.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk) => {
        for (const _ of chunk.toString('latin1').matchAll(/SETINFO/g)) socket.write('+OK\r\n');
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const stuck = connect({ enableReadyCheck: false, maxRetriesPerRequest: null }, `redis://127.0.0.1:${port}`);
    await new Promise((resolve) => stuck.once('ready', resolve));
    const hanging = redisStore(stuck, { logger: recorder(), timeoutMs: 20, retryIntervalMs: 1 });
    try {
      // Answered: each exchange's timeout is cleared with it.
      const answered = await timersLeftBy(async () => {
        for (let i = 0; i < 5; i++) {
          expect((await answering.take('timer-key', 'LIGHT', [], Date.now() + i)).ok).toBe(true);
          await answering.pause('timer-key', 'HEAVY', Date.now() + 1_000);
        }
      });
      expect(answered).toEqual([]);
      // Timed out, then probing in the background: a probe may still be waiting when the calls are done,
      // but its timer does not hold the process.
      const timedOut = await timersLeftBy(async () => {
        for (let i = 0; i < 5; i++) {
          expect((await hanging.take('timer-key', 'LIGHT', [], Date.now() + i)).ok).toBe(true);
          await hanging.pause('timer-key', 'HEAVY', Date.now() + 1_000);
        }
      });
      expect(hanging.state).toBe('unreachable');
      expect(timedOut.filter((timer) => timer.ref)).toEqual([]);
    } finally {
      stuck.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

/** How many commands this Redis has refused for want of memory. */
async function refusedForMemory(admin: Redis): Promise<number> {
  const match = /errorstat_OOM:count=(\d+)/.exec(await admin.info('errorstats'));
  return Number(match?.[1] ?? 0);
}

describe('when Redis answers but refuses writes (maxmemory reached under noeviction)', () => {
  let full: RunningRedis;
  beforeAll(async () => {
    full = await startRedis({ args: ['--maxmemory-policy', 'noeviction'] });
  });
  afterAll(async () => {
    await full?.stop();
  });

  it('counts locally with one warning, keeps probing without flapping, and shares again with one line', async () => {
    const admin = connect({}, full.url);
    const log = recorder();
    const a = redisStore(connect({ enableOfflineQueue: false }, full.url), {
      logger: log,
      retryIntervalMs: 5,
      maxRetryIntervalMs: 20,
      timeoutMs: 5_000,
    });
    const b = redisStore(connect({}, full.url), { logger: recorder() });
    const scope = 'full-key';
    const rule: RateLimitRule = { budget: 'LIGHT/second', kind: 'spacing', intervalMs: 50 };
    let now = Date.now();
    expect(await a.take(scope, 'LIGHT', [rule], now)).toEqual({ ok: true });

    await admin.config('SET', 'maxmemory', '1');
    // The state that made the old store flap: PING answers, writes do not.
    expect(await admin.ping()).toBe('PONG');
    await expect(admin.set('x', '1')).rejects.toThrow(/^OOM command not allowed/);
    const start = await refusedForMemory(admin);
    // Calls go on from this process's budgets while the store keeps asking Redis, refused each time.
    const states = new Set<string>();
    while ((await refusedForMemory(admin)) - start < 8) {
      now += 50;
      expect(await a.take(scope, 'LIGHT', [rule], now)).toEqual({ ok: true });
      expect(await a.take(scope, 'LIGHT', [rule], now + 1)).toMatchObject({ ok: false, retryAt: now + 50 });
      states.add(a.state);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect([...states]).toEqual(['refusing-writes']);
    expect(a.mode).toBe('local');
    expect(log.lines).toEqual([
      expect.stringMatching(
        /^Rate limits: Redis answers but refuses writes \(OOM command not allowed .*\); counting this process's calls alone until it takes them again\./,
      ),
    ]);

    await admin.config('SET', 'maxmemory', '0');
    for (let i = 0; a.state !== 'shared'; i++) {
      expect(i, 'the store never tried Redis again').toBeLessThan(10_000);
      now += 50;
      await a.take(scope, 'LIGHT', [rule], now);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(log.lines).toHaveLength(2);
    expect(log.lines[1]).toBe(
      'Rate limits: Redis takes writes again; budgets are shared with the other processes again.',
    );
    // Shared again: a call through one holds back the other.
    now += 60_000;
    expect(await a.take(scope, 'LIGHT', [rule], now)).toEqual({ ok: true });
    expect(await b.take(scope, 'LIGHT', [rule], now + 1)).toMatchObject({ ok: false, blockedBy: rule });
  }, 60_000);

  it('a read-only replica refuses writes too: the same state, and shared again once it is promoted', async () => {
    const admin = connect({}, full.url);
    const log = recorder();
    const store = redisStore(connect({}, full.url), { logger: log, retryIntervalMs: 1, maxRetryIntervalMs: 1 });
    expect(await store.take('replica-key', 'LIGHT', [], Date.now())).toEqual({ ok: true });
    await admin.replicaof('127.0.0.1', String(redis.port));
    try {
      await expect(admin.set('x', '1')).rejects.toThrow(/^READONLY/);
      expect(await store.take('replica-key', 'LIGHT', [], Date.now())).toEqual({ ok: true });
      expect(store.state).toBe('refusing-writes');
    } finally {
      await admin.replicaof('NO', 'ONE');
    }
    for (let i = 0; store.state !== 'shared'; i++) {
      expect(i, 'the store never tried Redis again').toBeLessThan(10_000);
      await store.take('replica-key', 'LIGHT', [], Date.now());
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(log.lines).toEqual([
      expect.stringMatching(
        /^Rate limits: Redis answers but refuses writes \(READONLY You can't write against a read only replica/,
      ),
      'Rate limits: Redis takes writes again; budgets are shared with the other processes again.',
    ]);
  });

  it('a logger that throws changes nothing: the calls go on, and so do the probes and the recovery', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => {
      if (warning.code === 'ZOOM_API_LOGGER_FAILED') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    onTestFinished(() => {
      process.off('warning', onWarning);
    });
    const admin = connect({}, full.url);
    let thrown = 0;
    const logger = {
      warn() {
        thrown++;
        throw new Error('logger down');
      },
    };
    const store = redisStore(connect({}, full.url), { logger, retryIntervalMs: 1, maxRetryIntervalMs: 1 });
    await admin.config('SET', 'maxmemory', '1');
    try {
      expect(await store.take('throwing-logger-key', 'LIGHT', [], Date.now())).toEqual({ ok: true });
      expect([store.state, thrown]).toEqual(['refusing-writes', 1]);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
    }
    // The recovery is noticed by a probe, in the background: its warning throws where no call can catch it.
    for (let i = 0; store.state !== 'shared'; i++) {
      expect(i, 'the store never tried Redis again').toBeLessThan(10_000);
      expect((await store.take('throwing-logger-key', 'LIGHT', [], Date.now())).ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(thrown).toBe(2);
    // Said once, outside the logger (which cannot say it), on the tick after the first failure.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^\[zoom-api\] the logger of a Redis rate-limit store failed: its warn\(\) threw Error: logger down\./,
      ),
    ]);
  });

  it('backs off: tries again after 100, 200, 400, 400 ms, and after a relapse goes on at 400 ms', async () => {
    const T = Date.UTC(2026, 11, 7, 12);
    const client = connect({}, full.url);
    const admin = connect({}, full.url);
    // Loaded now, so that each probe is one EVALSHA that Redis refuses (ioredis would otherwise send it twice).
    await admin.script('LOAD', PROBE);
    const log = recorder();
    const store = redisStore(client, { logger: log, retryIntervalMs: 100, maxRetryIntervalMs: 400, timeoutMs: 5_000 });
    const daily: RateLimitRule = { budget: 'LIGHT/day', kind: 'daily', limit: 1_000_000 };
    vi.useFakeTimers({ toFake: ['Date'], now: T });
    try {
      expect(await store.take('backoff-key', 'LIGHT', [daily], T)).toEqual({ ok: true });
      await admin.config('SET', 'maxmemory', '1');
      /** A call at T + `at`, then every reply on the store's connection is in: how many refusals so far. */
      const callAt = async (at: number) => {
        vi.setSystemTime(T + at);
        expect((await store.take('backoff-key', 'LIGHT', [daily], T + at)).ok).toBe(true);
        await client.ping();
        await new Promise((resolve) => setImmediate(resolve));
        return refusedForMemory(admin);
      };
      const first = await callAt(0);
      expect(store.state).toBe('refusing-writes');
      const probes: number[] = [];
      for (const at of [99, 100, 299, 300, 699, 700, 1_099, 1_100]) probes.push((await callAt(at)) - first);
      expect(probes).toEqual([0, 1, 1, 2, 2, 3, 3, 4]);
      expect(log.lines).toHaveLength(1);

      await admin.config('SET', 'maxmemory', '0');
      expect(await callAt(1_499)).toBe(first + 4);
      expect(store.state).toBe('refusing-writes');
      await callAt(1_500);
      expect(store.state).toBe('shared');
      // Full again 100 ms after recovering: the next try is 400 ms away, not 100.
      await admin.config('SET', 'maxmemory', '1');
      const relapse = await callAt(1_600);
      expect(store.state).toBe('refusing-writes');
      expect([await callAt(1_700), await callAt(1_999), await callAt(2_000)]).toEqual([relapse, relapse, relapse + 1]);
      expect(log.lines.map((line) => line.slice(0, 40))).toEqual([
        'Rate limits: Redis answers but refuses w',
        'Rate limits: Redis takes writes again; b',
        'Rate limits: Redis answers but refuses w',
      ]);
    } finally {
      vi.useRealTimers();
      await admin.config('SET', 'maxmemory', '0');
    }
  });
});

describe('its lines', () => {
  it("are redacted, whichever logger gets them: a Redis error quoting the connection's password, a URL's credentials or the API secret", async () => {
    const password = 'redis-password-of-the-store';
    const apiSecret = 'zoom-api-secret-of-this-process';
    vi.stubEnv('ZOOM_API_SECRET', apiSecret);
    // A server that takes the login and the greeting and refuses every other command with a message quoting
    // secrets, as a proxy in front of Redis or a misconfigured module might.
    const refusal = `-ERR denied to redis://default:${password}@10.0.0.7:6379 (password ${password}; ${apiSecret})\r\n`;
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk) => {
        for (const [, command] of chunk.toString('latin1').matchAll(/\*\d+\r\n\$\d+\r\n([A-Za-z]+)\r\n/g)) {
          socket.write(/^(auth|client)$/i.test(command ?? '') ? '+OK\r\n' : refusal);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `redis://127.0.0.1:${(server.address() as { port: number }).port}`;
    const options = { password, enableReadyCheck: false, maxRetriesPerRequest: 0 };
    try {
      // The store's own logger.
      const own: string[] = [];
      const alone = redisStore(connect(options, url), {
        logger: { warn: (message, fields) => own.push(`${message} ${JSON.stringify(fields)}`) },
      });
      // A client's logger, attached by the client (its level applied).
      const attached: string[] = [];
      const record = (message: string, fields?: Record<string, unknown>) =>
        attached.push(`${message} ${JSON.stringify(fields)}`);
      const shared = redisStore(connect(options, url));
      createZoomClient({
        auth: { getToken: async () => 'token-of-a-store-test' },
        logger: { debug: record, info: record, warn: record, error: record },
        rateLimit: { plan: 'pro', store: shared },
      });
      // pino, as it is: it reads (fields, message), and keeps both.
      const records: Record<string, unknown>[] = [];
      const structured = redisStore(connect(options, url), {
        logger: pino({}, { write: (line: string) => records.push(JSON.parse(line)) }),
      });
      for (const store of [alone, shared, structured]) {
        expect((await store.take('redacted-key', 'LIGHT', [], Date.now())).ok).toBe(true);
        expect(store.state).toBe('unreachable');
      }
      expect(records).toEqual([
        expect.objectContaining({
          level: 40,
          msg: expect.stringMatching(/^Rate limits: Redis does not answer/),
          event: 'rate-limit-store',
          state: 'unreachable',
          store: 'local',
          error: expect.stringMatching(/^ERR denied to redis:\/\/\[redacted\]@/),
        }),
      ]);
      for (const secret of [password, apiSecret]) expect(JSON.stringify(records)).not.toContain(secret);
      for (const lines of [own, attached]) {
        expect(lines).toEqual([
          expect.stringMatching(/^Rate limits: Redis does not answer \(ERR denied to redis:\/\/\[redacted\]@/),
        ]);
        expect(lines[0]).toContain(`(password [redacted]; [redacted])`);
        for (const secret of [password, apiSecret]) expect(lines[0]).not.toContain(secret);
      }
    } finally {
      vi.unstubAllEnvs();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

// Last: it kills the server.
describe('when Redis dies mid-run', () => {
  it('calls go on under local budgets with one warning, and share again with one line when Redis is back', async () => {
    // One connection as the README recommends, one with ioredis' offline queue, which holds commands
    // while it reconnects, retrying forever: only the store's own timeout keeps a call from waiting on
    // it, so a call that waited on Redis would never be answered.
    const aLog = recorder();
    const bLog = recorder();
    const a = redisStore(connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }), {
      logger: aLog,
      timeoutMs: 300,
      retryIntervalMs: 100,
    });
    const b = redisStore(connect({ maxRetriesPerRequest: null }), { timeoutMs: 300, retryIntervalMs: 100 });
    b.attach(bLog);
    b.attach({ warn: () => expect.unreachable('the first logger attached is kept') });
    const scope = 'outage-key';
    const rule: RateLimitRule = { budget: 'LIGHT/second', kind: 'spacing', intervalMs: 50 };
    expect(await a.take(scope, 'LIGHT', [rule], Date.now())).toEqual({ ok: true });
    expect(a.mode).toBe('redis');

    await redis.kill();
    // Calls keep being answered, from each process's own budgets.
    for (let i = 0; i < 5; i++) {
      const at = Date.now() + i * 100;
      expect((await a.take(scope, 'LIGHT', [rule], at)).ok).toBe(true);
      expect((await b.take(scope, 'LIGHT', [rule], at)).ok).toBe(true);
    }
    // Local budgets still hold within one process.
    const local = Date.now() + 10_000;
    expect((await a.take(scope, 'LIGHT', [rule], local)).ok).toBe(true);
    expect(await a.take(scope, 'LIGHT', [rule], local + 1)).toMatchObject({ ok: false, retryAt: local + 50 });
    expect([a.mode, b.mode]).toEqual(['local', 'local']);
    expect(aLog.lines).toEqual([
      expect.stringMatching(/^Rate limits: Redis does not answer .*counting this process's calls alone/),
    ]);
    expect(bLog.lines).toEqual([expect.stringMatching(/^Rate limits: Redis does not answer/)]);

    await redis.restart();
    const deadline = Date.now() + 20_000;
    while ((a.mode === 'local' || b.mode === 'local') && Date.now() < deadline) {
      await a.take(scope, 'LIGHT', [rule], Date.now());
      await b.take(scope, 'LIGHT', [rule], Date.now());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect([a.mode, b.mode]).toEqual(['redis', 'redis']);
    expect(aLog.lines).toHaveLength(2);
    expect(aLog.lines[1]).toMatch(/^Rate limits: Redis answers again; budgets are shared/);
    expect(bLog.lines).toHaveLength(2);

    // Shared again: a call through one holds back the other.
    const now = Date.now() + 60_000;
    expect(await a.take(scope, 'LIGHT', [second], now)).toEqual({ ok: true });
    expect(await b.take(scope, 'LIGHT', [second], now + 1)).toMatchObject({ ok: false, blockedBy: second });
  }, 60_000);
});
