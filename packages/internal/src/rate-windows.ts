// How Zoom judges a call against an account's rate limits, as a server does: per account and category
// over a sliding window, so a full burst right after a full window is a violation even though each fixed
// window stays within its limit (only evenly spaced calls pass at the full rate); daily budgets count per
// UTC day. Calls that earn a 429 use no budget. The numbers come from the caller: @zoom-api/testing's
// fake passes core's plan table, the private Zoom-like test server its own, typed in again from Zoom's
// table, since it is the oracle core's limiter is tested against.

export type ZoomRateLimitCategory = 'LIGHT' | 'MEDIUM' | 'HEAVY' | 'RESOURCE-INTENSIVE';

/** Limits of one category; an absent (or undefined) field is no limit. */
export interface WindowLimits {
  readonly perSecond?: number | undefined;
  readonly perMinute?: number | undefined;
  readonly perDay?: number | undefined;
}

export interface PlanWindows {
  readonly categories: Readonly<Record<ZoomRateLimitCategory, WindowLimits>>;
  /** The daily budget HEAVY and RESOURCE-INTENSIVE calls share; absent: none. */
  readonly heavySharedPerDay?: number | undefined;
}

/** The limit one call broke, as Zoom's 429 headers describe it. */
export interface RateLimitViolation {
  type: 'QPS' | 'Daily-limit';
  limit: number;
  remaining: number;
  /** `Retry-After`: whole seconds for QPS, an ISO timestamp (next 00:00 UTC) for daily limits. */
  retryAfter: string;
}

/** How Zoom spells a category in `X-RateLimit-Category`. */
export const CATEGORY_HEADER_VALUE: Readonly<Record<ZoomRateLimitCategory, string>> = {
  LIGHT: 'Light',
  MEDIUM: 'Medium',
  HEAVY: 'Heavy',
  'RESOURCE-INTENSIVE': 'Resource-intensive',
};

/** The headers of Zoom's 429 for a violation (lower case, as node:http sends them). */
export function rateLimitHeaders(
  category: ZoomRateLimitCategory,
  violation: RateLimitViolation,
): Record<string, string> {
  return {
    'x-ratelimit-category': CATEGORY_HEADER_VALUE[category],
    'x-ratelimit-type': violation.type,
    'x-ratelimit-limit': String(violation.limit),
    'x-ratelimit-remaining': String(violation.remaining),
    'retry-after': violation.retryAfter,
  };
}

/** Zoom's message in the body of a 429. */
export function rateLimitMessage(violation: RateLimitViolation): string {
  return violation.type === 'QPS'
    ? 'You have reached the maximum per-second rate limit for this API. Try again later.'
    : 'You have reached the maximum daily rate limit for this API.';
}

/** The sliding-window bookkeeping, with explicit times: `admit` counts the call when it passes. */
export class RateWindows {
  private readonly accepted = new Map<string, number[]>();
  private readonly daily = new Map<string, { day: string; count: number }>();

  constructor(private readonly plan: PlanWindows) {}

  admit(account: string, category: ZoomRateLimitCategory, now: number): RateLimitViolation | undefined {
    const limits = this.plan.categories[category];
    const windows: { ms: number; limit: number }[] = [];
    if (limits.perSecond !== undefined) windows.push({ ms: 1_000, limit: limits.perSecond });
    if (limits.perMinute !== undefined) windows.push({ ms: 60_000, limit: limits.perMinute });
    const key = `${account}\0${category}`;
    const times = this.accepted.get(key) ?? [];
    // Keep only what the longest window can still see.
    const horizon = now - Math.max(0, ...windows.map((w) => w.ms));
    while (times.length > 0 && (times[0] as number) <= horizon) times.shift();
    for (const window of windows) {
      const since = now - window.ms;
      let inWindow = 0;
      for (let i = times.length - 1; i >= 0 && (times[i] as number) > since; i--) inWindow++;
      if (inWindow >= window.limit) {
        const oldest = times[times.length - window.limit] as number;
        return {
          type: 'QPS',
          limit: window.limit,
          remaining: 0,
          retryAfter: String(Math.max(1, Math.ceil((oldest + window.ms - now) / 1000))),
        };
      }
    }
    const day = new Date(now).toISOString().slice(0, 10);
    const dailyKeys: Array<{ key: string; limit: number }> = [];
    if (limits.perDay !== undefined) dailyKeys.push({ key, limit: limits.perDay });
    const shared = this.plan.heavySharedPerDay;
    if (shared !== undefined && (category === 'HEAVY' || category === 'RESOURCE-INTENSIVE')) {
      dailyKeys.push({ key: `${account}\0HEAVY+RESOURCE-INTENSIVE`, limit: shared });
    }
    for (const { key: dailyKey, limit } of dailyKeys) {
      const counted = this.daily.get(dailyKey);
      const used = counted?.day === day ? counted.count : 0;
      if (used >= limit) {
        const midnight = new Date(now);
        midnight.setUTCHours(24, 0, 0, 0);
        return { type: 'Daily-limit', limit, remaining: 0, retryAfter: midnight.toISOString() };
      }
    }
    for (const { key: dailyKey } of dailyKeys) {
      const counted = this.daily.get(dailyKey);
      this.daily.set(dailyKey, { day, count: counted?.day === day ? counted.count + 1 : 1 });
    }
    times.push(now);
    this.accepted.set(key, times);
    return undefined;
  }
}
