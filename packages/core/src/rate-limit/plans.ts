// Zoom's published rate limits per plan and the `rateLimit` option's shape: public, and small. The
// limiter that enforces them (./limiter.ts) is loaded only by clients that set `rateLimit`.
import type { RateLimitCategory, RateLimitStore } from './store.js';

export type RateLimitPlan = 'free' | 'pro' | 'business';

/** Limits of one category; a field given replaces the plan's, an absent (or undefined) one keeps it. */
export interface RateLimitWindowLimits {
  perSecond?: number | undefined;
  perMinute?: number | undefined;
  perDay?: number | undefined;
}

/** The `rateLimit` option of a client. */
export interface RateLimitOptions {
  /** Your Zoom account's plan: `business` stands for Business, Education, Enterprise and Partner. */
  plan: RateLimitPlan;
  /**
   * Replaces the plan's limits per category, e.g. `{ HEAVY: { perSecond: 5 } }` to leave room for
   * another application on the same account. `'HEAVY+RESOURCE-INTENSIVE': { perDay }` is the daily
   * budget the two share on pro and business.
   */
  limits?: Partial<Record<RateLimitCategory | 'HEAVY+RESOURCE-INTENSIVE', RateLimitWindowLimits>> | undefined;
  /** Where budgets are kept; default: one in-process store shared by every client of this process. */
  store?: RateLimitStore | undefined;
  /** Longest wait in the queue, in ms, before a call fails with ZoomRateLimitError unsent. Default 60_000. */
  maxWait?: number | undefined;
  /**
   * Category of an operation, by name (`listSessions`) or `'METHOD /path'` (`'GET /videosdk/sessions'`),
   * over the one Zoom's document gives; operations without one count as MEDIUM.
   */
  categories?: Record<string, RateLimitCategory> | undefined;
  /**
   * The account the budgets belong to. Default: the API key (the `iss` of the bearer JWT, which is
   * public; never the secret), else `'default'`.
   */
  scope?: string | undefined;
}

/**
 * A plan's published limits in the shape of the `limits` option: each category's, and the daily budget
 * HEAVY and RESOURCE-INTENSIVE share (pro and business).
 */
export type RateLimitPlanLimits = Readonly<Record<RateLimitCategory, Readonly<RateLimitWindowLimits>>> & {
  readonly 'HEAVY+RESOURCE-INTENSIVE'?: Readonly<{ perDay: number }>;
};

/* @__NO_SIDE_EFFECTS__ */
function plan(limits: RateLimitPlanLimits): RateLimitPlanLimits {
  for (const entry of Object.values(limits)) Object.freeze(entry);
  return Object.freeze(limits);
}

/**
 * Zoom's published limits per plan, what `rateLimit: { plan }` keeps calls within: look up an operation's
 * category (its `rateLimit.category` in the package's `operations`) to see what it may do before calling,
 * e.g. `RATE_LIMIT_PLANS.pro['RESOURCE-INTENSIVE']` is `{ perMinute: 10 }`.
 */
export const RATE_LIMIT_PLANS: Readonly<Record<RateLimitPlan, RateLimitPlanLimits>> = /* @__PURE__ */ Object.freeze({
  free: plan({
    LIGHT: { perSecond: 4, perDay: 6_000 },
    MEDIUM: { perSecond: 2, perDay: 2_000 },
    HEAVY: { perSecond: 1, perDay: 1_000 },
    'RESOURCE-INTENSIVE': { perMinute: 10, perDay: 30_000 },
  }),
  pro: plan({
    LIGHT: { perSecond: 30 },
    MEDIUM: { perSecond: 20 },
    HEAVY: { perSecond: 10 },
    'RESOURCE-INTENSIVE': { perMinute: 10 },
    'HEAVY+RESOURCE-INTENSIVE': { perDay: 30_000 },
  }),
  business: plan({
    LIGHT: { perSecond: 80 },
    MEDIUM: { perSecond: 60 },
    HEAVY: { perSecond: 40 },
    'RESOURCE-INTENSIVE': { perMinute: 20 },
    'HEAVY+RESOURCE-INTENSIVE': { perDay: 60_000 },
  }),
});

/**
 * Calls are spaced 5 % wider than the limit allows. Zoom's window slides, so evenly spaced calls at
 * exactly the limit sit on its edge: a few milliseconds of jitter between our clock and Zoom's arrival
 * time would put one call too many in some window. 5 % costs 5 % of throughput and absorbs that.
 */
export const SPACING_MARGIN = 1.05;
export const DEFAULT_MAX_WAIT = 60_000;
/** The daily budget HEAVY and RESOURCE-INTENSIVE share on pro and business, as `limits` names it. */
export const SHARED_DAILY = 'HEAVY+RESOURCE-INTENSIVE';
