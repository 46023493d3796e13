// Section 4: how long the workspace takes to build, cold (turbo cache bypassed) and warm (all
// cached), and what one spec change rebuilds. The spec change is trailing whitespace appended to
// specs/videosdk.json: the same JSON (same canonical hash, so `specs:pull` keeps it) but different
// bytes, which is what turbo hashes. The whitespace is a random run of spaces and tabs, so no earlier
// run has left these bytes' outputs in turbo's cache. The original bytes are always put back.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from './paths.ts';

export const TOUCHED_SPEC = 'specs/videosdk.json';
export const PULL_COMMAND = 'node --import tsx scripts/specs/pull.ts';
const TURBO = join(REPO_ROOT, 'node_modules', '.bin', 'turbo');

export interface BuildTimeOptions {
  /** Time a cold build (`--force`) and a warm one. */
  cold: boolean;
  /** Really rebuild after the spec change, and again after putting it back. */
  rebuild: boolean;
  onProgress?: (message: string) => void;
}

interface Ran {
  code: number | null;
  ms: number;
  output: string;
}

export interface BuildRun {
  label: string;
  ok: boolean;
  seconds: number;
  tasks: number;
  cached: number;
  executed: string[];
  error?: string;
}

export interface BuildTimeResult {
  mode: string;
  specsPullCommand: string;
  specsPullSeconds: number;
  runs: BuildRun[];
  warmSkipped: string | undefined;
  specChange: {
    spec: string;
    change: string;
    tasksWithChangedHash: string[];
    packagesThatRebuild: string[];
    restored: { ok: boolean; seconds: number; cached: number; tasks: number } | 'not rebuilt';
  };
}

/** The fields of `turbo run build --dry=json` the bench reads. */
interface DryRun {
  tasks: { taskId: string; hash: string; command: string; cache: { status: string } }[];
}

function run(command: string, args: readonly string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, output }));
  });
}

const runTurbo = (args: readonly string[]) => run(TURBO, args);

/**
 * `pnpm build` materialises the specs before turbo runs; so does the bench, outside the timings.
 * pull.ts is TypeScript, so it runs through tsx, as in `pnpm build`.
 */
async function pullSpecs(): Promise<number> {
  const pull = join(REPO_ROOT, 'scripts', 'specs', 'pull.ts');
  const { code, ms, output } = await run(process.execPath, ['--import', 'tsx', pull]);
  if (code !== 0) throw new Error(`${PULL_COMMAND} failed:\n${output.slice(-2000)}`);
  return ms / 1000;
}

/** Task ids (`@zoom-api/videosdk:build`) with their cache status, from turbo's hash lines. */
function parseTaskStatuses(output: string): { task: string; cache: string }[] {
  const tasks: { task: string; cache: string }[] = [];
  for (const line of output.split('\n')) {
    const [, task, cache] = /^(\S+): cache (hit|miss|bypass)/.exec(line.trim()) ?? [];
    if (task !== undefined && cache !== undefined) tasks.push({ task, cache });
  }
  return tasks;
}

async function timedBuild(label: string, extraArgs: readonly string[] = []): Promise<BuildRun> {
  const { code, ms, output } = await runTurbo(['run', 'build', '--output-logs=hash-only', ...extraArgs]);
  const tasks = parseTaskStatuses(output);
  const executed = tasks.filter((t) => t.cache !== 'hit').map((t) => t.task);
  const result: BuildRun = {
    label,
    ok: code === 0,
    seconds: ms / 1000,
    tasks: tasks.length,
    cached: tasks.filter((t) => t.cache === 'hit').length,
    executed,
  };
  if (code !== 0) result.error = output.split('\n').slice(-25).join('\n');
  return result;
}

/** turbo's plan for `build` right now, without running anything: each task's hash and cache status. */
async function buildPlan(): Promise<{ task: string; hash: string; cached: boolean }[]> {
  const { code, output } = await runTurbo(['run', 'build', '--dry=json']);
  if (code !== 0) throw new Error(`turbo run build --dry=json failed:\n${output.slice(-2000)}`);
  const plan: DryRun = JSON.parse(output.slice(output.indexOf('{')));
  return plan.tasks
    .filter((t) => t.command !== '<NONEXISTENT>' && !t.taskId.startsWith('//#'))
    .map((t) => ({ task: t.taskId, hash: t.hash, cached: t.cache.status === 'HIT' }));
}

async function taskHashes(): Promise<Map<string, string>> {
  return new Map((await buildPlan()).map((t) => [t.task, t.hash]));
}

