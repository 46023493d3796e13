// Section 1: what one call costs through each client, against the same local server, measured
// side by side. Rounds alternate the order of the clients (forward, then backward: a b c … c b a),
// the many-client form of ABBA, so drift in machine speed during a run falls evenly on all of them.
// Ratios are taken within a round and summarised across rounds, never across runs.
import { performance } from 'node:perf_hooks';
import { type Caller, createCallers } from './callers.ts';
import { collectGarbage } from './gc.ts';
import { at, cell } from './lookup.ts';
import type { Profiles } from './profile.ts';
import { startServerProcess } from './server-process.ts';
import { PAGE_SIZE } from './sessions-page.ts';
import { quantile, type Summary, sorted, summarize } from './stats.ts';

export const CONCURRENCIES = [16, 64];

export interface OverheadOptions {
  rounds: number;
  calls: number;
  warmupCalls: number;
  onProgress?: ((message: string) => void) | undefined;
  /** Profiles the clients after the timed rounds (`--profile`); not when undefined. */
  profile?: ((callers: Caller[]) => Promise<Profiles>) | undefined;
}

/** One client's numbers per round: sequential latency quantiles and calls/s by concurrency. */
interface PerRound {
  seqMedianMs: number[];
  seqP99Ms: number[];
  throughput: Record<number, number[]>;
}

/** `x ÷ y` per round, summarised across rounds; `concurrencyN` compares time per call at width N. */
export type RatioRow = {
  sequentialMedian: Summary;
  sequentialP99: Summary;
} & Record<`concurrency${number}`, Summary>;

/** The clients compared: `b/a` is ours against bare fetch. */
export type RatioName = 'b/a' | 'c/a' | 'd1/a' | 'd2/a' | 'b/c' | 'b/d2';

export interface VariantResult {
  id: string;
  name: string;
  sequentialMedianUs: number;
  sequentialP99Us: number;
  /** Median calls per second across rounds, by concurrency (1 is the sequential run). */
  throughputPerSecond: Record<number, number>;
  perRound: PerRound;
}

export interface OverheadResult {
  rounds: number;
  callsPerRound: number;
  warmupCalls: number;
  concurrencies: number[];
  order: string;
  responseBytes: number;
  measuredSeconds: number;
  variants: VariantResult[];
  ratios: Record<RatioName, RatioRow>;
  serverHitsByPath: Record<string, number>;
  profiles: Profiles | undefined;
}

async function runSequential(
  call: Caller['call'],
  calls: number,
  latencies: Float64Array,
  offset: number,
): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await call();
    latencies[offset + i] = performance.now() - t0;
  }
  return performance.now() - start;
}

async function runConcurrent(call: Caller['call'], calls: number, width: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      await call();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: width }, worker));
  return performance.now() - start;
}

function checkPage(variant: Caller, data: unknown): void {
  const sessions = (data as { sessions?: unknown } | null | undefined)?.sessions;
  if (!Array.isArray(sessions) || sessions.length !== PAGE_SIZE) {
    throw new Error(`${variant.id} (${variant.name}) did not return the ${PAGE_SIZE}-session page.`);
  }
}

function orderForRound<T>(items: T[], round: number): T[] {
  return round % 2 === 0 ? items : [...items].reverse();
}

/** One client's measurements as they are taken: every call's latency, and its numbers per round. */
interface Measured {
  variant: Caller;
  latencies: Float64Array;
  rows: PerRound;
}

function emptyRows(): PerRound {
  return {
    seqMedianMs: [],
    seqP99Ms: [],
    throughput: Object.fromEntries([1, ...CONCURRENCIES].map((w) => [w, []])),
  };
}

/** Calls per second at `width`, one value per round (1 is the sequential run). */
const throughputAt = (rows: PerRound, width: number): number[] => cell(rows.throughput, width);

