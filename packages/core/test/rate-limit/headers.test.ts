// Zoom's rate-limit headers and Retry-After, parsed (from source).
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, readRateLimit } from '../../src/rate-limit/headers.js';

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
