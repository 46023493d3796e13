// Command-line options of `pnpm bench`.

export const SECTIONS = ['overhead', 'minting', 'bundle', 'build', 'coldstart', 'ratelimit', 'webhooks'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Options {
  quick: boolean;
  profile: boolean;
  only: readonly Section[];
  out: string | undefined;
  writeReadme: boolean;
  help: boolean;
}

const isSection = (name: string): name is Section => (SECTIONS as readonly string[]).includes(name);

export const USAGE = `Usage: pnpm bench [--quick] [--profile] [--only=${SECTIONS.join(',')}] [--out=FILE] [--write-readme]

  --quick     a few rounds of each part (what CI runs); skips the cold build and the real rebuild
  --profile   also write bench/client.cpuprofile and bench/fetch.cpuprofile and print where the
              client's time goes (top self-time functions, time per area)
  --only      run only these sections (comma-separated)
  --out       where to write the JSON results (default bench/results.json)
  --write-readme
              also write each section's figures, with the date and the machine, into
              packages/bench/README.md and the root README.md (between <!-- bench:SECTION --> markers);
              not with --quick, whose few rounds are not figures to publish`;

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    quick: false,
    profile: false,
    only: SECTIONS,
    out: undefined,
    writeReadme: false,
    help: false,
  };
  for (const arg of argv) {
    const [flag, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg];
    if (flag === '--quick') options.quick = true;
    else if (flag === '--profile') options.profile = true;
    else if (flag === '--write-readme') options.writeReadme = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--out' && value) options.out = value;
    else if (flag === '--only' && value) {
      const only = value.split(',').map((s) => s.trim());
      const unknown = only.filter((s) => !isSection(s));
      if (unknown.length > 0) {
        throw new Error(`--only: unknown section ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}.`);
      }
      options.only = only.filter(isSection);
    } else {
      throw new Error(`Unknown option ${arg}.\n\n${USAGE}`);
    }
  }
  if (options.writeReadme && options.quick) {
    throw new Error('--write-readme takes the figures of a full run: drop --quick (use --only to run fewer sections).');
  }
  return options;
}

/** How much each part does: the minimums in a full run, a token amount in --quick. */
export function plan(quick: boolean) {
  const pick = <T>(inQuick: T, inFull: T): T => (quick ? inQuick : inFull);
  return {
    overhead: { rounds: pick(2, 21), calls: pick(100, 1_000), warmupCalls: pick(50, 300) },
    profileCalls: pick(500, 5_000),
    minting: { sequentialCallsCount: 10_000, concurrentCallsCount: 1_000, mintSamples: pick(200, 2_000) },
    build: { cold: !quick, rebuild: !quick },
    coldstart: { runs: pick(5, 21), importRuns: pick(3, 10) },
    ratelimit: { seconds: pick(3, 10), rounds: pick(2, 21), calls: pick(100, 500) },
    webhooks: {
      events: pick(300, 10_000),
      perSecond: pick(150, 200),
      maxCallbackMs: pick(200, 2_000),
      concurrency: pick(16, 200),
      lockDurationMs: pick(3_000, 10_000),
    },
  };
}
