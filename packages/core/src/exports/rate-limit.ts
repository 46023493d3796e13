// The rate-limit names the package exports that the rate limiter (loaded on demand, by clients with
// `rateLimit`) also uses: constants bound to them rather than re-exports, for the reason ./errors.ts
// gives, so that a bundle that names none of them carries them only in the limiter's chunk.
import * as plans from '../rate-limit/plans.js';
import * as retryAfter from '../rate-limit/retry-after.js';
import * as store from '../rate-limit/store.js';

export const RATE_LIMIT_PLANS = plans.RATE_LIMIT_PLANS;
export const SPACING_MARGIN = plans.SPACING_MARGIN;
export const DEFAULT_MAX_WAIT = plans.DEFAULT_MAX_WAIT;
export type {
  RateLimitOptions,
  RateLimitPlan,
  RateLimitPlanLimits,
  RateLimitWindowLimits,
} from '../rate-limit/plans.js';

export const parseRetryAfter = retryAfter.parseRetryAfter;
export const DAILY_PAUSE_MARGIN_MS = retryAfter.DAILY_PAUSE_MARGIN_MS;
export const MAX_QPS_PAUSE_MS = retryAfter.MAX_QPS_PAUSE_MS;

export const DEFAULT_RATE_LIMIT_CATEGORY = store.DEFAULT_RATE_LIMIT_CATEGORY;
export const RATE_LIMIT_CATEGORIES = store.RATE_LIMIT_CATEGORIES;
export const memoryStore = store.memoryStore;
export const nextUtcMidnight = store.nextUtcMidnight;
export const utcDay = store.utcDay;
export type {
  RateLimitCategory,
  RateLimitRule,
  RateLimitStore,
  RateLimitTable,
  RateLimitTableSource,
  RateLimitTake,
} from '../rate-limit/store.js';
