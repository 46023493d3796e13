// `pnpm bench`: call overhead, token minting, bundle size, build time and rate limits across processes,
// measured side by side in one run. Prints a Markdown table per section and writes everything to bench/results.json.
//
// Run through tsx (`tsx packages/bench/src/run.ts`). Every client of the overhead and minting sections,
// the bare-fetch baseline included, runs in this one process, under the same loader, so their ratios
// compare like with like: tsx's hooks only transform modules as they load (the packages' dist/ .js is
// loaded as it is, bar a rewrite of dynamic import() calls), before any timing starts.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Options, parseArgs, plan, SECTIONS, type Section, USAGE } from './args.ts';
import { type BuildTimeResult, measureBuildTime } from './build-time.ts';
import { type BundleSectionResult, measureBundles } from './bundle.ts';
import type { Caller } from './callers.ts';
import { type ColdStartResult, measureColdStart } from './coldstart.ts';
import { at, cell } from './lookup.ts';
import { type MintingResult, measureMinting } from './minting.ts';
import { measureOverhead, type OverheadResult } from './overhead.ts';
import { OUTPUT_DIR, REPO_ROOT } from './paths.ts';
import { type Profiles, profileCalls, summarizeProfile } from './profile.ts';
import { measureRateLimit, type RateLimitResult } from './ratelimit.ts';
import { blocksOf, measuredLine, type ReadmeBlock, writeReadmes } from './readme.ts';
import {
  buildMarkdown,
  bundleMarkdown,
  coldStartMarkdown,
  mintingMarkdown,
  overheadMarkdown,
  rateLimitMarkdown,
  webhooksMarkdown,
} from './report.ts';
import { measureWebhooks, type WebhooksResult } from './webhooks.ts';

interface SectionResults {
  overhead: OverheadResult;
  minting: MintingResult;
  bundle: BundleSectionResult;
  build: BuildTimeResult;
  coldstart: ColdStartResult;
  ratelimit: RateLimitResult;
  webhooks: WebhooksResult;
}

/** A section that threw: its stack stands in for its results. */
interface Failed {
  error: string;
}

const isFailed = (result: object): result is Failed => 'error' in result;

const TITLES: Record<Section, string> = {
  overhead: '1. Call overhead',
  minting: '2. Token minting',
  bundle: '3. Bundle size',
  build: '4. Build time',
  coldstart: '5. Cold start',
  ratelimit: '6. Rate limits across processes',
  webhooks: '7. Webhooks at scale',
};

/** The one-minute load average (os.loadavg() always has the 1, 5 and 15 minute ones; zeros on Windows). */
const oneMinuteLoad = (): number => at(loadavg(), 0);

