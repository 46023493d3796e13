// The Redis store against a real redis-server: the rules every store follows, budgets and pauses
// shared by two connections (as two processes would hold), what it leaves in Redis, and a Redis
// that dies mid-run and comes back.
import type { RateLimitRule } from '@zoom-api/core';
import { REDIS_MISSING, type RunningRedis, rateLimitStoreConformance, startRedis } from '@zoom-api/test-utils';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisStoreLogger, redisStore } from '../src/index.js';

let redis: RunningRedis;
const clients: Redis[] = [];

/** A new connection, as another process would open; errors while Redis is down are expected here. */
function connect(options: RedisOptions = {}): Redis {
  const client = new Redis(redis.url, options);
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
  rateLimitStoreConformance(() => redisStore(connect()));
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
    // Refusals gave their points back: the next day starts from zero and this day stays at exactly 3.
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

// Last: it kills the server.
describe('when Redis dies mid-run', () => {
  it('calls go on under local budgets with one warning, and share again with one line when Redis is back', async () => {
    // One connection as the README recommends, one with ioredis' defaults (its offline queue holds
    // commands while it reconnects: only the store's own timeout keeps a call from waiting on it).
    const aLog = recorder();
    const bLog = recorder();
    const a = redisStore(connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }), {
      logger: aLog,
      timeoutMs: 300,
      retryIntervalMs: 100,
    });
    const b = redisStore(connect(), { timeoutMs: 300, retryIntervalMs: 100 });
    b.attach(bLog);
    b.attach({ warn: () => expect.unreachable('the first logger attached is kept') });
    const scope = 'outage-key';
    const rule: RateLimitRule = { budget: 'LIGHT/second', kind: 'spacing', intervalMs: 50 };
    expect(await a.take(scope, 'LIGHT', [rule], Date.now())).toEqual({ ok: true });
    expect(a.mode).toBe('redis');

    await redis.kill();
    // Calls keep being answered, from each process's own budgets, and quickly.
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      expect((await a.take(scope, 'LIGHT', [rule], started + i * 100)).ok).toBe(true);
      expect((await b.take(scope, 'LIGHT', [rule], started + i * 100)).ok).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
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
