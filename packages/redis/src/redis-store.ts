// The rate-limit store shared through Redis: every process that uses the same Redis and the same API
// key draws from one budget per category, and sees the same pauses after a 429.
//
// Keys (all under `keyPrefix`, default `zoom-api:rl:`, then `{hash of the scope}` so that one
// account's keys share a Redis Cluster slot and no key holds the API key itself):
//   …:pause                      sorted set, category → paused until (epoch ms)
//   …:next:<budget>              spacing budget: the next moment a call may go (epoch ms)
//   …:day:<YYYY-MM-DD>:<budget>  daily budget: calls counted that UTC day
// Every key is written with an expiry, so nothing is left behind when a fleet stops. A call is claimed
// in one script (scripts.ts, CLAIM); while Redis cannot take it, the process counts alone (health.ts).
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
import { MAX_TIMER_MS, optionalEnv } from '@zoom-api/internal';
import { lineWriter } from '@zoom-api/internal/log-writer';
import { redact } from '@zoom-api/internal/redact';
import { RedisHealth, type RedisStoreState } from './health.js';
import {
  checkClient,
  checkOptions,
  type RedisClient,
  type RedisStoreLogger,
  type RedisStoreOptions,
} from './options.js';
import { CLAIM, PAUSE, PROBE } from './scripts.js';

/** A RateLimitStore over Redis, plus what a client and an operator may want from it. */
export interface RedisRateLimitStore extends RateLimitStore {
  /** Called by core with the client's logger; the first logger given (here or in the options) is kept. */
  attach(logger: RedisStoreLogger): void;
  /** `redis` while budgets are shared, `local` while this process counts alone (`state` says why). */
  readonly mode: 'redis' | 'local';
  /** `shared`, or why not: Redis does not answer (`unreachable`) or answers but takes no writes (`refusing-writes`). */
  readonly state: RedisStoreState;
}

// Keys outlive the moment they describe by this much: a TTL is only there so keys go away on their own,
// the decisions compare stored moments with the caller's clock.
const KEY_SLACK_MS = 60_000;
// A day's counter is kept an hour past the end of its UTC day.
const DAY_SLACK_MS = 3_600_000;
// Redis refuses an expiry past what a 64-bit epoch in ms holds; a spacing of years is not a rate limit anyway.
const MAX_KEY_TTL_MS = 400 * 86_400_000;
/**
 * The longest pause kept: until the next 00:00 UTC, when Zoom's daily limits start again, and an hour.
 * Zoom asks for no longer pause; a later `until` (a misread Retry-After) is cut to this.
 */
export const PAUSE_MARGIN_MS = 3_600_000;

interface ScriptCommands {
  zoomApiRateLimitClaim(numberOfKeys: number, ...keysAndArgs: string[]): Promise<(string | number)[]>;
  zoomApiRateLimitPause(numberOfKeys: number, ...keysAndArgs: string[]): Promise<number>;
  zoomApiRateLimitProbe(numberOfKeys: number): Promise<number>;
}

class RedisTimeout extends Error {
  override name = 'RedisTimeout';
}

/** Rejects when `promise` takes longer than `ms`; the timer is cleared either way and never holds the process. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeout(`${what} took more than ${ms} ms`)), Math.min(ms, MAX_TIMER_MS));
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const waiting = new WeakMap<RedisClient, Promise<void>>();

/**
 * Sends at once when the client is connected, else when it connects. A client with
 * `enableOfflineQueue: false` refuses commands until then, which at start-up is no outage. Callers
 * waiting together share one listener.
 */
function whenConnected<T>(client: RedisClient, send: () => Promise<T>): Promise<T> {
  const status = (client as { status?: string }).status;
  if (status !== 'connecting' && status !== 'connect' && status !== 'reconnecting') return send();
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
  return ready.then(send);
}

/** The password the client logs in with (a Cluster's, from its nodes' options), kept out of the store's lines. */
function passwordOf(client: RedisClient): string | undefined {
  const options = (client as { options?: { password?: unknown; redisOptions?: { password?: unknown } } }).options;
  const password = options?.password ?? options?.redisOptions?.password;
  return typeof password === 'string' ? password : undefined;
}

function checkNow(now: unknown): number {
  if (typeof now !== 'number' || !Number.isFinite(now) || now < 0) {
    throw new RangeError(`redisStore.take: now must be a finite epoch in milliseconds; got ${String(now)}.`);
  }
  return now;
}

const checkedRules = new WeakSet<readonly RateLimitRule[]>();

/** Rules are core's, built from checked options; a rule Lua could not compare would jam its key until it expires. */
function checkRules(rules: readonly RateLimitRule[]): void {
  if (checkedRules.has(rules)) return;
  for (const rule of rules) {
    const valid =
      rule.kind === 'spacing'
        ? Number.isFinite(rule.intervalMs) && rule.intervalMs >= 0
        : Number.isSafeInteger(rule.limit) && rule.limit >= 0;
    if (!valid || typeof rule.budget !== 'string' || rule.budget === '') {
      throw new RangeError(
        `redisStore.take: rule ${JSON.stringify(rule)} needs a budget name and ${rule.kind === 'spacing' ? 'an intervalMs that is a finite number ≥ 0' : 'a limit that is a whole number ≥ 0'}.`,
      );
    }
  }
  checkedRules.add(rules);
}

/** The moment a pause may last until, asked at `now`: see PAUSE_MARGIN_MS. */
export function longestPause(now: number): number {
  return nextUtcMidnight(now) + PAUSE_MARGIN_MS;
}

