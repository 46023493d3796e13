import { retryAfterOf } from './retry-after.js';
import { RATE_LIMIT_CATEGORIES, type RateLimitCategory } from './store.js';

/** Zoom's rate-limit headers on a response, parsed. A field is undefined when its header is absent. */
export interface RateLimitInfo {
  /**
   * `X-RateLimit-Category` as Zoom's documents label the category: `LIGHT`, `MEDIUM`, `HEAVY` or
   * `RESOURCE-INTENSIVE` (the header says `Light`, …, `Resource-intensive`); any other value as sent.
   */
  category: RateLimitCategory | (string & {}) | undefined;
  /** `X-RateLimit-Type`: `QPS` (per second) or `Daily-limit`. */
  type: string | undefined;
  /** `X-RateLimit-Limit`. */
  limit: number | undefined;
  /** `X-RateLimit-Remaining`. */
  remaining: number | undefined;
  /** `Retry-After` as whole seconds from now (rounded up), capped as core's README says; junk is undefined. */
  retryAfter: number | undefined;
  /** `Retry-After` as the moment Zoom accepts calls again. */
  retryAt: Date | undefined;
}

function readCount(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const count = Number(value);
  return Number.isFinite(count) ? count : undefined;
}

/**
 * A category as Zoom's documents label it (`Resource-intensive` → `RESOURCE-INTENSIVE`): the spelling of
 * the operations tables, the `rateLimit` option and `ZoomRateLimitError#category`, so that any of them can
 * be compared with a response's. A value that is none of the four is left as it is (it may be a server
 * echoing something else, which redaction must still recognise).
 */
export function categoryLabel(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const label = value.trim().toUpperCase();
  return (RATE_LIMIT_CATEGORIES as readonly string[]).includes(label) ? label : value;
}

export function readRateLimit(headers: Headers, nowMs: number): RateLimitInfo {
  const waitMs = retryAfterOf(headers, nowMs);
  return {
    category: categoryLabel(headers.get('x-ratelimit-category')),
    type: headers.get('x-ratelimit-type') ?? undefined,
    limit: readCount(headers, 'x-ratelimit-limit'),
    remaining: readCount(headers, 'x-ratelimit-remaining'),
    retryAfter: waitMs === undefined ? undefined : Math.ceil(waitMs / 1000),
    retryAt: waitMs === undefined ? undefined : new Date(nowMs + waitMs),
  };
}
