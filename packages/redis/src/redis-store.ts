// The rate-limit store shared through Redis: every process that uses the same Redis and the same API
// key draws from one budget per category, and sees the same pauses after a 429.
//
// Keys (all under `keyPrefix`, default `zoom-api:rl:`, then `{hash of the scope}` so that one
// account's keys share a Redis Cluster slot and no key holds the API key itself):
//   …:pause                  sorted set, category → paused until (epoch ms)
//   …:next:<budget>          spacing budget: the next moment a call may go (epoch ms)
//   …:day:<YYYY-MM-DD>:<budget>  daily budget: calls counted that UTC day (rate-limiter-flexible's counter)
// Every key is written with an expiry, so nothing is left behind when a fleet stops.
//
// When Redis does not answer (down, refusing, or slower than `timeoutMs`), the store answers from an
// in-process memoryStore() instead, says so once, and tries Redis again every `retryIntervalMs`;
// when Redis answers it says so once and shares budgets again.
import { createHash } from 'node:crypto';
import {
  memoryStore,
  nextUtcMidnight,
  type RateLimitCategory,
  type RateLimitRule,
  type RateLimitStore,
  type RateLimitTake,
  utcDay,
} from '@zoom-api/core';
import { checkNumber, checkObject, checkString, describeValue } from '@zoom-api/internal';
import type { Cluster, Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { CLAIM, RELEASE } from './scripts.js';

/** Where the store reports that it fell back to local budgets and that Redis is back: `console`, pino, winston. */
export interface RedisStoreLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface RedisStoreOptions {
  /** Prefix of every key; default `zoom-api:rl:`. Give each application its own to keep budgets apart. */
  keyPrefix?: string;
  /**
   * Receives the two messages of an outage (fallback, recovery). Default: the logger of the first client
   * that uses the store (core calls `attach`), else `console`.
   */
  logger?: RedisStoreLogger;
  /** How long one exchange with Redis may take before the store uses local budgets; default 500 ms. */
  timeoutMs?: number;
  /** While Redis is unreachable, how often to try it again; default 1000 ms. */
  retryIntervalMs?: number;
}

/** A RateLimitStore over Redis, plus what a client and an operator may want from it. */
export interface RedisRateLimitStore extends RateLimitStore {
  /** Called by core with the client's logger; the first logger given (here or in the options) is kept. */
  attach(logger: RedisStoreLogger): void;
  /** `redis` while budgets are shared, `local` while Redis is unreachable and this process counts alone. */
  readonly mode: 'redis' | 'local';
}

const DEFAULT_PREFIX = 'zoom-api:rl:';
// Keys outlive the moment they describe by this much: a TTL is only there so keys go away on their own,
// the decisions compare stored moments with the caller's clock.
const KEY_SLACK_MS = 60_000;
// A day's counter is kept an hour past the end of its UTC day.
const DAY_SLACK_SECONDS = 3_600;

interface ScriptCommands {
  zoomApiRateLimitClaim(numberOfKeys: number, ...keysAndArgs: string[]): Promise<string[]>;
  zoomApiRateLimitRelease(numberOfKeys: number, ...keysAndArgs: string[]): Promise<number>;
}

type Client = Redis | Cluster;

class RedisUnavailable extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailable(`${what} took more than ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const waiting = new WeakMap<Client, Promise<void>>();

/**
 * Resolves when the client can send: at once when connected, else when it connects. A client with
 * `enableOfflineQueue: false` refuses commands until then, which at start-up is no outage. Callers
 * waiting together share one listener.
 */
function connected(client: Client): Promise<void> {
  const status = (client as { status?: string }).status;
  if (status !== 'connecting' && status !== 'connect' && status !== 'reconnecting') return Promise.resolve();
  let ready = waiting.get(client);
  if (!ready) {
    ready = new Promise((resolve) => {
      client.once('ready', () => {
        waiting.delete(client);
        resolve();
      });
    });
    waiting.set(client, ready);
  }
  return ready;
}

function checkClient(client: unknown): Client {
  const methods = ['defineCommand', 'zadd', 'pexpire', 'multi', 'ping'];
  const value = client as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null || !methods.every((m) => typeof value[m] === 'function')) {
    throw new TypeError(
      `redisStore(client) needs an ioredis client (new Redis(url) from 'ioredis' 5 or later); got ${describeValue(client)}.`,
    );
  }
  return client as Client;
}

function checkOptions(options: unknown): Required<Omit<RedisStoreOptions, 'logger'>> & { logger?: RedisStoreLogger } {
  const o = checkObject('redisStore options', options ?? {}, "{ keyPrefix: 'myapp:rl:', logger: console }");
  const known = new Set(['keyPrefix', 'logger', 'timeoutMs', 'retryIntervalMs']);
  for (const key of Object.keys(o)) {
    if (!known.has(key)) {
      throw new TypeError(
        `redisStore options has no option ${JSON.stringify(key)}; it takes keyPrefix, logger, timeoutMs and retryIntervalMs.`,
      );
    }
  }
  const keyPrefix =
    o.keyPrefix === undefined
      ? DEFAULT_PREFIX
      : checkString('redisStore options.keyPrefix', o.keyPrefix, "a prefix for every key, such as 'myapp:rl:'");
  if (o.logger !== undefined && typeof (o.logger as { warn?: unknown } | null)?.warn !== 'function') {
    throw new TypeError(
      `redisStore options.logger must have a warn method (console, pino and winston do); got ${describeValue(o.logger)}.`,
    );
  }
  return {
    keyPrefix: keyPrefix.endsWith(':') ? keyPrefix : `${keyPrefix}:`,
    logger: o.logger as RedisStoreLogger | undefined,
    timeoutMs:
      o.timeoutMs === undefined
        ? 500
        : checkNumber('redisStore options.timeoutMs', o.timeoutMs, { unit: 'milliseconds', min: 1, max: 60_000 }),
    retryIntervalMs:
      o.retryIntervalMs === undefined
        ? 1_000
        : checkNumber('redisStore options.retryIntervalMs', o.retryIntervalMs, {
            unit: 'milliseconds',
            min: 1,
            max: 3_600_000,
          }),
  };
}

/**
 * A rate-limit store kept in Redis, for `rateLimit: { plan, store: redisStore(redis) }`: every process
 * using the same Redis and API key shares one budget per category, the pauses after a 429 and the daily
 * counts. Pass an ioredis client; see the README for the connection options that keep a dead Redis from
 * holding calls up.
 */
export function redisStore(client: Client, options: RedisStoreOptions = {}): RedisRateLimitStore {
  const redis = checkClient(client);
  const settings = checkOptions(options);
  const scripts = redis as unknown as ScriptCommands;
  redis.defineCommand('zoomApiRateLimitClaim', { lua: CLAIM });
  redis.defineCommand('zoomApiRateLimitRelease', { lua: RELEASE });

  // Pauses are also kept here: a pause learnt while Redis was down still holds, and a pause this process
  // set is known without a round trip.
  const local = memoryStore();
  let logger = settings.logger;
  let mode: 'redis' | 'local' = 'redis';
  let nextProbeAt = 0;
  let probing = false;

  // One limiter per daily limit (the limit is a property of a rate-limiter-flexible limiter).
  const dailyLimiters = new Map<number, RateLimiterRedis>();
  const dailyLimiter = (limit: number) => {
    let limiter = dailyLimiters.get(limit);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: settings.keyPrefix.slice(0, -1),
        points: limit,
        duration: 86_400 + DAY_SLACK_SECONDS,
      });
      dailyLimiters.set(limit, limiter);
    }
    return limiter;
  };

  const namespaces = new Map<string, string>();
  const namespace = (scope: string) => {
    let hashed = namespaces.get(scope);
    if (hashed === undefined) {
      hashed = `{${createHash('sha256').update(scope).digest('hex').slice(0, 32)}}`;
      namespaces.set(scope, hashed);
    }
    return hashed;
  };

  const say = (message: string, fields: Record<string, unknown>) => (logger ?? console).warn(message, fields);

  const fellBack = (error: unknown) => {
    nextProbeAt = Date.now() + settings.retryIntervalMs;
    if (mode === 'local') return;
    mode = 'local';
    const reason = error instanceof Error ? error.message : String(error);
    say(
      `Rate limits: Redis does not answer (${reason}); counting this process's calls alone until it does. Other processes sharing the budget are not counted meanwhile.`,
      { event: 'rate-limit-store', store: 'local', error: reason },
    );
  };

  // While local, Redis is tried again in the background at most every retryIntervalMs; calls never wait for it.
  const probe = () => {
    if (probing || Date.now() < nextProbeAt) return;
    probing = true;
    withTimeout(
      connected(redis).then(() => redis.ping()),
      settings.timeoutMs,
      'PING',
    )
      .then(() => {
        mode = 'redis';
        say('Rate limits: Redis answers again; budgets are shared with the other processes again.', {
          event: 'rate-limit-store',
          store: 'redis',
        });
      })
      .catch(() => {
        nextProbeAt = Date.now() + settings.retryIntervalMs;
      })
      .finally(() => {
        probing = false;
      });
  };

  async function takeShared(
    scope: string,
    category: RateLimitCategory,
    rules: readonly RateLimitRule[],
    now: number,
  ): Promise<RateLimitTake> {
    const ns = `${settings.keyPrefix}${namespace(scope)}`;
    const spacing = rules.flatMap((rule) => (rule.kind === 'spacing' ? [rule] : []));
    const daily = rules.flatMap((rule) => (rule.kind === 'daily' ? [rule] : []));
    const spacingKeys = spacing.map((rule) => `${ns}:next:${rule.budget}`);
    const claims = spacing.map((rule) => [
      String(now + rule.intervalMs),
      String(Math.ceil(rule.intervalMs) + KEY_SLACK_MS),
    ]);
    const claimed = await scripts.zoomApiRateLimitClaim(
      1 + spacingKeys.length,
      `${ns}:pause`,
      ...spacingKeys,
      category,
      String(now),
      ...claims.flat(),
    );
    if (claimed[0] === 'pause') return { ok: false, retryAt: Number(claimed[1]), blockedBy: 'pause' };
    if (claimed[0] === 'spacing') {
      return { ok: false, retryAt: Number(claimed[2]), blockedBy: spacing[Number(claimed[1]) - 1] as RateLimitRule };
    }

    const day = utcDay(now);
    const midnight = nextUtcMidnight(now);
    const counter = { customDuration: Math.ceil((midnight - now) / 1000) + DAY_SLACK_SECONDS };
    const counted: { limiter: RateLimiterRedis; key: string }[] = [];
    for (const rule of daily) {
      const limiter = dailyLimiter(rule.limit);
      const key = `${namespace(scope)}:day:${day}:${rule.budget}`;
      try {
        await limiter.consume(key, 1, counter);
        counted.push({ limiter, key });
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        // Over the limit: the library counted the refused call too; give back that point, the points
        // taken from the budgets before this one, and the spacing moments claimed above.
        await Promise.all([
          limiter.reward(key, 1, counter),
          ...counted.map((c) => c.limiter.reward(c.key, 1, counter)),
          spacingKeys.length === 0
            ? undefined
            : scripts.zoomApiRateLimitRelease(
                spacingKeys.length,
                ...spacingKeys,
                ...claims.flatMap(([next, ttl], i) => [next as string, claimed[i + 1] ?? '', ttl as string]),
              ),
        ]);
        return { ok: false, retryAt: midnight, blockedBy: rule };
      }
    }
    return { ok: true };
  }

  return {
    get mode() {
      return mode;
    },
    attach(candidate) {
      if (logger === undefined && typeof candidate?.warn === 'function') logger = candidate;
    },
    async take(scope, category, rules, now) {
      const paused = await local.take(scope, category, [], now);
      if (!paused.ok) return paused;
      if (mode === 'redis') {
        try {
          const shared = connected(redis).then(() => takeShared(scope, category, rules, now));
          return await withTimeout(shared, settings.timeoutMs, 'a take');
        } catch (error) {
          fellBack(error);
        }
      } else {
        probe();
      }
      return local.take(scope, category, rules, now);
    },
    async pause(scope, category, until) {
      await local.pause(scope, category, until);
      if (mode === 'local') {
        probe();
        return;
      }
      const key = `${settings.keyPrefix}${namespace(scope)}:pause`;
      const ttl = Math.max(Math.ceil(until - Date.now()), 0) + KEY_SLACK_MS;
      try {
        // GT keeps the longer pause and the longer expiry; NX gives a new key its first expiry.
        const replies = await withTimeout(
          connected(redis)
            .then(() => redis.multi())
            .then((multi) =>
              multi.zadd(key, 'GT', until, category).pexpire(key, ttl, 'NX').pexpire(key, ttl, 'GT').exec(),
            ),
          settings.timeoutMs,
          'a pause',
        );
        const failed = replies?.find(([error]) => error)?.[0];
        if (failed) throw failed;
      } catch (error) {
        fellBack(error);
      }
    },
  };
}