/**
 * A rate-limit store kept in Redis, for `rateLimit: { plan, store: redisStore(redis) }`: every process
 * using the same Redis and API key shares one budget per category, the pauses after a 429 and the daily
 * counts. Pass an ioredis client; see the README for the connection options that keep a dead Redis from
 * holding calls up.
 */
export function redisStore(client: RedisClient, options: RedisStoreOptions = {}): RedisRateLimitStore {
  const redis = checkClient(client);
  const settings = checkOptions(options);
  const scripts = redis as unknown as ScriptCommands;
  redis.defineCommand('zoomApiRateLimitClaim', { lua: CLAIM });
  redis.defineCommand('zoomApiRateLimitPause', { lua: PAUSE });
  redis.defineCommand('zoomApiRateLimitProbe', { lua: PROBE });

  // Pauses are also kept here: a pause learnt while Redis was out of use still holds, and a pause this
  // process set is known without a round trip. While Redis is out of use, budgets are counted here too.
  const local = memoryStore();
  let logger = settings.logger;
  // A line goes to the logger (the store's, else the first client's, else the console) through the one
  // writer of lines: in the logger's own argument order, redacted (Redis' error text may quote a URL, and
  // the store knows its connection's password), and a logger that throws is reported once, never fatal.
  let write = lineWriter(logger, 'a Redis rate-limit store');
  const hidden = [passwordOf(redis), optionalEnv('ZOOM_API_SECRET')];
  const hide = (text: string) => redact(text, hidden);

  const exchange = <T>(send: () => Promise<T>, what: string) =>
    withTimeout(whenConnected(redis, send), settings.timeoutMs, what);
  const health = new RedisHealth(
    settings,
    // A logger that throws must not fail the call that noticed the change, nor crash the process from a probe.
    (message, fields) => write('warn', message, fields, hide),
    () => exchange(() => scripts.zoomApiRateLimitProbe(0), 'a probe'),
  );

  const namespaces = new Map<string, string>();
  const namespace = (scope: string) => {
    let hashed = namespaces.get(scope);
    if (hashed === undefined) {
      hashed = `${settings.keyPrefix}{${createHash('sha256').update(scope).digest('hex').slice(0, 32)}}`;
      namespaces.set(scope, hashed);
    }
    return hashed;
  };

  async function claim(
    scope: string,
    category: RateLimitCategory,
    rules: readonly RateLimitRule[],
    now: number,
  ): Promise<RateLimitTake> {
    const ns = namespace(scope);
    const keys = [`${ns}:pause`];
    const args = [category, String(now)];
    // Only daily budgets need the calendar; most calls have none, and formatting a date is not free.
    let day: string | undefined;
    let midnight: number | undefined;
    for (const rule of rules) {
      if (rule.kind === 'spacing') {
        keys.push(`${ns}:next:${rule.budget}`);
        const ttl = Math.min(Math.ceil(rule.intervalMs) + KEY_SLACK_MS, MAX_KEY_TTL_MS);
        args.push('spacing', String(now + rule.intervalMs), String(ttl));
      } else {
        day ??= utcDay(now);
        midnight ??= nextUtcMidnight(now);
        keys.push(`${ns}:day:${day}:${rule.budget}`);
        args.push('daily', String(rule.limit), String(Math.ceil(midnight - now) + DAY_SLACK_MS));
      }
    }
    const reply = await exchange(() => scripts.zoomApiRateLimitClaim(keys.length, ...keys, ...args), 'a take');
    const [answer, index, at] = reply;
    if (answer === 'ok') return { ok: true };
    if (answer === 'pause') return { ok: false, retryAt: Number(index), blockedBy: 'pause' };
    const rule = rules[Number(index) - 1];
    if (rule && answer === 'spacing') return { ok: false, retryAt: Number(at), blockedBy: rule };
    if (rule && answer === 'daily') return { ok: false, retryAt: nextUtcMidnight(now), blockedBy: rule };
    throw new Error(`the claim script answered ${JSON.stringify(reply)}`);
  }

  return {
    get mode() {
      return health.state === 'shared' ? 'redis' : 'local';
    },
    get state() {
      return health.state;
    },
    attach(candidate) {
      if (logger === undefined && typeof candidate?.warn === 'function') {
        logger = candidate;
        write = lineWriter(logger, 'a Redis rate-limit store');
      }
    },
    async take(scope, category, rules, now) {
      checkNow(now);
      checkRules(rules);
      const paused = await local.take(scope, category, [], now);
      if (!paused.ok) return paused;
      if (health.state === 'shared') {
        const generation = health.generation;
        try {
          return await claim(scope, category, rules, now);
        } catch (error) {
          health.failed(error, generation);
        }
      } else {
        health.probeIfDue();
      }
      return local.take(scope, category, rules, now);
    },
    async pause(scope, category, until) {
      if (typeof until !== 'number' || !Number.isFinite(until)) {
        throw new RangeError(
          `redisStore.pause: until must be a finite epoch in milliseconds; got ${String(until)}. Nothing was paused.`,
        );
      }
      const now = Date.now();
      const bounded = Math.min(until, longestPause(now));
      await local.pause(scope, category, bounded);
      if (health.state !== 'shared') {
        health.probeIfDue();
        return;
      }
      const ttl = Math.max(Math.ceil(bounded - now), 0) + KEY_SLACK_MS;
      const generation = health.generation;
      try {
        await exchange(
          () => scripts.zoomApiRateLimitPause(1, `${namespace(scope)}:pause`, category, String(bounded), String(ttl)),
          'a pause',
        );
      } catch (error) {
        health.failed(error, generation);
      }
    },
  };
}
