import { retryAfterOf } from '../rate-limit/retry-after.js';
import type { RetrySettings } from './settings.js';

// Methods whose repetition has no extra effect: a 5xx or a broken connection may have happened
// after Zoom acted, so only these are repeated on such failures.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

// The 5xx that say "try again": a failure inside Zoom or between us and Zoom (502, 504), or an
// overload (503). 501 Not Implemented, 505 HTTP Version Not Supported, 507, 508, 511 … are the
// server's settled answer to this request; repeating it only spends rate limit and time.
const TRANSIENT_5XX = new Set([500, 502, 503, 504]);

/** Whether `status` is worth repeating: 429 for any method, a transient 5xx for idempotent ones. */
export function isRetryableStatus(status: number, method: string): boolean {
  return status === 429 || (TRANSIENT_5XX.has(status) && isIdempotent(method));
}

/**
 * Exponential backoff with "equal jitter": step n is baseDelay × 2ⁿ capped at maxDelay, and the wait
 * is a random point in its upper half, so concurrent clients spread out but never retry at once.
 */
export function backoffDelay(retry: number, settings: RetrySettings, random: () => number = Math.random): number {
  const step = Math.min(settings.maxDelay, settings.baseDelay * 2 ** retry);
  return step / 2 + (random() * step) / 2;
}

/**
 * Milliseconds to wait before repeating a request that got `response`, or undefined when the response
 * goes to the caller: not retryable, retries used up, or a `Retry-After` beyond `maxRetryAfter`.
 * A `Retry-After` within the limit is honoured for any retryable status (429, and 503 when it sends one);
 * an unreadable one counts as absent (backoff), so junk in the header never ends the retries.
 */
export function retryDelayFor(
  response: Response,
  method: string,
  retry: number,
  settings: RetrySettings,
  nowMs: number,
): number | undefined {
  const { status } = response;
  if (!isRetryableStatus(status, method)) return undefined;
  if (retry >= settings.maxRetries) return undefined;
  const asked = retryAfterOf(response.headers, nowMs);
  if (asked !== undefined) return asked <= settings.maxRetryAfterMs ? asked : undefined;
  return backoffDelay(retry, settings);
}
