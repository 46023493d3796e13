// The limiter's timers under fake time (from source): a wait longer than a Node timer holds (2^31-1 ms,
// about 24.8 days) runs as a chain of timers instead of overflowing into a 1 ms busy loop, and a queued
// call that is given up takes the queue's timer with it. Fake timers overflow exactly as Node's do.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/rate-limit/limiter.js';
import type { RateLimitStore } from '../../src/rate-limit/store.js';

const DAY = 86_400_000;

/** A store that holds every call back until `retryAt(now)` (asked at `now`), counting how often it is asked. */
function holdingStore(retryAt: (now: number) => number): RateLimitStore & { takes: number } {
  const store = {
    takes: 0,
    async take(_scope: string, _category: string, _rules: unknown, now: number) {
      store.takes++;
      return { ok: false as const, retryAt: retryAt(now), blockedBy: 'pause' as const };
    },
    async pause() {},
  };
  return store;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('waits longer than a timer holds', () => {
  it('a 30-day pause asks the store once more after 30 days, not every millisecond', async () => {
    const store = holdingStore((now) => now + 30 * DAY);
    const limiter = new RateLimiter({ plan: 'pro', store, maxWait: Number.POSITIVE_INFINITY }, undefined);
    const controller = new AbortController();
    const waiting = limiter.acquire('token', 'MEDIUM', controller.signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    // The call's own ask, then the queue head's.
    expect(store.takes).toBe(2);
    await vi.advanceTimersByTimeAsync(29 * DAY);
    expect(store.takes).toBe(2);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(store.takes).toBe(3);
    controller.abort(new Error('gave up'));
    expect(await waiting).toEqual(new Error('gave up'));
  });

  it('a maxWait of 40 days is not cut to 1 ms', async () => {
    const store = holdingStore((now) => now + 30 * DAY);
    const limiter = new RateLimiter({ plan: 'pro', store, maxWait: 40 * DAY }, undefined);
    let outcome: unknown;
    const waiting = limiter.acquire('token', 'MEDIUM', new AbortController().signal).then(
      () => 'went',
      (error: unknown) => error,
    );
    void waiting.then((result) => (outcome = result));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(outcome).toBeUndefined();
    // After 30 days the store holds the call back until day 60, beyond its maxWait (40 days): refused then.
    await vi.advanceTimersByTimeAsync(30 * DAY);
    expect(outcome).toMatchObject({ reason: expect.stringMatching(/frees up at .* later than maxWait allows/) });
  });
});

describe('a queued call given up', () => {
  it('leaves no timer behind once the last waiter is gone', async () => {
    const start = Date.now();
    const store = holdingStore(() => start + 10 * 60_000);
    // (A fixed moment: asked again after it, this store would be wrong; the test ends long before.)
    const limiter = new RateLimiter({ plan: 'pro', store, maxWait: Number.POSITIVE_INFINITY }, undefined);
    const first = new AbortController();
    const second = new AbortController();
    const a = limiter.acquire('token', 'MEDIUM', first.signal).catch((error: unknown) => error);
    const b = limiter.acquire('token', 'MEDIUM', second.signal).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(vi.getTimerCount()).toBe(1);
    first.abort(new Error('first gave up'));
    expect(await a).toEqual(new Error('first gave up'));
    // One call still waits: the queue keeps its timer for it.
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    second.abort(new Error('second gave up'));
    expect(await b).toEqual(new Error('second gave up'));
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('a store that answers nonsense', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY])(
    'retryAt %s fails the call with a TypeError naming the store',
    async (retryAt) => {
      const store = holdingStore(() => retryAt);
      const limiter = new RateLimiter({ plan: 'pro', store, maxWait: 1_000 }, undefined);
      const error = await limiter.acquire('token', 'MEDIUM', new AbortController().signal).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(
        /^rateLimit\.store\.take\(\) answered retryAt .*; a store must answer a finite epoch/,
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(0);
    },
  );
});
