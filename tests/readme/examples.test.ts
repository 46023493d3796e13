// Every TypeScript block in every README compiles in strict mode against the built packages, every block
// marked `<!-- example: run -->` runs against @zoom-api/testing's fake Zoom, and every test file
// (`example: vitest` / `example: node-test`) runs with its test runner. Markers are described in
// ./readme-examples.ts and in the root README ("README examples"). Run `pnpm build` first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { signApiJwt } from '@zoom-api/auth';
import { type RunningRedis, runNode, runTsc, startRedis, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { createFakeZoom, type FakeZoom } from '@zoom-api/testing';
import { getSessionDetails, listSessions } from '@zoom-api/videosdk';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Diagnostic,
  describeDiagnostic,
  extractBlocks,
  findReadmes,
  parseDiagnostics,
  type ReadmeBlock,
  readReadme,
  type ScratchFile,
  scratchFileFor,
} from './readme-examples.js';

const readmes = findReadmes(WORKSPACE_ROOT);
const extracted = readmes.map((readme) => extractBlocks(readme, readReadme(WORKSPACE_ROOT, readme)));
const blocks = extracted.flatMap((e) => e.blocks);
const problems = extracted.flatMap((e) => e.problems);

// A block with a known error, compiled in the same run: proves every run that the compiler really checks
// the blocks and that its diagnostics land on the right README line.
const canary: ReadmeBlock = {
  readme: 'canary/README.md',
  line: 2,
  kind: 'fragment',
  preamble: "import type { ZoomClientOptions } from '@zoom-api/videosdk';\n",
  code: `const a = 1;\nconst timeout: ZoomClientOptions['timeout'] = 'soon';\nconsole.log(a, timeout);`,
};

const files = new Map<ReadmeBlock, ScratchFile>([...blocks, canary].map((b, i) => [b, scratchFileFor(b, i)]));
const scratchRoot = path.join(WORKSPACE_ROOT, 'tests/.tmp');
let scratch: string;
let compiled: { code: number | null; diagnostics: Diagnostic[]; other: string[] };

