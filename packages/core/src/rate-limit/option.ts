// The check of the `rateLimit` option, made when a client is created or reconfigured, before anything is
// sent. Apart from the limiter (./limiter.ts), which is loaded only once a call is made with the option.
import { describeValue } from '@zoom-api/internal';
import { RATE_LIMIT_PLANS, type RateLimitOptions, SHARED_DAILY } from './plans.js';
import { RATE_LIMIT_CATEGORIES, type RateLimitCategory, type RateLimitStore } from './store.js';

export function isCategory(value: unknown): value is RateLimitCategory {
  return typeof value === 'string' && (RATE_LIMIT_CATEGORIES as readonly string[]).includes(value);
}

function checkLimit(where: string, value: unknown, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(
      `rateLimit.limits.${where} must be a positive ${integer ? 'whole ' : ''}number of calls; got ${describeValue(value)}. ` +
        'Leave it out to keep the plan’s limit.',
    );
  }
  return value;
}

function checkLimits(value: unknown): RateLimitOptions['limits'] {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(
      `rateLimit.limits must be an object of categories, e.g. { HEAVY: { perSecond: 5 } }; got ${describeValue(value)}.`,
    );
  }
  const known: string[] = [...RATE_LIMIT_CATEGORIES, SHARED_DAILY];
  for (const [category, limits] of Object.entries(value)) {
    if (!known.includes(category)) {
      throw new TypeError(`rateLimit.limits: unknown category '${category}'; use one of ${known.join(', ')}.`);
    }
    if (typeof limits !== 'object' || limits === null) {
      throw new TypeError(
        `rateLimit.limits.${category} must be an object such as { perSecond: 5 }; got ${describeValue(limits)}.`,
      );
    }
    const fields = category === SHARED_DAILY ? ['perDay'] : ['perSecond', 'perMinute', 'perDay'];
    for (const [field, limit] of Object.entries(limits)) {
      if (!fields.includes(field)) {
        throw new TypeError(`rateLimit.limits.${category}: unknown field '${field}'; use ${fields.join(', ')}.`);
      }
      checkLimit(`${category}.${field}`, limit, field === 'perDay');
    }
  }
  return value as RateLimitOptions['limits'];
}

/** Checks the `rateLimit` option; every problem is reported before any request is sent. */
export function checkRateLimit(value: unknown): RateLimitOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`rateLimit must be an object such as { plan: 'pro' }; got ${describeValue(value)}.`);
  }
  const options = value as Record<string, unknown>;
  const known = ['plan', 'limits', 'store', 'maxWait', 'categories', 'scope'];
  for (const key of Object.keys(options)) {
    if (!known.includes(key))
      throw new TypeError(`rateLimit: unknown option '${key}'; the options are ${known.join(', ')}.`);
  }
  if (typeof options.plan !== 'string' || !Object.hasOwn(RATE_LIMIT_PLANS, options.plan)) {
    throw new TypeError(
      `rateLimit.plan must be 'free', 'pro' or 'business' (Business, Education, Enterprise and Partner accounts); ` +
        `got ${describeValue(options.plan)}. Your Zoom account's plan decides its limits.`,
    );
  }
  checkLimits(options.limits);
  const store = options.store as Partial<RateLimitStore> | undefined;
  if (store !== undefined && (typeof store?.take !== 'function' || typeof store?.pause !== 'function')) {
    throw new TypeError(
      `rateLimit.store must have take() and pause() methods (memoryStore() from @zoom-api/core, redisStore(client) ` +
        `from @zoom-api/redis); got ${describeValue(store)}.`,
    );
  }
  const { maxWait } = options;
  if (maxWait !== undefined && (typeof maxWait !== 'number' || Number.isNaN(maxWait) || maxWait < 0)) {
    throw new RangeError(
      `rateLimit.maxWait must be a number of milliseconds ≥ 0 (0: never wait, Infinity: no bound); got ${describeValue(maxWait)}.`,
    );
  }
  const { categories } = options;
  if (categories !== undefined) {
    if (typeof categories !== 'object' || categories === null || Array.isArray(categories)) {
      throw new TypeError(
        `rateLimit.categories must map operations to categories, e.g. { listSessions: 'LIGHT' }; got ${describeValue(categories)}.`,
      );
    }
    for (const [operation, category] of Object.entries(categories)) {
      if (!isCategory(category)) {
        throw new TypeError(
          `rateLimit.categories.${operation} must be one of ${RATE_LIMIT_CATEGORIES.join(', ')}; got ${describeValue(category)}.`,
        );
      }
    }
  }
  if (options.scope !== undefined && (typeof options.scope !== 'string' || options.scope === '')) {
    throw new TypeError(
      `rateLimit.scope must be a non-empty string naming the account (e.g. its API key; never the secret); got ${describeValue(options.scope)}.`,
    );
  }
  return value as RateLimitOptions;
}
