// The behaviour every RateLimitStore must show, run against core's in-process store and against
// @zoom-api/redis's store over a real redis-server. Times are passed explicitly, so nothing here waits.
// A store that processes share also faces two real processes taking from one daily budget at once.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { WORKSPACE_ROOT } from './process.js';

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

/** What a module given as `processes.module` exports; each contending process imports it. */
export interface SharedStoreModule {
  /** A store over the same backing as the suite's `makeStore` (the same Redis, say). */
  createStore(): StoreUnderTest | Promise<StoreUnderTest>;
  /** Releases what keeps the process alive (a connection), so that it exits when done. */
  close?(): void | Promise<void>;
}

/** One contending process's work: `attempts` takes, `concurrency` at a time, all at `now`. */
export interface ContentionTask {
  scope: string;
  category: Category;
  rules: Rule[];
  now: number;
  attempts: number;
  concurrency: number;
}

export interface ContentionReport {
  granted: number;
  refusals: { budget: string; retryAt: number }[];
  errors: string[];
}

export interface ConformanceOptions {
  /**
   * For a store that processes share: the module each contending child process imports (run through
   * tsx, so a .ts file), and the environment it needs to reach the store's backing (read when the test
   * runs, e.g. after a beforeAll has started the server).
   */
  processes?: { module: string; env?: () => Record<string, string> };
}

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const MIDNIGHT = Date.UTC(2026, 11, 3);
const CHILD = fileURLToPath(new URL('./rate-limit-store-child.ts', import.meta.url));

/** Runs one child per task; all are told to go once every one has its store, and each reports its takes. */
async function contend(
  processes: NonNullable<ConformanceOptions['processes']>,
  tasks: readonly ContentionTask[],
): Promise<ContentionReport[]> {
  const children = tasks.map((task) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, processes.module], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...processes.env?.(), CONTENTION_TASK: JSON.stringify(task) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith('ready\n')) markReady();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const done = new Promise<ContentionReport>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => {
        clearTimeout(killer);
        const last = stdout.trim().split('\n').at(-1) ?? '';
        if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as ContentionReport);
        else reject(new Error(`a contending process ended (code ${code}, signal ${signal}):\n${stdout}${stderr}`));
      });
    });
    return { child, ready: Promise.race([ready, done.then(() => {})]), done };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.stdin.end('go\n');
  return Promise.all(children.map((c) => c.done));
}

/**
 * Registers the conformance tests. `makeStore` gives a store with no budgets used; each test uses its
 * own scope, so one store may serve them all. With `processes`, also the contention tests of a store
 * that processes share.
 */
export function rateLimitStoreConformance(
  makeStore: () => StoreUnderTest | Promise<StoreUnderTest>,
  options: ConformanceOptions = {},
): void {
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

  const { processes } = options;
  if (!processes) return;
  const shared: Rule = { budget: 'HEAVY+RESOURCE-INTENSIVE/day', kind: 'daily', limit: 150 };
  const refusedBy = (rule: Rule) => ({ budget: rule.budget, retryAt: MIDNIGHT });

  it('two processes draining one daily budget at once get exactly its limit between them', async () => {
    const s = scope();
    const task = (category: Category): ContentionTask => ({
      scope: s,
      category,
      rules: [shared],
      now: T0,
      attempts: shared.limit,
      concurrency: 8,
    });
    const [a, b] = await contend(processes, [task('HEAVY'), task('RESOURCE-INTENSIVE')]);
    for (const report of [a, b]) expect(report?.errors).toEqual([]);
    // None over, none lost: twice the budget asked, exactly the budget granted, every other call refused by it.
    expect((a?.granted ?? 0) + (b?.granted ?? 0)).toBe(shared.limit);
    expect([...(a?.refusals ?? []), ...(b?.refusals ?? [])]).toEqual(Array(shared.limit).fill(refusedBy(shared)));
    const store = await makeStore();
    expect(await store.take(s, 'HEAVY', [shared], T0 + 1)).toEqual({ ok: false, retryAt: MIDNIGHT, blockedBy: shared });
  }, 90_000);

  it('a call that one daily budget refuses holds none of the budget another process is drawing from', async () => {
    const s = scope();
    const store = await makeStore();
    // HEAVY's own daily budget is spent: every HEAVY call is refused by it, and must not take from the
    // shared budget even for a moment, while the other process asks for exactly the whole shared budget.
    const heavy: Rule = { budget: 'HEAVY/day', kind: 'daily', limit: 20 };
    for (let i = 0; i < heavy.limit; i++) expect(await store.take(s, 'HEAVY', [heavy], T0)).toEqual({ ok: true });
    const [a, b] = await contend(processes, [
      { scope: s, category: 'HEAVY', rules: [shared, heavy], now: T0, attempts: 2 * shared.limit, concurrency: 8 },
      { scope: s, category: 'RESOURCE-INTENSIVE', rules: [shared], now: T0, attempts: shared.limit, concurrency: 8 },
    ]);
    expect([a?.errors, b?.errors]).toEqual([[], []]);
    expect([a?.granted, b?.granted]).toEqual([0, shared.limit]);
    expect(b?.refusals).toEqual([]);
    // Refused by HEAVY's budget, or by the shared one once the other process has spent it.
    for (const refusal of a?.refusals ?? []) expect([refusedBy(heavy), refusedBy(shared)]).toContainEqual(refusal);
    // Both budgets hold exactly the calls that went: the shared one is spent, HEAVY's holds its 20 and not one more.
    expect(await store.take(s, 'RESOURCE-INTENSIVE', [shared], T0 + 1)).toMatchObject({ ok: false, blockedBy: shared });
    const oneMore: Rule = { ...heavy, limit: heavy.limit + 1 };
    expect(await store.take(s, 'HEAVY', [oneMore], T0 + 1)).toEqual({ ok: true });
    expect(await store.take(s, 'HEAVY', [oneMore], T0 + 2)).toMatchObject({ ok: false, blockedBy: oneMore });
  }, 90_000);
}
