// The policy's option checks and how call, client and defaults combine (from source).
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY, resolvePolicy } from '../../src/policy/settings.js';

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
