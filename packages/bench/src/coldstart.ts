// Section 5: cold start. hyperfine's method, in Node: each variant is a one-call script
// (coldstart/*.mjs) started as a fresh `node script.mjs`, timed from spawn to exit, many times. The
// scripts make their one call against the same child-process server as the call-overhead section and
// exit explicitly once the answer is parsed, so a lingering keep-alive socket costs none of them.
// `node -e 0` is the floor: Node's own start and exit. Rounds alternate the order of the variants, as
// the overhead section does, and ratios are taken within a round.
//
// Then import time: each package's ESM entry (its built dist/) dynamically imported in a fresh
// process, timed inside that process, so Node's own start is not in the number.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createZoomAuth } from '@zoom-api/auth';
import { BENCH_CREDENTIALS } from './callers.ts';
import { REPO_ROOT } from './paths.ts';
import { startServerProcess } from './server-process.ts';
import { PAGE_SIZE } from './sessions-page.ts';
import { type Summary, summarize } from './stats.ts';

const SCRIPTS_DIR = fileURLToPath(new URL('../coldstart/', import.meta.url));

export interface ColdStartOptions {
  /** Timed spawns per variant (after one untimed spawn each, which warms the file cache). */
  runs: number;
  /** Fresh processes per module in the import-time table. */
  importRuns: number;
  onProgress?: (message: string) => void;
}

interface Variant {
  id: string;
  name: string;
  /** Arguments to `node`. */
  args: string[];
  /** Whether it calls the server (and must print `200 <page size>`). */
  calls: boolean;
}

const VARIANTS: Variant[] = [
  { id: 'floor', name: '`node -e 0` (Node starts and exits)', args: ['-e', '0'], calls: false },
  { id: 'fetch', name: 'bare `fetch`, precomputed bearer', args: [join(SCRIPTS_DIR, 'fetch.mjs')], calls: true },
  {
    id: 'ours',
    name: '`@zoom-api/videosdk` + `@zoom-api/auth` (mints the JWT)',
    args: [join(SCRIPTS_DIR, 'zoom-api.mjs')],
    calls: true,
  },
  {
    id: 'rivet',
    name: '`@zoom/rivet` 0.4.0 `VideoSdkClient` (mints the JWT)',
    args: [join(SCRIPTS_DIR, 'rivet.mjs')],
    calls: true,
  },
];

/** The modules whose import is timed: our packages' ESM entries, and Rivet's Video SDK entry. */
const IMPORTED = [
  '@zoom-api/core',
  '@zoom-api/auth',
  '@zoom-api/videosdk',
  '@zoom-api/accounts',
  '@zoom-api/webhooks',
  '@zoom/rivet/videosdk',
];

export interface ColdStartVariant {
  id: string;
  name: string;
  /** Spawn to exit, per run. */
  runsMs: number[];
  ms: Summary;
}

export interface ImportTime {
  module: string;
  /** The dynamic import alone. */
  importMs: Summary;
  /** Process start (Node's time origin) to the import's end. */
  sinceStartMs: Summary;
}

export interface ColdStartResult {
  runs: number;
  importRuns: number;
  variants: ColdStartVariant[];
  /** Per-round ratios of spawn-to-exit times, summarised across rounds. */
  ratios: Record<'ours/fetch' | 'rivet/fetch' | 'ours/rivet', Summary>;
  imports: ImportTime[];
  serverHitsByPath: Record<string, number>;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr}`));
      else resolve({ ms, stdout });
    });
  });
}

/** The file a package's `import` resolves to, as a URL, so that every module loads from its built dist/. */
function entryOf(module: string): string {
  const ours = /^@zoom-api\/([^/]+)$/.exec(module)?.[1];
  if (ours === undefined) return import.meta.resolve(module);
  const dir = join(REPO_ROOT, 'packages', ours);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports: { '.': { import: { default: string } } };
  };
  return pathToFileURL(join(dir, pkg.exports['.'].import.default)).href;
}

export async function measureColdStart(options: ColdStartOptions): Promise<ColdStartResult> {
  const { runs, importRuns, onProgress } = options;
  const server = await startServerProcess();
  try {
    const token = await createZoomAuth({ ...BENCH_CREDENTIALS }).getToken();
    // Only what the scripts need: no NODE_OPTIONS (the bench runs under tsx's loader; the scripts must
    // not) and no proxy variables (each would send the call elsewhere).
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      BENCH_BASE_URL: `http://127.0.0.1:${server.port}/v2`,
      BENCH_TOKEN: token,
      BENCH_API_KEY: BENCH_CREDENTIALS.apiKey,
      BENCH_API_SECRET: BENCH_CREDENTIALS.apiSecret,
    };
    const times = new Map<string, number[]>(VARIANTS.map((v) => [v.id, []]));
    for (let round = -1; round < runs; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const { ms, stdout } = await run(variant.args, env);
        if (variant.calls && stdout.trim() !== `200 ${PAGE_SIZE}`) {
          throw new Error(`${variant.id}: expected "200 ${PAGE_SIZE}" from the script, got ${JSON.stringify(stdout)}.`);
        }
        // Round -1 warms the file cache and the server's first connection; it is not counted.
        if (round >= 0) times.get(variant.id)?.push(ms);
      }
      if (round >= 0 && (round + 1) % 5 === 0) onProgress?.(`coldstart: ${round + 1} of ${runs} rounds`);
    }
    const variants = VARIANTS.map(({ id, name }) => {
      const runsMs = times.get(id) ?? [];
      return { id, name, runsMs, ms: summarize(runsMs) };
    });
    const perRound = (x: string, y: string) => {
      const xs = times.get(x) ?? [];
      const ys = times.get(y) ?? [];
      return summarize(xs.map((value, i) => value / (ys[i] ?? Number.NaN)));
    };
    const ratios = {
      'ours/fetch': perRound('ours', 'fetch'),
      'rivet/fetch': perRound('rivet', 'fetch'),
      'ours/rivet': perRound('ours', 'rivet'),
    };

    onProgress?.(`coldstart: import time of ${IMPORTED.length} modules × ${importRuns} fresh processes`);
    const probe = join(SCRIPTS_DIR, 'import-time.mjs');
    const imports: ImportTime[] = [];
    for (const module of IMPORTED) {
      const importMs: number[] = [];
      const sinceStartMs: number[] = [];
      const url = entryOf(module);
      for (let i = 0; i < importRuns; i++) {
        const { stdout } = await run([probe, url], { PATH: process.env.PATH });
        const measured = JSON.parse(stdout) as { importMs: number; sinceStartMs: number };
        importMs.push(measured.importMs);
        sinceStartMs.push(measured.sinceStartMs);
      }
      imports.push({ module, importMs: summarize(importMs), sinceStartMs: summarize(sinceStartMs) });
    }
    return { runs, importRuns, variants, ratios, imports, serverHitsByPath: await server.hits() };
  } finally {
    await server.close();
  }
}