/** Per-round ratios of `x` to `y`: latency ratios and inverse throughput ratios (cost per call). */
function ratioSummary(perRound: Record<string, PerRound>, x: string, y: string): RatioRow {
  const [over, under] = [cell(perRound, x), cell(perRound, y)];
  // Within each round, never across rounds.
  const ratio = (tops: readonly number[], bottoms: readonly number[]) =>
    summarize(tops.map((top, round) => top / at(bottoms, round)));
  const row: RatioRow = {
    sequentialMedian: ratio(over.seqMedianMs, under.seqMedianMs),
    sequentialP99: ratio(over.seqP99Ms, under.seqP99Ms),
    concurrency1: ratio(throughputAt(under, 1), throughputAt(over, 1)),
  };
  for (const width of CONCURRENCIES) {
    row[`concurrency${width}`] = ratio(throughputAt(under, width), throughputAt(over, width));
  }
  return row;
}

/**
 * Runs the overhead section. `rounds` × `calls` per client and mode; `onProgress` gets a line per
 * round. Returns plain JSON-able results.
 */
export async function measureOverhead({
  rounds,
  calls,
  warmupCalls,
  onProgress = () => {},
  profile,
}: OverheadOptions): Promise<OverheadResult> {
  const server = await startServerProcess();
  const baseUrl = `http://127.0.0.1:${server.port}/v2`;
  const { callers, close } = await createCallers(baseUrl);
  try {
    for (const variant of callers) checkPage(variant, await variant.call());
    for (const variant of callers) {
      await runSequential(variant.call, warmupCalls, new Float64Array(warmupCalls), 0);
      for (const width of CONCURRENCIES) await runConcurrent(variant.call, warmupCalls, width);
    }

    const measured: Measured[] = callers.map((variant) => ({
      variant,
      latencies: new Float64Array(rounds * calls),
      rows: emptyRows(),
    }));

    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      const order = orderForRound(measured, round);
      for (const { variant, latencies, rows } of order) {
        collectGarbage();
        const offset = round * calls;
        const elapsed = await runSequential(variant.call, calls, latencies, offset);
        const roundLatencies = sorted(latencies.subarray(offset, offset + calls));
        rows.seqMedianMs.push(quantile(roundLatencies, 0.5));
        rows.seqP99Ms.push(quantile(roundLatencies, 0.99));
        throughputAt(rows, 1).push((calls * 1000) / elapsed);
      }
      for (const width of CONCURRENCIES) {
        for (const { variant, rows } of order) {
          collectGarbage();
          const elapsed = await runConcurrent(variant.call, calls, width);
          throughputAt(rows, width).push((calls * 1000) / elapsed);
        }
      }
      onProgress(`overhead: round ${round + 1}/${rounds} (${order.map((m) => m.variant.id).join(' ')})`);
    }
    const measuredMs = performance.now() - started;

    const variants = measured.map(({ variant, latencies, rows }): VariantResult => {
      const all = sorted(latencies);
      const throughput = Object.fromEntries(
        Object.entries(rows.throughput).map(([width, values]) => [width, summarize(values).median]),
      );
      return {
        id: variant.id,
        name: variant.name,
        sequentialMedianUs: quantile(all, 0.5) * 1000,
        sequentialP99Us: quantile(all, 0.99) * 1000,
        throughputPerSecond: throughput,
        perRound: rows,
      };
    });

    const perRound = Object.fromEntries(measured.map((m) => [m.variant.id, m.rows]));
    const ratios: Record<RatioName, RatioRow> = {
      'b/a': ratioSummary(perRound, 'b', 'a'),
      'c/a': ratioSummary(perRound, 'c', 'a'),
      'd1/a': ratioSummary(perRound, 'd1', 'a'),
      'd2/a': ratioSummary(perRound, 'd2', 'a'),
      'b/c': ratioSummary(perRound, 'b', 'c'),
      'b/d2': ratioSummary(perRound, 'b', 'd2'),
    };

    let profiles: Profiles | undefined;
    if (profile) profiles = await profile(callers);

    const hits = await server.hits();
    return {
      rounds,
      callsPerRound: calls,
      warmupCalls,
      concurrencies: [1, ...CONCURRENCIES],
      order: 'rounds alternate forward and reversed client order (a b c d1 d2, d2 d1 c b a, ...)',
      responseBytes: server.bodyBytes,
      measuredSeconds: measuredMs / 1000,
      variants,
      ratios,
      serverHitsByPath: hits,
      profiles,
    };
  } finally {
    await close();
    await server.close();
  }
}
