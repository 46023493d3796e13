// redisStore's arguments, checked before anything is sent: what was wrong and how to fix it.
import { describeValue } from '@zoom-api/internal';
import { checkNumber, checkObject, checkString } from '@zoom-api/internal/checks';
import type { Cluster, Redis } from 'ioredis';

/**
 * Where the store reports that it fell back to local budgets and that Redis is back: `console`, pino,
 * bunyan, winston, as they are (pino and bunyan get `(fields, message)`, others `(message, fields)`).
 */
export interface RedisStoreLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface RedisStoreOptions {
  /** Prefix of every key; default `zoom-api:rl:`. Give each application its own to keep budgets apart. */
  keyPrefix?: string | undefined;
  /**
   * Receives one message each time the store stops or starts sharing budgets through Redis. Default: the
   * logger of the first client that uses the store (core calls `attach`), else `console`.
   */
  logger?: RedisStoreLogger | undefined;
  /** How long one exchange with Redis may take before the store uses local budgets; default 500 ms. */
  timeoutMs?: number | undefined;
  /** While Redis is out of use, how long until the first try again; default 1000 ms. */
  retryIntervalMs?: number | undefined;
  /** Tries back off, doubling, up to this interval; default 30 000 ms (or retryIntervalMs when larger). */
  maxRetryIntervalMs?: number | undefined;
}

export type RedisClient = Redis | Cluster;

export interface RedisStoreSettings {
  keyPrefix: string;
  logger: RedisStoreLogger | undefined;
  timeoutMs: number;
  retryIntervalMs: number;
  maxRetryIntervalMs: number;
}

const DEFAULT_PREFIX = 'zoom-api:rl:';
const KNOWN = ['keyPrefix', 'logger', 'timeoutMs', 'retryIntervalMs', 'maxRetryIntervalMs'];
const HOUR_MS = 3_600_000;

export function checkClient(client: unknown): RedisClient {
  const value = client as Record<string, unknown> | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    !['defineCommand', 'once'].every((m) => typeof value[m] === 'function')
  ) {
    throw new TypeError(
      `redisStore(client) needs an ioredis client (new Redis(url) from 'ioredis' 5 or later); got ${describeValue(client)}.`,
    );
  }
  return client as RedisClient;
}

export function checkOptions(options: unknown): RedisStoreSettings {
  const o = checkObject('redisStore options', options ?? {}, "{ keyPrefix: 'myapp:rl:', logger: console }");
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key)) {
      throw new TypeError(
        `redisStore options has no option ${JSON.stringify(key)}; it takes keyPrefix, logger, timeoutMs, retryIntervalMs and maxRetryIntervalMs.`,
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
  const milliseconds = (name: string, fallback: number, min: number, max: number) =>
    o[name] === undefined
      ? fallback
      : checkNumber(`redisStore options.${name}`, o[name], { unit: 'milliseconds', min, max });
  const timeoutMs = milliseconds('timeoutMs', 500, 1, 60_000);
  const retryIntervalMs = milliseconds('retryIntervalMs', 1_000, 1, HOUR_MS);
  const maxRetryIntervalMs = milliseconds('maxRetryIntervalMs', Math.max(30_000, retryIntervalMs), 1, HOUR_MS);
  if (maxRetryIntervalMs < retryIntervalMs) {
    throw new RangeError(
      `redisStore options.maxRetryIntervalMs (${maxRetryIntervalMs}) must be at least retryIntervalMs (${retryIntervalMs}): tries start at retryIntervalMs and back off up to maxRetryIntervalMs.`,
    );
  }
  return {
    keyPrefix: keyPrefix.endsWith(':') ? keyPrefix : `${keyPrefix}:`,
    logger: o.logger as RedisStoreLogger | undefined,
    timeoutMs,
    retryIntervalMs,
    maxRetryIntervalMs,
  };
}
