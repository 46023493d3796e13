// Zoom's rate-limit headers, parsed (from source); Retry-After itself in retry-after.test.ts.
import { describe, expect, it } from 'vitest';
import { readRateLimit } from '../../src/rate-limit/headers.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

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
      category: 'MEDIUM', // Zoom's label spelling, whatever case the header has
      type: 'Daily-limit',
      limit: 2000,
      remaining: 0,
      retryAfter: 2,
      retryAt: new Date(NOW + 1200),
    });
  });

  it.each([
    ['Light', 'LIGHT'],
    ['Resource-intensive', 'RESOURCE-INTENSIVE'],
    [' heavy ', 'HEAVY'],
    ['Something-else', 'Something-else'],
  ])('reads the category %j as %j', (header, label) => {
    expect(readRateLimit(new Headers({ 'X-RateLimit-Category': header }), NOW).category).toBe(label);
  });

  it('leaves absent or unreadable headers undefined', () => {
    const info = readRateLimit(new Headers({ 'X-RateLimit-Limit': 'lots', 'Retry-After': 'foo 2099' }), NOW);
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
