// The in-process rate-limit store against the conformance rules every store follows.
import { rateLimitStoreConformance } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { memoryStore, nextUtcMidnight, utcDay } from '../../src/rate-limit/store.js';

describe('memoryStore', () => {
  rateLimitStoreConformance(() => memoryStore());
});

describe('UTC days', () => {
  it('resets at 00:00 UTC whatever the local time zone', () => {
    const lateEvening = Date.UTC(2026, 11, 31, 23, 59, 59, 999);
    expect(utcDay(lateEvening)).toBe('2026-12-31');
    expect(nextUtcMidnight(lateEvening)).toBe(Date.UTC(2027, 0, 1));
    expect(utcDay(nextUtcMidnight(lateEvening))).toBe('2027-01-01');
    expect(nextUtcMidnight(Date.UTC(2027, 0, 1))).toBe(Date.UTC(2027, 0, 2));
  });
});
