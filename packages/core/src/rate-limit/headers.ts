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
  /** `Retry-After` as whole seconds from now (rounded up). */
  retryAfter: number | undefined;
  /** `Retry-After` as the moment Zoom accepts calls again. */
  retryAt: Date | undefined;
}

const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
// HTTP-dates (all three historic forms) start with a day name; ISO-8601 with a full date. Nothing
// else goes to Date.parse, which would accept odd strings such as "-5" as a year.
const TIMESTAMP_START = /^(?:[A-Za-z]{3}|\d{4}-\d{2}-\d{2})/;
// An ISO-8601 date-time without an offset. Date.parse would read it as local time; Zoom's daily
// limits reset at 00:00 UTC and its timestamps are UTC, so it is read as UTC.
const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

/**
 * Milliseconds to wait according to a `Retry-After` value: delay-seconds, an HTTP-date, or an
 * ISO-8601 timestamp (Zoom sends the latter for daily limits). A moment in the past means 0;
 * anything unreadable gives undefined.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (DELAY_SECONDS.test(text)) return Number(text) * 1000;
  if (!TIMESTAMP_START.test(text)) return undefined;
  const at = Date.parse(ISO_WITHOUT_OFFSET.test(text) ? `${text}Z` : text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function readCount(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return undefined;
  const count = Number(value);
  return Number.isFinite(count) ? count : undefined;
}

export function readRateLimit(headers: Headers, nowMs: number): RateLimitInfo {
  const waitMs = parseRetryAfter(headers.get('retry-after'), nowMs);
  return {
    category: headers.get('x-ratelimit-category') ?? undefined,
    type: headers.get('x-ratelimit-type') ?? undefined,
    limit: readCount(headers, 'x-ratelimit-limit'),
    remaining: readCount(headers, 'x-ratelimit-remaining'),
    retryAfter: waitMs === undefined ? undefined : Math.ceil(waitMs / 1000),
    retryAt: waitMs === undefined ? undefined : new Date(nowMs + waitMs),
  };
}
