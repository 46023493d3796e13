// The limiter with @zoom-api/redis's store, end to end: separate processes of one account share one
// budget through a real redis-server, against the Zoom-like server (Zoom's sliding windows); and a
// client whose Redis is unreachable, or full and refusing writes, keeps calling, saying so once through
// its own logger.
import { createServer } from 'node:net';
import path from 'node:path';
import { createZoomAuth } from '@zoom-api/auth';
import { type RedisRateLimitStore, redisStore } from '@zoom-api/redis';
import { type RunningRedis, runNode, startRedis, startZoomLikeServer, type ZoomLikeServer } from '@zoom-api/test-utils';
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const CALLER = path.join(import.meta.dirname, 'fixtures', 'redis-limited-caller.mjs');
const API_KEY = 'e2eRateLimitApiKey';
const API_SECRET = 'e2e-rate-limit-api-secret-0123456789';
const query = { from: '2022-09-01', to: '2022-09-02' };

let redis: RunningRedis;
let zoom: ZoomLikeServer | undefined;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await zoom?.close();
  zoom = undefined;
});

interface CallerReport {
  completed: number;
  errors: string[];
  warnings: string[];
}

/** Two processes of one account, each firing `calls` calls at once, with budgets in `store`. */
async function twoProcesses(store: 'redis' | 'memory', calls: number): Promise<CallerReport[]> {
  zoom = await startZoomLikeServer({ plan: 'pro' });
  const env = {
    ...process.env,
    BASE_URL: zoom.baseUrl,
    REDIS_URL: redis.url,
    API_KEY,
    API_SECRET,
    STORE: store,
    CALLS: String(calls),
    START_AT: String(Date.now() + 1_500),
  };
  const runs = await Promise.all([1, 2].map(() => runNode(CALLER, [], { env, killAfter: 60_000 })));
  return runs.map((run) => {
    expect(run.code, run.output).toBe(0);
    return JSON.parse(run.stdout) as CallerReport;
  });
}

describe('two processes sharing a Redis store', () => {
  it('burst together, 60 calls at once, and get no 429 from a server enforcing the Pro limit; every call answered', async () => {
    const reports = await twoProcesses('redis', 30);
    const stats = (zoom as ZoomLikeServer).stats('MEDIUM');
    expect(reports.map((r) => r.errors)).toEqual([[], []]);
    expect(reports.map((r) => r.completed)).toEqual([30, 30]);
    expect(reports.map((r) => r.warnings)).toEqual([[], []]);
    expect(stats.rejected).toBe(0);
    expect(stats.accepted).toBe(60);
    // Spread over about four seconds (60 calls at 16/s less the limiter's margin), not sent in a burst.
    const span = Math.max(...stats.acceptedAt) - Math.min(...stats.acceptedAt);
    expect(span).toBeGreaterThan(3_000);
  }, 90_000);

  it('left only expiring keys in Redis that hold neither the API key, the secret nor a token', async () => {
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatch(/^zoom-api:rl:\{[0-9a-f]{32}\}:/);
        expect(await client.pttl(key), key).toBeGreaterThan(0);
        const stored = `${key} ${(await client.dumpBuffer(key))?.toString('latin1')}`;
        for (const secret of [API_KEY, API_SECRET, 'eyJ']) expect(stored, key).not.toContain(secret);
      }
    } finally {
      client.disconnect();
    }
  });

  it('the same burst with each process counting alone (no shared store) earns 429s: the sharing is what prevents them', async () => {
    await twoProcesses('memory', 30);
    expect((zoom as ZoomLikeServer).stats('MEDIUM').rejected).toBeGreaterThan(0);
  }, 90_000);
});

/** A client of the Pro plan with budgets in `store`, and the warnings its logger received. */
function limitedClient(store: RedisRateLimitStore) {
  const warnings: string[] = [];
  const logger = {
    debug() {},
    info() {},
    warn: (m: string) => warnings.push(m),
    error: (m: string) => warnings.push(m),
  };
  const client = createVideoSdkClient({
    auth: createZoomAuth({ apiKey: API_KEY, apiSecret: API_SECRET }),
    baseUrl: (zoom as ZoomLikeServer).baseUrl,
    logger,
    rateLimit: { plan: 'pro', categories: { listSessions: 'MEDIUM' }, store },
  });
  return { client, warnings };
}

describe('a client whose Redis is unreachable', () => {
  it('keeps calling under local budgets and says so once through the client’s logger', async () => {
    zoom = await startZoomLikeServer({ plan: 'pro' });
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const dead = new Redis(`redis://127.0.0.1:${port}`, { enableOfflineQueue: false, retryStrategy: () => 1_000 });
    dead.on('error', () => {});
    try {
      const { client, warnings } = limitedClient(redisStore(dead, { timeoutMs: 200 }));
      const results = await Promise.all(Array.from({ length: 5 }, () => listSessions({ client, query })));
      expect(results.map((r) => r.response.status)).toEqual([200, 200, 200, 200, 200]);
      expect(warnings).toEqual([expect.stringMatching(/^Rate limits: Redis does not answer/)]);
      expect(zoom.stats('MEDIUM').rejected).toBe(0);
    } finally {
      dead.disconnect();
    }
  }, 30_000);
});

describe('a client whose Redis is full (maxmemory reached under noeviction: PING answers, writes fail)', () => {
  it('keeps calling under local budgets, says so once while the store keeps trying, and once when Redis takes writes again', async () => {
    zoom = await startZoomLikeServer({ plan: 'pro' });
    const full = await startRedis({ args: ['--maxmemory', '1', '--maxmemory-policy', 'noeviction'] });
    const redis = new Redis(full.url, { enableOfflineQueue: false });
    redis.on('error', () => {});
    const admin = new Redis(full.url);
    const refusedForMemory = async () =>
      Number(/errorstat_OOM:count=(\d+)/.exec(await admin.info('errorstats'))?.[1] ?? 0);
    try {
      const store = redisStore(redis, { retryIntervalMs: 10, maxRetryIntervalMs: 40 });
      const { client, warnings } = limitedClient(store);
      expect(await admin.ping()).toBe('PONG');
      // 30 calls at Pro's 20 a second take over a second: the store tries Redis many times meanwhile.
      const results = await Promise.all(Array.from({ length: 30 }, () => listSessions({ client, query })));
      expect(results.map((r) => r.response.status)).toEqual(Array(30).fill(200));
      expect(zoom.stats('MEDIUM').rejected).toBe(0);
      expect(store.state).toBe('refusing-writes');
      expect(await refusedForMemory()).toBeGreaterThan(3);
      expect(warnings).toEqual([expect.stringMatching(/^Rate limits: Redis answers but refuses writes \(OOM /)]);
      expect(await admin.dbsize()).toBe(0);

      await admin.config('SET', 'maxmemory', '0');
      for (let i = 0; store.state !== 'shared'; i++) {
        expect(i, 'the store never tried Redis again').toBeLessThan(200);
        await listSessions({ client, query });
      }
      expect(warnings).toEqual([
        expect.stringMatching(/^Rate limits: Redis answers but refuses writes/),
        'Rate limits: Redis takes writes again; budgets are shared with the other processes again.',
      ]);
      await listSessions({ client, query });
      expect(await admin.keys('zoom-api:rl:*')).not.toEqual([]);
    } finally {
      redis.disconnect();
      admin.disconnect();
      await full.stop();
    }
  }, 60_000);
});
