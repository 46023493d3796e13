#!/usr/bin/env node
// `pnpm bench`: call overhead, token minting, bundle size and build time, measured side by side in
// one run. Prints a Markdown table per section and writes everything to bench/results.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, plan, USAGE } from './args.mjs';
import { measureBuildTime } from './build-time.mjs';
import { measureBundles } from './bundle.mjs';
import { measureMinting } from './minting.mjs';
import { measureOverhead } from './overhead.mjs';
import { OUTPUT_DIR, REPO_ROOT } from './paths.mjs';
import { profileCalls, summarizeProfile } from './profile.mjs';
import { buildMarkdown, bundleMarkdown, mintingMarkdown, overheadMarkdown } from './report.mjs';

const TITLES = {
  overhead: '1. Call overhead',
  minting: '2. Token minting',
  bundle: '3. Bundle size',
  build: '4. Build time',
};

function progress(message) {
  process.stderr.write(`[bench ${(performance.now() / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

function profiler(calls) {
  return async (callers) => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    const byId = Object.fromEntries(callers.map((c) => [c.id, c]));
    const clientFile = join(OUTPUT_DIR, 'client.cpuprofile');
    const fetchFile = join(OUTPUT_DIR, 'fetch.cpuprofile');
    progress(`profile: ${calls} sequential calls of (b), then of (a)`);
    const client = await profileCalls(byId.b.call, calls, clientFile);
    const fetch = await profileCalls(byId.a.call, calls, fetchFile);
    return {
      calls,
      files: [clientFile, fetchFile].map((f) => relative(REPO_ROOT, f)),
      client: summarizeProfile(client.profile, calls),
      fetch: summarizeProfile(fetch.profile, calls),
    };
  };
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
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
  const meta = {
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadAverageAtStart: loadavg()[0],
  };
  const results = {};
  const failed = [];
  const attempt = async (section, what, measure) => {
    if (!options.only.includes(section)) return;
    progress(what);
    try {
      results[section] = await measure();
    } catch (error) {
      failed.push(section);
      results[section] = { error: error?.stack ?? String(error) };
      progress(`${section} failed: ${error?.message ?? error}`);
    }
  };

  // Builds first: they refresh every package's dist, which the other sections load and bundle, and
  // they are the heaviest load on the machine, so they must not overlap the timing sections.
  await attempt('build', 'build: turbo', () => measureBuildTime({ ...work.build, onProgress: progress }));
  await attempt('bundle', 'bundle: esbuild consumers, npm pack --dry-run', () => measureBundles());
  await attempt('minting', 'minting: getToken() and signatures', () => measureMinting(work.minting));
  const { rounds, calls } = work.overhead;
  await attempt('overhead', `overhead: ${rounds} rounds × ${calls} calls per client and mode`, () =>
    measureOverhead({
      ...work.overhead,
      onProgress: progress,
      profile: options.profile ? profiler(work.profileCalls) : undefined,
    }),
  );

  meta.loadAverageAtEnd = loadavg()[0];
  meta.seconds = (performance.now() - started) / 1000;
  const render = { overhead: overheadMarkdown, minting: mintingMarkdown, bundle: bundleMarkdown, build: buildMarkdown };
  const sections = ['overhead', 'minting', 'bundle', 'build']
    .filter((s) => results[s])
    .map((s) =>
      results[s].error ? `## ${TITLES[s]}\n\nFailed:\n\n\`\`\`\n${results[s].error}\n\`\`\`` : render[s](results[s]),
    );
  const header =
    `# pnpm bench${options.quick ? ' --quick' : ''}\n\n` +
    `${meta.date} · Node ${meta.node} · ${meta.cpus} × ${meta.cpuModel ?? 'CPU'} · ` +
    `load average ${meta.loadAverageAtStart.toFixed(2)} → ${meta.loadAverageAtEnd.toFixed(2)} · ` +
    `${meta.seconds.toFixed(0)} s` +
    (options.quick
      ? '\n\nQuick mode: a few rounds of each part; the cold build and the real rebuild are skipped.'
      : '');
  process.stdout.write(`${[header, ...sections].join('\n\n')}\n`);

  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify({ meta, ...results }, null, 2)}\n`);
  progress(`results written to ${relative(process.cwd(), outFile) || outFile}`);
  if (failed.length > 0) {
    progress(`failed sections: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