beforeAll(async () => {
  // Inside the tests package, so `@zoom-api/*` resolve through its node_modules to the workspace builds
  // (dist/ and .d.mts, as a consumer gets them). `.tmp` is git-ignored and outside the package's own tsconfig.
  mkdirSync(scratchRoot, { recursive: true });
  scratch = mkdtempSync(path.join(scratchRoot, 'readme-examples-'));
  writeFileSync(
    path.join(scratch, 'tsconfig.json'),
    JSON.stringify({
      extends: path.relative(scratch, path.join(WORKSPACE_ROOT, 'tsconfig.base.json')),
      // What a consumer's strict project checks; the packages' own .d.ts are checked by the packaging tests.
      compilerOptions: { noEmit: true, declaration: false, strict: true, types: ['node'] },
      include: ['*.mts'],
    }),
  );
  for (const file of files.values()) writeFileSync(path.join(scratch, file.name), file.text);
  const run = await runTsc(['-p', path.join(scratch, 'tsconfig.json'), '--pretty', 'false'], { cwd: scratch });
  compiled = { code: run.code, ...parseDiagnostics(run.output) };
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function diagnosticsOf(block: ReadmeBlock): string[] {
  const file = files.get(block) as ScratchFile;
  return compiled.diagnostics.filter((d) => d.file === file.name).map((d) => describeDiagnostic(block, file, d));
}

describe('the README examples', () => {
  it('cover every README in the repository and find TypeScript in them', () => {
    expect(readmes).toContain('README.md');
    expect(readmes.filter((r) => r.startsWith('packages/')).length).toBeGreaterThanOrEqual(8);
    expect(blocks.length).toBeGreaterThanOrEqual(10);
  });

  it('carry only well-formed markers, each right before a TypeScript block', () => {
    expect(problems).toEqual([]);
  });

  it('the compiler reports the canary block’s planted error on its README line (the check can fail)', () => {
    // tsc skips type checking altogether while any file has a syntax error: fix those first.
    const syntaxErrors = compiled.diagnostics.filter((d) => /^TS1\d{3}:/.test(d.text));
    expect(diagnosticsOf(canary), `type checking did not run; syntax errors: ${JSON.stringify(syntaxErrors)}`).toEqual([
      // README line 3: the block starts on line 2 and the error is on its second line, after the declarations.
      expect.stringMatching(/^canary\/README\.md:3:\d+ TS2322: Type 'string' is not assignable/),
    ]);
  });

  it('the compiler says nothing outside the blocks (no configuration or resolution errors)', () => {
    const known = new Set([...files.values()].map((f) => f.name));
    expect(compiled.diagnostics.filter((d) => !known.has(d.file))).toEqual([]);
    expect(compiled.other).toEqual([]);
  });
});

const label: Record<ReadmeBlock['kind'], string> = {
  module: 'compiles as a whole module',
  run: 'compiles as a whole module (runnable)',
  fragment: 'fragment, compiled with declared context',
  'webhook-receiver': 'compiles as a whole module (receiver of a two-process example)',
  'webhook-worker': 'compiles as a whole module (worker of a two-process example)',
  vitest: 'compiles as a whole test file (vitest)',
  'node-test': 'compiles as a whole test file (node:test)',
};

describe.each(readmes.filter((r) => blocks.some((b) => b.readme === r)))('%s', (readme) => {
  it.each(blocks.filter((b) => b.readme === readme).map((b) => [`line ${b.line}: ${label[b.kind]}`, b] as const))(
    '%s',
    (_name, block) => {
      expect(diagnosticsOf(block)).toEqual([]);
    },
  );
});

const runnable = blocks.filter((b) => b.kind === 'run');
// Examples that share rate limits through Redis (they read REDIS_URL) get a real redis-server.
const usesRedis = (block: ReadmeBlock) => block.code.includes('REDIS_URL');
let redis: RunningRedis | undefined;

beforeAll(async () => {
  if (runnable.some(usesRedis)) redis = await startRedis();
});

afterAll(async () => {
  await redis?.stop();
});
const API_KEY = 'readme-example-api-key';
/** Zoom's limits the fake holds every example to: an example that says its calls are spaced earns no 429 beyond jitter. */
const RATE_LIMIT = { plan: 'pro' } as const;
/** Refusals of an example's spaced calls that scheduling jitter on a loaded machine can cause (see below). */
const MAX_JITTER_REFUSALS = 2;
const API_SECRET = 'readme-example-api-secret';
/** The data center regions the fake's Video SDK account has chosen, which the settings examples print. */
const VIDEO_SDK_REGIONS = ['US', 'DE'];
// tsx's loader, imported into a plain `node` (its CLI adds a watcher process and a second start-up).
const TSX_LOADER = pathToFileURL(path.join(WORKSPACE_ROOT, 'node_modules/tsx/dist/esm/index.mjs')).href;

describe('runnable examples, against a local fake of Zoom’s API', () => {
  it('there are some', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(5);
  });

  it('the fake refuses what Zoom refuses: of 30 HEAVY calls sent at once, it takes the Pro plan’s 10 and answers 20 with 429', async () => {
    const zoom = await createFakeZoom({ apiKey: API_KEY, apiSecret: API_SECRET, rateLimit: RATE_LIMIT });
    try {
      const token = await signApiJwt({ apiKey: API_KEY, apiSecret: API_SECRET });
      const headers = { authorization: `Bearer ${token}` };
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => fetch(`${zoom.baseUrl}/videosdk/sessions/s${i}`, { headers })),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
      expect(answers.find((a) => a.status === 429)?.headers.get('x-ratelimit-category')).toBe('Heavy');
      const refused = zoom.calls(getSessionDetails).filter((c) => c.status === 429);
      expect(refused).toHaveLength(20);
    } finally {
      await zoom.close();
    }
  });

  // Each example gets its own server, so they can run side by side.
  it.concurrent.for(runnable.map((b) => [`${b.readme}:${b.line}`, b] as const))(
    '%s runs and calls Zoom',
    { timeout: 90_000 },
    async ([, block], { expect }) => {
      expect(diagnosticsOf(block), 'it must compile before it runs').toEqual([]);
      const zoom: FakeZoom = await createFakeZoom({ apiKey: API_KEY, apiSecret: API_SECRET, rateLimit: RATE_LIMIT });
      if (block.code.includes('isVideoSdkAccountSettings(')) {
        zoom.on('GET /accounts/{accountId}/settings', () => ({
          in_session: { custom_data_center_regions: true, data_center_regions: VIDEO_SDK_REGIONS },
        }));
      }
      try {
        const file = path.join(scratch, (files.get(block) as ScratchFile).name);
        const run = await runNode('--import', [TSX_LOADER, file], {
          cwd: scratch,
          env: {
            ...process.env,
            ZOOM_API_KEY: API_KEY,
            ZOOM_API_SECRET: API_SECRET,
            ZOOM_API_BASE_URL: zoom.baseUrl,
            ...(redis ? { REDIS_URL: redis.url } : {}),
          },
          killAfter: 60_000,
        });
        expect(run.code, run.output).toBe(0);
        const calls = zoom.calls();
        expect(calls.length, 'the example made no request to ZOOM_API_BASE_URL').toBeGreaterThan(0);
        // The fake holds every example to the Pro plan's limits, as Zoom would. It counts arrivals in this
        // process, while the example sends from its own: on a loaded machine one late event loop can bunch two
        // evenly spaced calls at the fake's end of the wire, so at most MAX_JITTER_REFUSALS refusals are put
        // down to that (the unspaced burst of 30 above gets 20), and the client's own retry of each must pass.
        const refused = calls.filter((c) => c.status === 429);
        expect(
          refused.length,
          `the example went over Zoom’s rate limits: ${refused.map((c) => `${c.method} ${c.url}`).join(', ')}`,
        ).toBeLessThanOrEqual(MAX_JITTER_REFUSALS);
        // Every request was for an operation of Zoom's documents, and Zoom would have taken it.
        expect(
          calls
            .filter((c) => !c.operation || !c.status || (c.status >= 400 && c.status !== 429))
            .map((c) => `${c.status} ${c.method} ${c.url}`),
        ).toEqual([]);
        if (block.code.includes('RATE_LIMIT_PLANS')) {
          // The rate-limit example: what it prints about the operations is the operations tables' and the plan's,
          // and all its calls arrived with none refused, 30 HEAVY ones in a burst and a listing's two pages (the
          // fake's default): the fake would have refused 20 of the burst unspaced (above).
          expect(run.output).toContain('getSessionDetails HEAVY { perSecond: 10 }');
          expect(run.output).toContain('listSessions RESOURCE-INTENSIVE { perMinute: 10 }');
          expect(run.output).toContain('30 sessions');
          expect(zoom.calls(getSessionDetails).filter((c) => c.status === 200)).toHaveLength(30);
          expect(zoom.calls(listSessions).filter((c) => c.status === 200)).toHaveLength(2);
        }
        if (block.code.includes('isVideoSdkAccountSettings(')) {
          // The fake answers as a Video SDK account: the guard must pick that shape and the regions print.
          expect(zoom.calls('GET /accounts/{accountId}/settings').length).toBeGreaterThan(0);
          expect(run.output).toContain(`data center regions: ${inspect(VIDEO_SDK_REGIONS)}`);
        }
        if (usesRedis(block) && redis) {
          // The example's budgets really went through Redis, not the local fallback.
          const client = new Redis(redis.url);
          try {
            expect(await client.keys('zoom-api:rl:*'), 'the example left no rate-limit key in Redis').not.toEqual([]);
          } finally {
            client.disconnect();
          }
        }
        for (const request of calls) {
          const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
          const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}');
          expect(payload.iss, `${request.method} ${request.url} carried no API JWT`).toBe(API_KEY);
        }
      } finally {
        await zoom.close();
      }
    },
  );
});

