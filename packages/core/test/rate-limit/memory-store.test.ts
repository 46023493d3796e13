// The in-process rate-limit store against the conformance rules every store follows.
import { rateLimitStoreConformance } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { longestPause, memoryStore, nextUtcMidnight, utcDay } from '../../src/rate-limit/store.js';

describe('memoryStore', () => {
  rateLimitStoreConformance(() => memoryStore());
});

describe('memoryStore pauses', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, '1'])(
    'refuses until = %s with a RangeError, pausing nothing',
    async (until) => {
      const store = memoryStore();
      await expect(store.pause('s', 'HEAVY', until as number)).rejects.toThrow(
        /^memoryStore\.pause: until must be a finite epoch in milliseconds; got .*\. Nothing was paused\.$/,
      );
      expect(await store.take('s', 'HEAVY', [], Date.now())).toEqual({ ok: true });
    },
  );

  it('cuts a pause decades long to the next 00:00 UTC + 1 h', async () => {
    const store = memoryStore();
    const now = Date.now();
    await store.pause('s', 'HEAVY', Date.UTC(2099, 0, 1));
    const answer = await store.take('s', 'HEAVY', [], now);
    expect(answer).toMatchObject({ ok: false, blockedBy: 'pause' });
    const cap = longestPause(now);
    expect(cap).toBe(nextUtcMidnight(now) + 3_600_000);
    expect((answer as { retryAt: number }).retryAt).toBeGreaterThanOrEqual(cap);
    expect((answer as { retryAt: number }).retryAt).toBeLessThanOrEqual(longestPause(Date.now()));
  });
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
