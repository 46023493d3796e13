// The policy's pure pieces, from source: Retry-After parsing, backoff bounds, option checks.
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryDelayFor } from '../src/policy/retry.js';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY, resolvePolicy } from '../src/policy/settings.js';
import { parseRetryAfter, readRateLimit } from '../src/rate-limit/headers.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('parseRetryAfter', () => {
  it.each([
    ['1', 1000],
    ['0', 0],
    [' 30 ', 30_000],
    ['1.5', 1500],
    ['Wed, 15 Jan 2025 12:00:05 GMT', 5000],
    ['2025-01-15T12:00:02Z', 2000],
    ['2025-01-15T12:00:02.500Z', 2500],
    ['2025-01-15T13:00:00+01:00', 0],
    // No offset: read as UTC, as Zoom means it.
    ['2025-01-15T12:01:00', 60_000],
    ['2025-01-16', 12 * 3600_000],
    // In the past: no wait.
    ['Wed, 15 Jan 2025 11:00:00 GMT', 0],
  ])('%j → %d ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([null, undefined, '', 'soon', '-5', '1e3'])('%j → undefined', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('readRateLimit', () => {
  it('parses the headers, rounding Retry-After up to whole seconds', () => {
    const headers = new Headers({
      'X-RateLimit-Category': 'Medium',
      'X-RateLimit-Type': 'Daily-limit',
      'X-RateLimit-Limit': '2000',
      'X-RateLimit-Remaining': '0',
      'Retry-After': '2025-01-15T12:00:01.200Z',
    });
    expect(readRateLimit(headers, NOW)).toEqual({
      category: 'Medium',
      type: 'Daily-limit',
      limit: 2000,
      remaining: 0,
      retryAfter: 2,
      retryAt: new Date(NOW + 1200),
    });
  });

  it('leaves absent or unreadable headers undefined', () => {
    const info = readRateLimit(new Headers({ 'X-RateLimit-Limit': 'lots' }), NOW);
    expect(info).toEqual({
      category: undefined,
      type: undefined,
      limit: undefined,
      remaining: undefined,
      retryAfter: undefined,
      retryAt: undefined,
    });
  });
});

describe('backoff', () => {
  const settings = resolvePolicy({});

  it('defaults: 0.5 s × 2ⁿ, capped at 8 s, jittered within the upper half of each step', () => {
    expect(settings).toEqual({
      timeout: 60_000,
      maxResponseBytes: 64 * 1024 * 1024,
      maxRetries: 2,
      maxRetryAfterMs: 60_000,
      baseDelay: 500,
      maxDelay: 8000,
    });
    const steps = [500, 1000, 2000, 4000, 8000, 8000, 8000];
    steps.forEach((step, n) => {
      expect(backoffDelay(n, settings, () => 0)).toBe(step / 2);
      expect(backoffDelay(n, settings, () => 0.999_999)).toBeCloseTo(step, 2);
    });
  });

  it('a 429 waits for Retry-After, a 5xx backs off, a POST 5xx and a 4xx are not retried', () => {
    const response = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });
    expect(retryDelayFor(response(429, { 'Retry-After': '3' }), 'POST', 0, settings, NOW)).toBe(3000);
    expect(retryDelayFor(response(429, { 'Retry-After': '61' }), 'GET', 0, settings, NOW)).toBeUndefined();
    expect(retryDelayFor(response(503), 'GET', 1, settings, NOW)).toBeGreaterThanOrEqual(500);
    expect(retryDelayFor(response(503), 'POST', 0, settings, NOW)).toBeUndefined();
    expect(retryDelayFor(response(502), 'PATCH', 0, settings, NOW)).toBeUndefined();
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']) {
      expect(retryDelayFor(response(500), method, 0, settings, NOW)).toBeDefined();
    }
    expect(retryDelayFor(response(404), 'GET', 0, settings, NOW)).toBeUndefined();
    for (const status of [501, 505, 506, 507, 508, 510, 511, 599]) {
      expect(retryDelayFor(response(status), 'GET', 0, settings, NOW)).toBeUndefined();
    }
    for (const status of [502, 503, 504])
      expect(retryDelayFor(response(status), 'GET', 0, settings, NOW)).toBeDefined();
    expect(retryDelayFor(response(503), 'GET', 2, settings, NOW)).toBeUndefined();
  });
});

describe('resolvePolicy', () => {
  it('merges call over client over defaults, field by field', () => {
    expect(resolvePolicy({ timeout: 5000, retry: { maxRetries: 5 } }, { retry: { baseDelay: 10 } })).toEqual({
      timeout: 5000,
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
      maxRetries: 5,
      maxRetryAfterMs: DEFAULT_RETRY.maxRetryAfter * 1000,
      baseDelay: 10,
      maxDelay: 8000,
    });
    expect(resolvePolicy({ retry: { maxRetries: 5 } }, { retry: false }).maxRetries).toBe(0);
    expect(resolvePolicy({ maxResponseBytes: 10 }, { maxResponseBytes: 20 }).maxResponseBytes).toBe(20);
    expect(resolvePolicy({ maxResponseBytes: 10 }, {}).maxResponseBytes).toBe(10);
    expect(resolvePolicy({ retry: false }, { retry: {} }).maxRetries).toBe(2);
    expect(resolvePolicy({ retry: false }, { timeout: 10 }).maxRetries).toBe(0);
  });

  it.each([
    [{ timeout: 0 }, RangeError, /timeout must be a number of milliseconds from 1 to 2147483647; got 0/],
    [{ timeout: Number.NaN }, RangeError, /timeout must be .*got NaN/],
    [{ timeout: 2 ** 31 }, RangeError, /timeout must be/],
    [{ timeout: '5s' }, TypeError, /timeout must be a number of milliseconds .*got a string/],
    [{ retry: true }, TypeError, /retry must be false or an object .*got a value of type boolean/],
    [
      { retry: { maxRetries: -1 } },
      RangeError,
      /retry\.maxRetries must be a whole number of retries from 0 to 100; got -1/,
    ],
    [{ retry: { maxRetries: 1.5 } }, RangeError, /retry\.maxRetries must be a whole number/],
    [{ retry: { maxRetryAfter: '60' } }, TypeError, /retry\.maxRetryAfter must be a number of seconds/],
    [{ retry: { baseDelay: -1 } }, RangeError, /retry\.baseDelay/],
  ])(
    '%j is refused with a message naming the option (wrong type: TypeError, out of range: RangeError)',
    (options, kind, message) => {
      expect(() => resolvePolicy(options as never)).toThrow(kind);
      expect(() => resolvePolicy(options as never)).toThrow(message);
    },
  );
});
