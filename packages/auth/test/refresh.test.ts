import { describe, expect, it } from 'vitest';
import { createZoomAuth, type MintInfo } from '../src/index.js';
import { API_KEY, API_SECRET, manualClock, splitToken } from './helpers.js';

function countingAuth(options: { expiresIn?: number; refreshBefore?: number; clockSkew?: number; now: () => number }) {
  const mints: MintInfo[] = [];
  const auth = createZoomAuth({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    ...options,
    onMint: (info) => mints.push(info),
  });
  return { auth, mints };
}

describe('refresh before expiry', () => {
  it('returns the same token until exactly refreshBefore seconds are left, and a new one a millisecond later', async () => {
    const clock = manualClock();
    const { auth, mints } = countingAuth({ now: clock.now }); // 3600 s lifetime, refresh 300 s before, 30 s skew
    const first = await auth.getToken();
    const { exp } = splitToken(first).payload as { exp: number };

    clock.advance(60_000);
    expect(await auth.getToken()).toBe(first);

    clock.set((exp - 300) * 1000); // exactly 300 s left: still good
    expect(await auth.getToken()).toBe(first);
    expect(mints).toHaveLength(1);

    clock.advance(1); // 299.999 s left: too few
    const second = await auth.getToken();
    expect(second).not.toBe(first);
    expect(mints).toHaveLength(2);
    expect(splitToken(second).payload.iat).toBe(Math.floor(clock.ms / 1000) - 30);
    expect(await auth.getToken()).toBe(second);
  });

  it('never hands out a token with fewer than refreshBefore seconds left, across three lifetimes', async () => {
    const clock = manualClock(Date.UTC(2025, 2, 1) + 437);
    const refreshBefore = 20;
    const { auth, mints } = countingAuth({ expiresIn: 120, refreshBefore, clockSkew: 5, now: clock.now });
    const seen = new Set<string>();
    // Steps of 7.3 s land on every phase of the second and of the token's life.
    for (let step = 0; step < 60; step++) {
      const token = await auth.getToken();
      seen.add(token);
      const { exp } = splitToken(token).payload as { exp: number };
      expect(exp * 1000 - clock.ms).toBeGreaterThanOrEqual(refreshBefore * 1000);
      clock.advance(7_300);
    }
    // 438 s of use, each token good for 120 - 5 - 20 = 95 s here: five tokens, one mint each.
    expect(seen.size).toBe(mints.length);
    expect(mints.length).toBe(5);
  });

  it('tells onMint the times of each signature and nothing else', async () => {
    const clock = manualClock();
    const { auth, mints } = countingAuth({ expiresIn: 600, refreshBefore: 60, now: clock.now });
    const token = await auth.getToken();
    const { iat, exp } = splitToken(token).payload;
    expect(mints).toStrictEqual([{ iat, exp }]);
  });
});

describe('single flight', () => {
  it('1,000 concurrent getToken() calls on a cold cache cause exactly one signature and get one token', async () => {
    const clock = manualClock();
    const { auth, mints } = countingAuth({ now: clock.now });
    const tokens = await Promise.all(Array.from({ length: 1_000 }, () => auth.getToken()));
    expect(mints).toHaveLength(1);
    expect(new Set(tokens).size).toBe(1);
  });

  it('1,000 concurrent calls when the token is due for refresh share one new mint', async () => {
    const clock = manualClock();
    const { auth, mints } = countingAuth({ now: clock.now });
    const old = await auth.getToken();
    clock.advance(3_500_000);
    const tokens = await Promise.all(Array.from({ length: 1_000 }, () => auth.getToken()));
    expect(mints).toHaveLength(2);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(old);
  });

  it('a failed mint rejects every waiter with the same error, and the next call mints again', async () => {
    const clock = manualClock();
    let failNextRead = true;
    const flakyClock = () => {
      if (failNextRead) {
        failNextRead = false;
        throw new Error('clock source unavailable');
      }
      return clock.now();
    };
    const { auth, mints } = countingAuth({ now: flakyClock });

    const results = await Promise.allSettled(Array.from({ length: 100 }, () => auth.getToken()));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const reasons = new Set(results.map((r) => (r as PromiseRejectedResult).reason));
    expect(reasons.size).toBe(1);
    expect([...reasons][0]).toBeInstanceOf(Error);
    expect(([...reasons][0] as Error).message).toBe('clock source unavailable');
    expect(mints).toHaveLength(0);

    const token = await auth.getToken();
    expect(splitToken(token).payload.iss).toBe(API_KEY);
    expect(mints).toHaveLength(1);
  });

  it('a clock that returns garbage fails the mint with a clear TypeError, then recovers', async () => {
    const clock = manualClock();
    const readings: unknown[] = [Number.NaN];
    const { auth, mints } = countingAuth({ now: () => (readings.length ? (readings.shift() as number) : clock.now()) });
    const waiters = [auth.getToken(), auth.getToken(), auth.getToken()];
    for (const waiter of waiters) {
      await expect(waiter).rejects.toThrow(TypeError);
      await expect(waiter).rejects.toThrow(/now\(\) must return milliseconds since the epoch.*got NaN/);
    }
    expect(mints).toHaveLength(0);
    await expect(auth.getToken()).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(mints).toHaveLength(1);
  });

  it('an onMint hook that throws fails that mint; the next call mints again', async () => {
    const clock = manualClock();
    let calls = 0;
    const auth = createZoomAuth({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      now: clock.now,
      onMint: () => {
        calls++;
        if (calls === 1) throw new Error('metrics backend down');
      },
    });
    const both = await Promise.allSettled([auth.getToken(), auth.getToken()]);
    expect(both.map((r) => r.status)).toStrictEqual(['rejected', 'rejected']);
    const token = await auth.getToken();
    expect(calls).toBe(2);
    expect(await auth.getToken()).toBe(token);
  });
});