const testFiles = blocks.filter((b) => b.kind === 'vitest' || b.kind === 'node-test');
const VITEST = path.join(WORKSPACE_ROOT, 'tests/node_modules/vitest/vitest.mjs');

/** How many tests a run reports as passed and failed, from vitest's or node:test's summary. */
function tally(kind: 'vitest' | 'node-test', output: string): { passed: number; failed: number } {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its summary
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  if (kind === 'vitest') {
    const line = /Tests\s+(.*)\(\d+\)/.exec(plain)?.[1] ?? '';
    return { passed: Number(/(\d+) passed/.exec(line)?.[1] ?? 0), failed: Number(/(\d+) failed/.exec(line)?.[1] ?? 0) };
  }
  return {
    passed: Number(/^# pass (\d+)/m.exec(plain)?.[1] ?? 0),
    failed: Number(/^# fail (\d+)/m.exec(plain)?.[1] ?? 1),
  };
}

describe('test files in READMEs, run with their test runner', () => {
  it('there are some, in both runners', () => {
    expect(testFiles.filter((b) => b.kind === 'vitest').length).toBeGreaterThanOrEqual(1);
    expect(testFiles.filter((b) => b.kind === 'node-test').length).toBeGreaterThanOrEqual(1);
  });

  it.concurrent.for(testFiles.map((b) => [`${b.readme}:${b.line} (${b.kind})`, b] as const))(
    '%s passes',
    { timeout: 120_000 },
    async ([, block], { expect }) => {
      expect(diagnosticsOf(block), 'it must compile before it runs').toEqual([]);
      const file = path.join(scratch, (files.get(block) as ScratchFile).name);
      // vitest from an empty configuration in the scratch folder, so the workspace's own settings stay out.
      const config = path.join(scratch, 'vitest.config.mjs');
      writeFileSync(config, 'export default {};\n');
      const run =
        block.kind === 'vitest'
          ? await runNode(VITEST, ['run', '--root', scratch, '--config', config, file], {
              cwd: scratch,
              killAfter: 100_000,
            })
          : await runNode('--import', [TSX_LOADER, '--test', file], { cwd: scratch, killAfter: 100_000 });
      expect(run.code, run.output).toBe(0);
      const { passed, failed } = tally(block.kind as 'vitest' | 'node-test', run.output);
      expect(failed, run.output).toBe(0);
      expect(passed, `${run.output}\nno test ran`).toBeGreaterThan(0);
    },
  );
});
