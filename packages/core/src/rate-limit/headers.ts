import { retryAfterOf } from './retry-after.js';

/** Zoom's rate-limit headers on a response, parsed. A field is undefined when its header is absent. */
export interface RateLimitInfo {
  /** `X-RateLimit-Category`: Light, Medium, Heavy or Resource-intensive. */
  category: string | undefined;
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

export function readRateLimit(headers: Headers, nowMs: number): RateLimitInfo {
  const waitMs = retryAfterOf(headers, nowMs);
  return {
    category: headers.get('x-ratelimit-category') ?? undefined,
    type: headers.get('x-ratelimit-type') ?? undefined,
    limit: readCount(headers, 'x-ratelimit-limit'),
    remaining: readCount(headers, 'x-ratelimit-remaining'),
    retryAfter: waitMs === undefined ? undefined : Math.ceil(waitMs / 1000),
    retryAt: waitMs === undefined ? undefined : new Date(nowMs + waitMs),
  };
}
