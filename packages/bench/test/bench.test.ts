// Smoke test for `pnpm bench --quick`, the mode CI runs: the benchmark starts, measures every
// section and writes its results. It asserts what was measured and that the run cleaned up after
// itself, never how fast anything was.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Finished, runProcess, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const RUN = join(WORKSPACE_ROOT, 'packages', 'bench', 'src', 'run.ts');
const TOUCHED_SPEC = join(WORKSPACE_ROOT, 'specs', 'videosdk.json');

/** `pnpm bench ARGS`, as the root script runs it: run.ts through tsx's loader, with this process's Node. */
function runBench(args: string[]): Promise<Finished> {
  return runProcess(process.execPath, ['--import', 'tsx', RUN, ...args], { cwd: WORKSPACE_ROOT });
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

const positive = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value > 0;

describe('pnpm bench --quick', () => {
  let dir: string;
  let run: Finished;
  // biome-ignore lint/suspicious/noExplicitAny: the results file is plain JSON checked field by field
  let results: any;
  let specHashBefore: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zoom-api-bench-'));
    specHashBefore = await sha256(TOUCHED_SPEC);
    run = await runBench(['--quick', `--out=${join(dir, 'results.json')}`]);
    results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
  }, 480_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 and prints the seven sections as Markdown tables', () => {
    expect(run.code, run.stderr).toBe(0);
    for (const title of [
      '## 1. Call overhead',
      '## 2. Token minting',
      '## 3. Bundle size',
      '## 4. Build time',
      '## 5. Cold start',
      '## 6. Rate limits across processes',
      '## 7. Webhooks at scale',
    ]) {
      expect(run.stdout).toContain(title);
    }
    expect(run.stdout).toContain('| --- |');
    expect(run.stdout).toContain('Quick mode');
  });

  it('measures every client against the child-process server and reports ratios with spreads', () => {
    const { overhead } = results;
    expect(results.meta.mode).toBe('quick');
    expect(overhead.variants.map((v: { id: string }) => v.id)).toEqual(['a', 'b', 'c', 'd1', 'd2']);
    for (const variant of overhead.variants) {
      expect(positive(variant.sequentialMedianUs), variant.id).toBe(true);
      expect(positive(variant.sequentialP99Us), variant.id).toBe(true);
      for (const width of [1, 16, 64]) expect(positive(variant.throughputPerSecond[width]), variant.id).toBe(true);
    }
    for (const key of ['b/a', 'c/a', 'b/c', 'd1/a', 'd2/a']) {
      for (const mode of ['sequentialMedian', 'concurrency1', 'concurrency16', 'concurrency64']) {
        const ratio = overhead.ratios[key][mode];
        expect(positive(ratio.median) && ratio.p25 <= ratio.median && ratio.median <= ratio.p75, `${key} ${mode}`).toBe(
          true,
        );
      }
    }
    // Every call of every client reached the server: warm-up, checks and rounds.
    const served = Object.values(overhead.serverHitsByPath as Record<string, number>).reduce((sum, n) => sum + n, 0);
    const perClient = 1 + overhead.warmupCalls * 3 + overhead.rounds * overhead.callsPerRound * 3;
    expect(served).toBe(perClient * overhead.variants.length);
  });

  it('counts one signature for 10,000 sequential and for 1,000 concurrent cold getToken() calls', () => {
    const { zoomApi, rivet } = results.minting;
    expect(zoomApi.sequential).toMatchObject({ calls: 10_000, signatures: 1 });
    expect(zoomApi.concurrentCold).toMatchObject({ calls: 1_000, signatures: 1, distinctTokens: 1 });
    expect(zoomApi.mint.signatures).toBe(zoomApi.mint.samples);
    expect(positive(zoomApi.mint.us.median)).toBe(true);
    expect(rivet.sequential.calls).toBe(10_000);
  });

  it('bundles the consumers and sizes every published package', () => {
    const { bundle } = results;
    expect(bundle.bundles).toHaveLength(4);
    for (const b of bundle.bundles) {
      expect(b.gzipBytes).toBeGreaterThan(0);
      expect(b.rawBytes).toBeGreaterThan(b.gzipBytes);
    }
    const [one, all, , web] = bundle.bundles;
    expect(all.rawBytes).toBeGreaterThanOrEqual(one.rawBytes);
    // Core's `#transport` import: node:http on Node, fetch in a browser bundle.
    expect(one.externalImports).toEqual(expect.arrayContaining(['node:http', 'node:https']));
    expect(web.platform).toBe('browser');
    expect(web.externalImports).toEqual([]);
    const packages = one.byPackage.map((p: { package: string }) => p.package);
    expect(packages).toEqual(expect.arrayContaining(['@zoom-api/core', '@zoom-api/auth', 'jose']));
    const tarballs = bundle.tarballs.map((t: { package: string }) => t.package);
    expect(tarballs).toEqual(expect.arrayContaining(['@zoom-api/auth', '@zoom-api/core', '@zoom-api/videosdk']));
    expect(tarballs).not.toContain('@zoom-api/bench');
  });

  it('times fresh processes to their first response, and each package import, against the same server', () => {
    const { coldstart } = results;
    expect(coldstart.variants.map((v: { id: string }) => v.id)).toEqual([
      'floor',
      'http',
      'http-jose',
      'undici',
      'fetch',
      'ours',
      'rivet',
    ]);
    for (const variant of coldstart.variants) {
      expect(variant.runsMs).toHaveLength(coldstart.runs);
      expect(variant.runsMs.every(positive), variant.id).toBe(true);
      // Timed to the first response, not to exit: each run's line came before its process ended.
      expect(variant.exitRunsMs).toHaveLength(coldstart.runs);
      expect(
        variant.runsMs.every((ms: number, i: number) => ms <= variant.exitRunsMs[i]),
        variant.id,
      ).toBe(true);
    }
    for (const ratios of [coldstart.ratios, coldstart.exitRatios]) {
      for (const key of ['ours/fetch', 'rivet/fetch', 'ours/rivet']) {
        const ratio = ratios[key];
        expect(positive(ratio.median) && ratio.p25 <= ratio.median && ratio.median <= ratio.p75, key).toBe(true);
      }
    }
    // The untimed warm-up round and every timed round of the five calling scripts reached the server
    // (Rivet on its double-encoded path).
    const served = Object.values(coldstart.serverHitsByPath as Record<string, number>).reduce((sum, n) => sum + n, 0);
    expect(served).toBe((coldstart.runs + 1) * 5);
    expect(coldstart.serverHitsByPath['/v2/videosdk/sessions']).toBe((coldstart.runs + 1) * 4);
    expect(coldstart.imports.map((i: { module: string }) => i.module)).toEqual(
      expect.arrayContaining(['@zoom-api/core', '@zoom-api/auth', '@zoom-api/videosdk', '@zoom/rivet/videosdk']),
    );
    for (const row of coldstart.imports) {
      expect(positive(row.importMs.median), row.module).toBe(true);
      expect(row.sinceStartMs.median, row.module).toBeGreaterThan(row.importMs.median);
    }
  });

  it('plans the rebuild after a spec change and puts the spec back byte for byte', async () => {
    const { build } = results;
    expect(build.runs.every((r: { label: string }) => !r.label.startsWith('cold'))).toBe(true);
    expect(build.runs.length > 0 || typeof build.warmSkipped === 'string').toBe(true);
    expect(build.specChange.packagesThatRebuild).toContain('@zoom-api/videosdk');
    expect(build.specChange.packagesThatRebuild).not.toContain('@zoom-api/auth');
    expect(await sha256(TOUCHED_SPEC)).toBe(specHashBefore);
  });

  it('bursts 4 processes at one account in each limiter mode and times the limiter against the same client without it', () => {
    const { ratelimit } = results;
    expect(ratelimit).toMatchObject({
      workers: 4,
      category: 'MEDIUM',
      limitPerSecond: 20,
      callsPerSecondPerWorker: 80,
    });
    expect(ratelimit.seconds).toBe(3);
    expect(ratelimit.bursts.map((b: { mode: string }) => b.mode)).toEqual(['none', 'memory', 'redis']);
    for (const burst of ratelimit.bursts) {
      expect(burst.accepted, burst.mode).toBeGreaterThan(0);
      expect(burst.workers.otherErrors, `${burst.mode}: ${burst.workers.firstOtherError}`).toBe(0);
      // Every call the workers made is accounted for: answered, refused with a 429, or cut off unsent.
      const fired = 4 * 80 * 3;
      const w = burst.workers;
      expect(w.completed + w.failedWith429 + w.refusedUnsent + w.cutOff, burst.mode).toBe(fired);
    }
    // Four processes at 4× the limit without a limiter: the server refuses most of it.
    expect(ratelimit.bursts[0].rejected429).toBeGreaterThan(0);
    expect(ratelimit.latency.variants.map((v: { id: string }) => v.id)).toEqual(['n', 'm', 'r']);
    for (const key of ['m/n', 'r/n']) {
      const ratio = ratelimit.latency.ratios[key];
      expect(positive(ratio.median) && ratio.p25 <= ratio.median && ratio.median <= ratio.p75, key).toBe(true);
    }
  });

  it('sends every event to four receivers in both modes and accounts for each one', () => {
    const { webhooks } = results;
    expect(webhooks).toMatchObject({ events: 300, receivers: 4, workers: 2 });
    expect(webhooks.requests.deliveries).toBe(300);
    expect(webhooks.requests.duplicates).toBeGreaterThan(0);
    expect(webhooks.modes.map((m: { mode: string }) => m.mode)).toEqual(['durable', 'inline']);
    for (const mode of webhooks.modes) {
      expect(mode.requests, mode.mode).toBeGreaterThanOrEqual(300 + webhooks.requests.duplicates);
      expect(positive(mode.ack.p50Ms) && mode.ack.p50Ms <= mode.ack.p99Ms, mode.mode).toBe(true);
      expect(mode.eventsCompleted + mode.lost, mode.mode).toBe(300);
    }
    // Correctness, not speed: the durable mode loses nothing, and only the killed worker can cause a
    // second completion (one whose completion it had not recorded), never a resend of Zoom's.
    const [durable] = webhooks.modes;
    expect(durable.killed.runningAtKill).toBeGreaterThan(0);
    expect(durable.lost).toBe(0);
    expect(durable.duplicateCompletions).toBe(durable.duplicatesFromKill);
    expect(durable.duplicatesFromKill).toBeLessThanOrEqual(webhooks.concurrency);
  });
});

describe('pnpm bench options', () => {
  it('rejects an unknown option with the usage and exit code 2', async () => {
    const { code, stderr } = await runBench(['--fast']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown option --fast');
    expect(stderr).toContain('--quick');
  });

  it('rejects an unknown --only section, naming the sections it knows', async () => {
    const { code, stderr } = await runBench(['--only=overhead,speed']);
    expect(code).toBe(2);
    expect(stderr).toContain(
      '--only: unknown section speed; choose from overhead, minting, bundle, build, coldstart, ratelimit, webhooks.',
    );
  });
});
