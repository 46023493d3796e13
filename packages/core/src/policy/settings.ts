// The knobs of the request policy (timeout and retry), their defaults, and their checks. Client
// options are checked when the client is created; per-call overrides when the call is made. The checks
// are the ones auth and webhooks use too (@zoom-api/internal, inlined into this package's bundle).
import { describeValue, MAX_TIMER_MS } from '@zoom-api/internal';
import { checkNumber } from '@zoom-api/internal/checks';

export interface RetryOptions {
  /** Retries after the first attempt (401 re-authentication is separate and not counted). Default 2. */
  maxRetries?: number | undefined;
  /** Longest `Retry-After`, in seconds, that is waited out; a longer one is thrown at once. Default 60. */
  maxRetryAfter?: number | undefined;
  /** First backoff step in milliseconds; it doubles on each retry. Default 500. */
  baseDelay?: number | undefined;
  /** Longest single backoff step in milliseconds. Default 8000. */
  maxDelay?: number | undefined;
}

/** Options the policy reads, on a client and (overriding the client's) on each call. */
export interface RequestPolicyOptions {
  /**
   * Milliseconds each attempt may take, from sending until the whole response (body included) has
   * arrived, on every transport. Default 60_000.
   */
  timeout?: number | undefined;
  /** Retry settings merged over the client's, or `false` for a single attempt. */
  retry?: RetryOptions | false | undefined;
  /**
   * Largest response body, in bytes, that is read: a larger one (by Content-Length, or as it arrives)
   * ends the attempt with a ZoomResponseError instead of filling memory. Default 64 MiB
   * (DEFAULT_MAX_RESPONSE_BYTES).
   */
  maxResponseBytes?: number | undefined;
}

export interface RetrySettings {
  maxRetries: number;
  maxRetryAfterMs: number;
  baseDelay: number;
  maxDelay: number;
}

export interface PolicySettings extends RetrySettings {
  timeout: number;
  maxResponseBytes: number;
}

export const DEFAULT_TIMEOUT = 60_000;
/**
 * 64 MiB: Zoom's largest pages (300 records of a report) are a few MB, so this is far above any real
 * answer and far below the memory of a small container (the body is held twice while it is parsed).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_RETRY: Record<keyof RetryOptions, number> = {
  maxRetries: 2,
  maxRetryAfter: 60,
  baseDelay: 500,
  maxDelay: 8000,
};

function checkRetry(value: unknown): RetryOptions | false {
  if (value === false) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(
      `retry must be false or an object such as { maxRetries: 2, maxRetryAfter: 60 }; got ${describeValue(value)}.`,
    );
  }
  return value as RetryOptions;
}

/** Combines client-level and call-level options into the numbers the policy runs on. */
export function resolvePolicy(client: RequestPolicyOptions, call?: RequestPolicyOptions): PolicySettings {
  const timeout = checkNumber('timeout', call?.timeout ?? client.timeout ?? DEFAULT_TIMEOUT, {
    unit: 'milliseconds',
    min: 1,
    max: MAX_TIMER_MS,
  });
  const clientRetry = client.retry === undefined ? undefined : checkRetry(client.retry);
  const callRetry = call?.retry === undefined ? undefined : checkRetry(call.retry);
  // `retry: false` on the call wins; an object on the call re-enables retries a client turned off.
  const disabled = callRetry === false || (callRetry === undefined && clientRetry === false);
  const pick = <K extends keyof RetryOptions>(key: K) =>
    (callRetry || undefined)?.[key] ?? (clientRetry || undefined)?.[key] ?? DEFAULT_RETRY[key];
  const maxResponseBytes = checkNumber(
    'maxResponseBytes',
    call?.maxResponseBytes ?? client.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    { unit: 'bytes', min: 1, max: Number.MAX_SAFE_INTEGER, whole: true },
  );
  return {
    timeout,
    maxResponseBytes,
    maxRetries: disabled
      ? 0
      : checkNumber('retry.maxRetries', pick('maxRetries'), { unit: 'retries', min: 0, max: 100, whole: true }),
    maxRetryAfterMs:
      checkNumber('retry.maxRetryAfter', pick('maxRetryAfter'), { unit: 'seconds', min: 0, max: 86_400 }) * 1000,
    baseDelay: checkNumber('retry.baseDelay', pick('baseDelay'), { unit: 'milliseconds', min: 0, max: MAX_TIMER_MS }),
    maxDelay: checkNumber('retry.maxDelay', pick('maxDelay'), { unit: 'milliseconds', min: 0, max: MAX_TIMER_MS }),
  };
}
