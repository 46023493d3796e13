// Command-line options of `pnpm bench`.

export const SECTIONS = ['overhead', 'minting', 'bundle', 'build', 'coldstart', 'ratelimit', 'webhooks'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Options {
  quick: boolean;
  profile: boolean;
  only: readonly Section[];
  out: string | undefined;
  help: boolean;
}

const isSection = (name: string): name is Section => (SECTIONS as readonly string[]).includes(name);

export const USAGE = `Usage: pnpm bench [--quick] [--profile] [--only=${SECTIONS.join(',')}] [--out=FILE]

  --quick     a few rounds of each part (what CI runs); skips the cold build and the real rebuild
  --profile   also write bench/client.cpuprofile and bench/fetch.cpuprofile and print where the
              client's time goes (top self-time functions, time per area)
  --only      run only these sections (comma-separated)
  --out       where to write the JSON results (default bench/results.json)`;

export function parseArgs(argv: readonly string[]): Options {
  const options: Options = { quick: false, profile: false, only: SECTIONS, out: undefined, help: false };
  for (const arg of argv) {
    const [flag, value] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg];
    if (flag === '--quick') options.quick = true;
    else if (flag === '--profile') options.profile = true;
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
  return options;
}

/** How much each part does: the minimums in a full run, a token amount in --quick. */
export function plan(quick: boolean) {
  return quick
    ? {
        overhead: { rounds: 2, calls: 100, warmupCalls: 50 },
        profileCalls: 500,
        minting: { sequentialCallsCount: 10_000, concurrentCallsCount: 1_000, mintSamples: 200 },
        build: { cold: false, rebuild: false },
        coldstart: { runs: 5, importRuns: 3 },
        ratelimit: { seconds: 3, rounds: 2, calls: 100 },
        webhooks: { events: 300, perSecond: 150, maxCallbackMs: 200, concurrency: 16, lockDurationMs: 3_000 },
      }
    : {
        overhead: { rounds: 21, calls: 1_000, warmupCalls: 300 },
        profileCalls: 5_000,
        minting: { sequentialCallsCount: 10_000, concurrentCallsCount: 1_000, mintSamples: 2_000 },
        build: { cold: true, rebuild: true },
        coldstart: { runs: 21, importRuns: 10 },
        ratelimit: { seconds: 10, rounds: 21, calls: 500 },
        webhooks: { events: 10_000, perSecond: 200, maxCallbackMs: 2_000, concurrency: 200, lockDurationMs: 10_000 },
      };
}
