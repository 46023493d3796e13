// The behaviour every RateLimitStore must show, run against core's in-process store and against
// @zoom-api/redis's store over a real redis-server. Times are passed explicitly, so nothing here waits.
import { expect, it } from 'vitest';

type Category = 'LIGHT' | 'MEDIUM' | 'HEAVY' | 'RESOURCE-INTENSIVE';
type Rule =
  | { readonly budget: string; readonly kind: 'spacing'; readonly intervalMs: number }
  | { readonly budget: string; readonly kind: 'daily'; readonly limit: number };
type Take =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAt: number; readonly blockedBy: Rule | 'pause' };

/** Structurally the same as core's RateLimitStore; test-utils does not depend on core. */
export interface StoreUnderTest {
  take(scope: string, category: Category, rules: readonly Rule[], now: number): Promise<Take>;
  pause(scope: string, category: Category, until: number): Promise<void>;
}

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const MIDNIGHT = Date.UTC(2026, 11, 3);

/**
 * Registers the conformance tests. `makeStore` gives a store with no budgets used; each test uses its
 * own scope, so one store may serve them all.
 */
export function rateLimitStoreConformance(makeStore: () => StoreUnderTest | Promise<StoreUnderTest>): void {
  let n = 0;
  const scope = () => `conformance-${process.pid}-${Date.now()}-${++n}`;
  const spacing: Rule = { budget: 'HEAVY/second', kind: 'spacing', intervalMs: 100 };

  it('spaces calls of one budget by its interval', async () => {
    const store = await makeStore();
    const s = scope();
    expect(await store.take(s, 'HEAVY', [spacing], T0)).toEqual({ ok: true });
    expect(await store.take(s, 'HEAVY', [spacing], T0 + 40)).toEqual({
      ok: false,
      retryAt: T0 + 100,
      blockedBy: spacing,
    });
    expect(await store.take(s, 'HEAVY', [spacing], T0 + 100)).toEqual({ ok: true });
  });

  it('keeps scopes apart', async () => {
    const store = await makeStore();
    expect(await store.take(scope(), 'HEAVY', [spacing], T0)).toEqual({ ok: true });
    expect(await store.take(scope(), 'HEAVY', [spacing], T0)).toEqual({ ok: true });
  });

  it('counts a daily budget until 00:00 UTC', async () => {
    const store = await makeStore();
    const s = scope();
    const daily: Rule = { budget: 'HEAVY/day', kind: 'daily', limit: 3 };
    for (let i = 0; i < 3; i++) expect(await store.take(s, 'HEAVY', [daily], T0 + i)).toEqual({ ok: true });
    expect(await store.take(s, 'HEAVY', [daily], T0 + 10)).toEqual({ ok: false, retryAt: MIDNIGHT, blockedBy: daily });
    expect(await store.take(s, 'HEAVY', [daily], MIDNIGHT)).toEqual({ ok: true });
  });

  it('takes from every rule or from none', async () => {
    const store = await makeStore();
    const s = scope();
    const daily: Rule = { budget: 'HEAVY/day', kind: 'daily', limit: 1 };
    expect(await store.take(s, 'HEAVY', [spacing, daily], T0)).toEqual({ ok: true });
    // Refused by the daily budget: the spacing budget must not have been used.
    expect(await store.take(s, 'HEAVY', [spacing, daily], T0 + 500)).toMatchObject({ ok: false, blockedBy: daily });
    expect(await store.take(s, 'HEAVY', [spacing], T0 + 500)).toEqual({ ok: true });
    // Refused by spacing: the daily budget of another rule set must not have been used.
    const roomy: Rule = { budget: 'MEDIUM/day', kind: 'daily', limit: 1 };
    expect(await store.take(s, 'HEAVY', [spacing, roomy], T0 + 510)).toMatchObject({ ok: false, blockedBy: spacing });
    expect(await store.take(s, 'MEDIUM', [roomy], T0 + 520)).toEqual({ ok: true });
  });

  it('shares a budget between categories that name it', async () => {
    const store = await makeStore();
    const s = scope();
    const shared: Rule = { budget: 'HEAVY+RESOURCE-INTENSIVE/day', kind: 'daily', limit: 2 };
    expect(await store.take(s, 'HEAVY', [shared], T0)).toEqual({ ok: true });
    expect(await store.take(s, 'RESOURCE-INTENSIVE', [shared], T0)).toEqual({ ok: true });
    expect(await store.take(s, 'HEAVY', [shared], T0)).toMatchObject({ ok: false, retryAt: MIDNIGHT });
  });

  it('pauses a category until the pause ends; a shorter pause does not shorten it', async () => {
    const store = await makeStore();
    const s = scope();
    await store.pause(s, 'HEAVY', T0 + 2_000);
    await store.pause(s, 'HEAVY', T0 + 1_000);
    expect(await store.take(s, 'HEAVY', [spacing], T0)).toEqual({ ok: false, retryAt: T0 + 2_000, blockedBy: 'pause' });
    expect(await store.take(s, 'LIGHT', [{ budget: 'LIGHT/second', kind: 'spacing', intervalMs: 10 }], T0)).toEqual({
      ok: true,
    });
    expect(await store.take(s, 'HEAVY', [spacing], T0 + 2_000)).toEqual({ ok: true });
  });
}
