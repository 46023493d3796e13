// Retry-After, read strictly as RFC 9110 defines it (plus Zoom's ISO timestamp), and capped (from source).
import { describe, expect, it } from 'vitest';
import {
  DAILY_PAUSE_MARGIN_MS,
  longestPauseUntil,
  MAX_QPS_PAUSE_MS,
  parseRetryAfter,
  retryAfterOf,
} from '../../src/rate-limit/retry-after.js';

// Wednesday 15 January 2025, 12:00:00 UTC.
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const NEXT_MIDNIGHT = Date.UTC(2025, 0, 16);
const DAILY_CAP = NEXT_MIDNIGHT + DAILY_PAUSE_MARGIN_MS - NOW;

describe('parseRetryAfter: what RFC 9110 and Zoom send', () => {
  it.each([
    // delay-seconds = 1*DIGIT
    ['0', 0],
    ['1', 1000],
    [' 30 ', 30_000],
    ['0030', 30_000],
    // IMF-fixdate
    ['Wed, 15 Jan 2025 12:00:05 GMT', 5000],
    ['Thu, 16 Jan 2025 00:00:00 GMT', NEXT_MIDNIGHT - NOW],
    // rfc850-date, two-digit year: 25 is 2025
    ['Wednesday, 15-Jan-25 12:00:07 GMT', 7000],
    // asctime-date, day padded with a space or two digits
    ['Wed Jan 15 12:00:09 2025', 9000],
    ['Sat Feb  1 00:00:00 2025', DAILY_CAP],
    // Zoom's ISO timestamps (daily limits); without an offset, UTC
    ['2025-01-15T12:00:02Z', 2000],
    ['2025-01-15T12:00:02.500Z', 2500],
    ['2025-01-15T13:00:03+01:00', 3000],
    ['2025-01-15T12:01:00', 60_000],
    ['2025-01-16', 12 * 3600_000],
    ['2025-01-16T00:00:00Z', 12 * 3600_000],
    // In the past: no wait.
    ['Wed, 15 Jan 2025 11:00:00 GMT', 0],
    ['2020-05-31T00:00:00Z', 0],
    // A leap second is the second after :59.
    ['Wed, 15 Jan 2025 12:00:60 GMT', 60_000],
  ])('%j → %d ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    ' ',
    'soon',
    'foo 2099',
    '-5',
    '+5',
    '1.5',
    '1e3',
    '0x10',
    '5 s',
    '1, 2',
    // An HTTP-date is case-sensitive and exact about its spaces and its day name.
    'wed, 15 Jan 2025 12:00:05 GMT',
    'Wed, 15 jan 2025 12:00:05 GMT',
    'Wed, 15 Jan 2025 12:00:05 gmt',
    'Wed, 15 Jan 2025 12:00:05 UTC',
    'Wed,  15 Jan 2025 12:00:05 GMT',
    'Wed, 5 Jan 2025 12:00:05 GMT',
    'Thu, 15 Jan 2025 12:00:05 GMT',
    'Mon, 15 Jan 2099 00:00:00 GMT',
    'Wed, 15 Jan 2025 24:00:00 GMT',
    'Wed, 15 Jan 2025 12:60:00 GMT',
    'Sat, 29 Feb 2025 00:00:00 GMT',
    'Wed, 15 Jan 2025 12:00:05 GMT trailing',
    'Wed Jan 15 12:00:05 2025 GMT',
    'Wed Jan 5 12:00:05 2025',
    'Wed, 15-Jan-25 12:00:07 GMT',
    'Wednesday, 15-Jan-2025 12:00:07 GMT',
    // ISO: a whole date, seconds, a real offset.
    '2025-1-15T12:00:00Z',
    '2025-01-15T12:00Z',
    '2025-01-15 12:00:00Z',
    '2025-02-30T00:00:00Z',
    '2025-01-15T12:00:00+25:00',
    '2025-01-15t12:00:00z',
    '20250115T120000Z',
  ])('%j is junk → undefined', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it('reads a two-digit rfc850 year more than 50 years ahead as the past century', () => {
    // 75 → 2075 (50 years ahead), 76 → 1976 (in the past: no wait); the day names are those years'.
    expect(parseRetryAfter('Thursday, 01-Jan-76 00:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Wednesday, 01-Jan-76 00:00:00 GMT', NOW)).toBeUndefined();
    expect(parseRetryAfter('Tuesday, 01-Jan-75 00:00:00 GMT', NOW)).toBe(DAILY_CAP);
  });
});

describe('the cap on every wait', () => {
  const huge = '9'.repeat(400);

  it('400 digits are a finite wait: until the next 00:00 UTC + 1 h, or 5 minutes for a per-second limit', () => {
    expect(parseRetryAfter(huge, NOW)).toBe(DAILY_CAP);
    expect(parseRetryAfter(huge, NOW, 'Daily-limit')).toBe(DAILY_CAP);
    expect(parseRetryAfter(huge, NOW, 'QPS')).toBe(MAX_QPS_PAUSE_MS);
    expect(parseRetryAfter(huge, NOW, ' qps ')).toBe(MAX_QPS_PAUSE_MS);
    expect(MAX_QPS_PAUSE_MS).toBe(300_000);
    expect(DAILY_PAUSE_MARGIN_MS).toBe(3_600_000);
  });

  it('a date decades ahead is cut the same way', () => {
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(DAILY_CAP);
    expect(parseRetryAfter('2099-01-01T00:00:00Z', NOW, 'QPS')).toBe(MAX_QPS_PAUSE_MS);
  });

  it('a wait within the cap is kept as asked', () => {
    expect(parseRetryAfter('120', NOW, 'QPS')).toBe(120_000);
    expect(parseRetryAfter('36000', NOW, 'Daily-limit')).toBe(36_000_000);
  });

  it('longestPauseUntil is the moment behind the cap', () => {
    expect(longestPauseUntil(NOW, 'QPS')).toBe(NOW + 300_000);
    expect(longestPauseUntil(NOW, 'Daily-limit')).toBe(NEXT_MIDNIGHT + 3_600_000);
    expect(longestPauseUntil(NOW)).toBe(NEXT_MIDNIGHT + 3_600_000);
    // One millisecond before midnight, the cap is still the coming midnight's.
    expect(longestPauseUntil(NEXT_MIDNIGHT - 1)).toBe(NEXT_MIDNIGHT + 3_600_000);
  });

  it('retryAfterOf reads the type from X-RateLimit-Type', () => {
    const headers = new Headers({ 'Retry-After': huge, 'X-RateLimit-Type': 'QPS' });
    expect(retryAfterOf(headers, NOW)).toBe(MAX_QPS_PAUSE_MS);
    expect(retryAfterOf(new Headers({ 'Retry-After': 'foo 2099' }), NOW)).toBeUndefined();
    expect(retryAfterOf(new Headers(), NOW)).toBeUndefined();
  });
});
