// Section 5: cold start. hyperfine's method, in Node: each variant is a one-call script
// (coldstart/*.mjs) started as a fresh `node script.mjs`, many times. The scripts make their one call
// against the same child-process server as the call-overhead section, print one line once the answer is
// parsed, and exit explicitly, so a lingering keep-alive socket costs none of them. What is compared is
// spawn to that line (process start to first response, issue 26's measure); spawn to exit is reported
// beside it, because a process can spend a long time after its answer before it is gone (a bare `fetch`
// does: Node's exit waits for V8's background work on undici's WebAssembly parser), and timing to exit
// would credit whoever exits fastest. The floor prints a line too: Node's own start and first write.
// Rounds alternate the order of the variants, as the overhead section does, and ratios are taken within
// a round.
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
  {
    id: 'floor',
    name: '`node -e "console.log(0)"` (Node starts and prints)',
    args: ['-e', 'console.log(0)'],
    calls: false,
  },
  // The least any Node client can do for one call, and the least one that mints its JWT with jose can:
  // together with the floor they say how much of the target is left to a client's own code.
  {
    id: 'http',
    name: '`node:http` request, precomputed bearer (no `Request`, no signing)',
    args: [join(SCRIPTS_DIR, 'http.mjs')],
    calls: true,
  },
  {
    id: 'http-jose',
    name: '`node:http` request after minting the JWT with jose',
    args: [join(SCRIPTS_DIR, 'http.mjs'), 'jose'],
    calls: true,
  },
  // What any client pays on Node whose runtime builds a web Request (hey-api's does, for every call):
  // Node loads undici, where Request, Response and Headers live, on first use.
  {
    id: 'undici',
    name: '`new Request(url)`, then print (Node loads undici; no call)',
    args: ['-e', "new Request('http://127.0.0.1/'); console.log(0)"],
    calls: false,
  },
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
  /** Spawn to the script's first output (the line it prints once its response is parsed), per run. */
  runsMs: number[];
  ms: Summary;
  /** Spawn to exit, per run. */
  exitRunsMs: number[];
  exitMs: Summary;
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
  /** Per-round ratios of spawn-to-first-response times, summarised across rounds. */
  ratios: Record<'ours/fetch' | 'rivet/fetch' | 'ours/rivet', Summary>;
  /** The same ratios of spawn-to-exit times. */
  exitRatios: Record<'ours/fetch' | 'rivet/fetch' | 'ours/rivet', Summary>;
  imports: ImportTime[];
  serverHitsByPath: Record<string, number>;
}

interface Spawned {
  /** Spawn to the first bytes on stdout. */
  firstOutputMs: number;
  /** Spawn to exit. */
  ms: number;
  stdout: string;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let firstOutputMs = Number.NaN;
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout === '') firstOutputMs = performance.now() - started;
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr}`));
      else if (stdout === '') reject(new Error(`node ${args.join(' ')} printed nothing: nothing to time.`));
      else resolve({ firstOutputMs, ms, stdout });
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
    const exitTimes = new Map<string, number[]>(VARIANTS.map((v) => [v.id, []]));
    for (let round = -1; round < runs; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const { firstOutputMs, ms, stdout } = await run(variant.args, env);
        if (variant.calls && stdout.trim() !== `200 ${PAGE_SIZE}`) {
          throw new Error(`${variant.id}: expected "200 ${PAGE_SIZE}" from the script, got ${JSON.stringify(stdout)}.`);
        }
        // Round -1 warms the file cache and the server's first connection; it is not counted.
        if (round >= 0) {
          times.get(variant.id)?.push(firstOutputMs);
          exitTimes.get(variant.id)?.push(ms);
        }
      }
      if (round >= 0 && (round + 1) % 5 === 0) onProgress?.(`coldstart: ${round + 1} of ${runs} rounds`);
    }
    const variants = VARIANTS.map(({ id, name }) => {
      const runsMs = times.get(id) ?? [];
      const exitRunsMs = exitTimes.get(id) ?? [];
      return { id, name, runsMs, ms: summarize(runsMs), exitRunsMs, exitMs: summarize(exitRunsMs) };
    });
    const ratiosOf = (of: Map<string, number[]>) => {
      const perRound = (x: string, y: string) => {
        const xs = of.get(x) ?? [];
        const ys = of.get(y) ?? [];
        return summarize(xs.map((value, i) => value / (ys[i] ?? Number.NaN)));
      };
      return {
        'ours/fetch': perRound('ours', 'fetch'),
        'rivet/fetch': perRound('rivet', 'fetch'),
        'ours/rivet': perRound('ours', 'rivet'),
      };
    };
    const ratios = ratiosOf(times);
    const exitRatios = ratiosOf(exitTimes);

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
    return { runs, importRuns, variants, ratios, exitRatios, imports, serverHitsByPath: await server.hits() };
  } finally {
    await server.close();
  }
}