/** Writes through a temporary file and a rename, so a concurrent reader never sees a partial file. */
function replaceFileSync(path: string, bytes: Uint8Array): void {
  const temporary = path.replace(/\.json$/, '.bench-tmp.json');
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

async function replaceFile(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = path.replace(/\.json$/, '.bench-tmp.json');
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

/** JSON-insignificant bytes that differ from run to run: 32 random spaces or tabs, then a newline. */
function whitespaceNonce(): string {
  const bits = randomInt(2 ** 32);
  let text = '\n';
  for (let i = 0; i < 32; i++) text += (bits >>> i) & 1 ? '\t' : ' ';
  return `${text}\n`;
}

/** Runs `work` with the spec touched; the original bytes come back even on an error or Ctrl-C. */
async function withTouchedSpec<T>(work: () => Promise<T>): Promise<T> {
  const path = join(REPO_ROOT, TOUCHED_SPEC);
  const original = await readFile(path);
  const restore = () => replaceFileSync(path, original);
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await replaceFile(path, Buffer.concat([original, Buffer.from(whitespaceNonce())]));
    return await work();
  } finally {
    await replaceFile(path, original);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function packagesOf(taskIds: readonly string[]): string[] {
  return [...new Set(taskIds.map((id) => id.replace(/[#:](build|generate)$/, '')))].sort();
}

/**
 * Full mode: cold build, warm build, a real rebuild after the spec change, and a build after putting
 * the spec back. Quick mode (CI, where tests run beside it) never rebuilds anything: the warm build
 * runs only when turbo's plan says every task is cached (a cache hit leaves dist/ untouched), and the
 * spec change is only planned.
 */
export async function measureBuildTime({
  cold,
  rebuild,
  onProgress = () => {},
}: BuildTimeOptions): Promise<BuildTimeResult> {
  const runs: BuildRun[] = [];
  let warmSkipped: string | undefined;
  onProgress(`build: ${PULL_COMMAND}`);
  const specsPullSeconds = await pullSpecs();
  if (cold) {
    onProgress('build: cold (turbo run build --force)');
    runs.push(await timedBuild('cold: `turbo run build --force` (cache bypassed)', ['--force']));
    onProgress('build: warm (turbo run build)');
    runs.push(await timedBuild('warm: `turbo run build` (cached)'));
  } else {
    const uncached = (await buildPlan()).filter((t) => !t.cached).map((t) => t.task);
    if (uncached.length === 0) {
      onProgress('build: warm (turbo run build)');
      runs.push(await timedBuild('warm: `turbo run build` (cached)'));
    } else {
      const examples = uncached.slice(0, 3).join(', ') + (uncached.length > 3 ? ', …' : '');
      warmSkipped = `${uncached.length} tasks are not cached (${examples}) and --quick never rebuilds; run \`pnpm build\` first.`;
      onProgress(`build: warm build skipped: ${warmSkipped}`);
    }
  }

  onProgress(`build: after touching ${TOUCHED_SPEC}`);
  // Hashes just before and just after the touched window: a task counts as changed by the touch only
  // if its hash differs from both, so another edit landing meanwhile is not blamed on the spec.
  const before = await taskHashes();
  const touched = await withTouchedSpec(async () => {
    const after = await taskHashes();
    const run = rebuild ? await timedBuild(`rebuild after a whitespace change to ${TOUCHED_SPEC}`) : undefined;
    return { after, run };
  });
  const afterRestore = await taskHashes();
  const changedTasks = [...touched.after.keys()]
    .filter(
      (task) => touched.after.get(task) !== before.get(task) && touched.after.get(task) !== afterRestore.get(task),
    )
    .sort();
  if (touched.run) runs.push(touched.run);
  // Back on the original bytes: a cached build puts the outputs for them back in place.
  const restored = rebuild ? await timedBuild('after restoring the spec') : undefined;

  return {
    mode: cold
      ? 'full'
      : 'quick: no cold build; warm build only when fully cached; the spec change is planned (turbo --dry=json), not rebuilt',
    specsPullCommand: PULL_COMMAND,
    specsPullSeconds,
    runs,
    warmSkipped,
    specChange: {
      spec: TOUCHED_SPEC,
      change: 'trailing whitespace, random per run (same JSON and canonical hash; new bytes for turbo)',
      tasksWithChangedHash: changedTasks,
      packagesThatRebuild: packagesOf(changedTasks),
      restored: restored
        ? { ok: restored.ok, seconds: restored.seconds, cached: restored.cached, tasks: restored.tasks }
        : 'not rebuilt',
    },
  };
}
