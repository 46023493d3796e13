// Where the rate limiter keeps its budgets. The limiter (one FIFO queue per category in each process)
// asks the store whether the head of a queue may go now; the store answers for every process that
// shares it. This module holds the contract and the in-process store; `@zoom-api/redis` implements the
// same contract over Redis so that a fleet of processes draws from one budget.
//
// Zoom counts per-second limits over a sliding window, so a burst right after a full window is a
// violation even when each fixed window is within its limit. The store therefore spaces calls evenly
// (a call may go `intervalMs` after the previous one of the same budget) instead of refilling a bucket.
// The limiter chooses the interval, safety margin included; stores only keep time.

import type { ZoomLogger } from '../log/logger.js';

/** Zoom's rate-limit categories, as its documents label each operation ("Rate Limit Label"). */
export type RateLimitCategory = 'LIGHT' | 'MEDIUM' | 'HEAVY' | 'RESOURCE-INTENSIVE';

/** What an operation counts as when Zoom's document gives it no label. */
export const DEFAULT_RATE_LIMIT_CATEGORY: RateLimitCategory = 'MEDIUM';

export const RATE_LIMIT_CATEGORIES: readonly RateLimitCategory[] = ['LIGHT', 'MEDIUM', 'HEAVY', 'RESOURCE-INTENSIVE'];

/**
 * A product's operations by `'METHOD /path/{template}'` (e.g. `'GET /videosdk/sessions'`): the
 * operation's name and the category Zoom's document gives it, absent when the document gives none.
 * Generated per product at build time.
 */
export type RateLimitTable = Readonly<Record<string, readonly [operation: string, category?: RateLimitCategory]>>;

/**
 * A product's table, or a function that loads it: the generated products pass a loader (an `import()` of
 * their `rate-limits.gen.js`), so the table is read only by a client with `rateLimit`.
 */
export type RateLimitTableSource = RateLimitTable | (() => Promise<RateLimitTable>);

/** One budget a call draws from. Several categories may share a budget (same `budget` name). */
export type RateLimitRule =
  | {
      /** Same in every process, e.g. `'HEAVY/second'`. */
      readonly budget: string;
      /** Calls of this budget go at least this many ms apart. */
      readonly kind: 'spacing';
      readonly intervalMs: number;
    }
  | {
      /** Same in every process, e.g. `'HEAVY+RESOURCE-INTENSIVE/day'`. */
      readonly budget: string;
      /** At most `limit` calls per calendar day, counted from 00:00 UTC. */
      readonly kind: 'daily';
      readonly limit: number;
    };

/** The store's answer: go now (the call has been counted in every rule), or not before `retryAt`. */
export type RateLimitTake =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** Epoch ms: the earliest moment at which asking again can succeed. */
      readonly retryAt: number;
      /** What stands in the way: a rule without room, or a pause after Zoom answered 429. */
      readonly blockedBy: RateLimitRule | 'pause';
    };

export interface RateLimitStore {
  /**
   * Counts one call in every rule, all or none, at `now` (epoch ms). `scope` separates accounts
   * (the API key, never the secret); `category` is what a pause applies to.
   */
  take(
    scope: string,
    category: RateLimitCategory,
    rules: readonly RateLimitRule[],
    now: number,
  ): Promise<RateLimitTake>;
  /**
   * Holds back every call of `category` until `until` (epoch ms); a longer pause already set wins. Stores
   * refuse a non-finite `until` (RangeError) and cut a later one to `longestPause(now)`.
   */
  pause(scope: string, category: RateLimitCategory, until: number): Promise<void>;
  /**
   * Optional: receives the logger of each client that uses the store (filtered by the client's
   * `logLevel`), e.g. to say once that a shared store is unreachable and budgets are local for now.
   */
  attach?(logger: ZoomLogger): void;
}

/** The next 00:00 UTC after `now`, when daily budgets start again. */
export function nextUtcMidnight(now: number): number {
  const day = new Date(now);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
}

/** How far past the next 00:00 UTC a pause may reach: 1 hour, for clocks that disagree a little. */
export const DAILY_PAUSE_MARGIN_MS = 60 * 60_000;

/**
 * The latest moment a pause set at `now` may last until: the next 00:00 UTC, when Zoom's daily limits
 * start again, plus DAILY_PAUSE_MARGIN_MS. Zoom asks for no longer pause (@zoom-api/redis keeps the same bound).
 */
export function longestPause(now: number): number {
  return nextUtcMidnight(now) + DAILY_PAUSE_MARGIN_MS;
}

/** The UTC calendar day of `now` as `YYYY-MM-DD`: the part of a daily budget's key that makes it reset. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Budgets kept in this process: the default store, and the fallback of shared ones. */
export function memoryStore(): RateLimitStore {
  // Per scope and budget: when the next call may go (spacing) or how many calls today (daily).
  const nextAt = new Map<string, number>();
  const counts = new Map<string, { day: string; count: number }>();
  const pausedUntil = new Map<string, number>();

  return {
    async take(scope, category, rules, now) {
      const pause = pausedUntil.get(`${scope}\0${category}`) ?? 0;
      if (pause > now) return { ok: false, retryAt: pause, blockedBy: 'pause' };
      // Only daily budgets need the calendar day; most calls have none, and formatting a date is not free.
      let day: string | undefined;
      for (const rule of rules) {
        const key = `${scope}\0${rule.budget}`;
        if (rule.kind === 'spacing') {
          const at = nextAt.get(key) ?? 0;
          if (at > now) return { ok: false, retryAt: at, blockedBy: rule };
        } else {
          day ??= utcDay(now);
          const counted = counts.get(key);
          const used = counted?.day === day ? counted.count : 0;
          if (used >= rule.limit) return { ok: false, retryAt: nextUtcMidnight(now), blockedBy: rule };
        }
      }
      for (const rule of rules) {
        const key = `${scope}\0${rule.budget}`;
        if (rule.kind === 'spacing') {
          nextAt.set(key, now + rule.intervalMs);
        } else {
          day ??= utcDay(now);
          const counted = counts.get(key);
          counts.set(key, { day, count: counted?.day === day ? counted.count + 1 : 1 });
        }
      }
      return { ok: true };
    },
    async pause(scope, category, until) {
      if (typeof until !== 'number' || !Number.isFinite(until)) {
        throw new RangeError(
          `memoryStore.pause: until must be a finite epoch in milliseconds; got ${String(until)}. Nothing was paused.`,
        );
      }
      const key = `${scope}\0${category}`;
      const bounded = Math.min(until, longestPause(Date.now()));
      if ((pausedUntil.get(key) ?? 0) < bounded) pausedUntil.set(key, bounded);
    },
  };
}