function progress(message: string): void {
  process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

function profiler(calls: number): (callers: Caller[]) => Promise<Profiles> {
  return async (callers) => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    const byId = Object.fromEntries(callers.map((c) => [c.id, c]));
    const clientFile = join(OUTPUT_DIR, 'client.cpuprofile');
    const fetchFile = join(OUTPUT_DIR, 'fetch.cpuprofile');
    progress(`profile: ${calls} sequential calls of (b), then of (a)`);
    const client = await profileCalls(cell(byId, 'b').call, calls, clientFile);
    const fetch = await profileCalls(cell(byId, 'a').call, calls, fetchFile);
    return {
      calls,
      files: [clientFile, fetchFile].map((f) => relative(REPO_ROOT, f)),
      client: summarizeProfile(client.profile, calls),
      fetch: summarizeProfile(fetch.profile, calls),
    };
  };
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const work = plan(options.quick);
  const outFile = resolve(options.out ?? join(OUTPUT_DIR, 'results.json'));
  const started = performance.now();
  const meta: {
    date: string;
    mode: string;
    node: string;
    cpus: number;
    cpuModel: string | undefined;
    loadAverageAtStart: number;
    loadAverageAtEnd?: number;
    seconds?: number;
  } = {
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverageAtStart: oneMinuteLoad(),
  };
  const results: { [S in Section]?: SectionResults[S] | Failed } = {};
  const failed: Section[] = [];
  const attempt = async <S extends Section>(section: S, what: string, measure: () => Promise<SectionResults[S]>) => {
    if (!options.only.includes(section)) return;
    progress(what);
    try {
      results[section] = await measure();
    } catch (error) {
      failed.push(section);
      results[section] = { error: (error as Error | undefined)?.stack ?? String(error) };
      progress(`${section} failed: ${(error as Error | undefined)?.message ?? error}`);
    }
  };

  // Builds first: they refresh every package's dist, which the other sections load and bundle, and
  // they are the heaviest load on the machine, so they must not overlap the timing sections.
  await attempt('build', 'build: turbo', () => measureBuildTime({ ...work.build, onProgress: progress }));
  await attempt('bundle', 'bundle: esbuild consumers, npm pack --dry-run', () => measureBundles());
  await attempt('minting', 'minting: getToken() and signatures', () => measureMinting(work.minting));
  // Before the overhead section, whose many sockets and timers would otherwise still be winding down.
  await attempt('coldstart', `coldstart: ${work.coldstart.runs} spawns per variant`, () =>
    measureColdStart({ ...work.coldstart, onProgress: progress }),
  );
  const { rounds, calls } = work.overhead;
  await attempt('overhead', `overhead: ${rounds} rounds × ${calls} calls per client and mode`, () =>
    measureOverhead({
      ...work.overhead,
      onProgress: progress,
      profile: options.profile ? profiler(work.profileCalls) : undefined,
    }),
  );

  // Last: its worker processes and Redis would disturb the timings above.
  await attempt('ratelimit', 'ratelimit: 4 processes bursting at one account, then the limiter per call', () =>
    measureRateLimit({ ...work.ratelimit, onProgress: progress }),
  );
  await attempt('webhooks', 'webhooks: receivers, BullMQ workers and a killed worker, then the inline handler', () =>
    measureWebhooks({ ...work.webhooks, onProgress: progress }),
  );

  const loadAverageAtEnd = oneMinuteLoad();
  const seconds = (performance.now() - started) / 1000;
  meta.loadAverageAtEnd = loadAverageAtEnd;
  meta.seconds = seconds;
  const render: { [S in Section]: (result: SectionResults[S]) => string } = {
    overhead: overheadMarkdown,
    minting: mintingMarkdown,
    bundle: bundleMarkdown,
    build: buildMarkdown,
    coldstart: coldStartMarkdown,
    ratelimit: rateLimitMarkdown,
    webhooks: webhooksMarkdown,
  };
  const renderSection = <S extends Section>(s: S, result: SectionResults[S] | Failed) =>
    isFailed(result)
      ? `## ${TITLES[s]}\n\nFailed:\n\n\`\`\`\n${result.error}\n\`\`\``
      : render[s](result as SectionResults[S]);
  const sections = SECTIONS.flatMap((s) => {
    const result = results[s];
    return result ? [renderSection(s, result)] : [];
  });
  // Only what was measured, and measured without failing.
  const measured = SECTIONS.filter((s) => results[s] !== undefined && !failed.includes(s));
  const blocks: ReadmeBlock[] = options.writeReadme
    ? measured.flatMap((s) => blocksOf(s, renderSection(s, results[s] as never), results[s]))
    : [];
  const header =
    `# pnpm bench${options.quick ? ' --quick' : ''}\n\n` +
    `${meta.date} · Node ${meta.node} · ${meta.cpus} × ${meta.cpuModel ?? 'CPU'} · ` +
    `load average ${meta.loadAverageAtStart.toFixed(2)} → ${loadAverageAtEnd.toFixed(2)} · ` +
    `${seconds.toFixed(0)} s` +
    (options.quick
      ? '\n\nQuick mode: a few rounds of each part; the cold build and the real rebuild are skipped.'
      : '');
  process.stdout.write(`${[header, ...sections].join('\n\n')}\n`);

  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify({ meta, ...results }, null, 2)}\n`);
  progress(`results written to ${relative(process.cwd(), outFile) || outFile}`);
  if (blocks.length > 0) {
    for (const name of await writeReadmes(blocks, measuredLine(meta, measured))) progress(`README figures: ${name}`);
  }
  if (failed.length > 0) {
    progress(`failed sections: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
