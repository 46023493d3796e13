// Section 2: how often the token source signs. createZoomAuth's onMint hook counts signatures;
// Zoom's Rivet is counted the same way by wrapping its JwtAuth.generateToken on the instance.
import { performance } from 'node:perf_hooks';
import { VideoSdkClient } from '@zoom/rivet/videosdk';
import { createZoomAuth } from '@zoom-api/auth';
import { BENCH_CREDENTIALS } from './callers.ts';
import { collectGarbage } from './gc.ts';
import { type Summary, summarize } from './stats.ts';

export interface MintingOptions {
  sequentialCallsCount: number;
  concurrentCallsCount: number;
  mintSamples: number;
}

/** A token source with a count of the signatures it made. */
interface CountingSource {
  getToken(): Promise<string>;
  counter: { mints: number };
}
type MakeSource = () => CountingSource;

/** Rivet keeps its JwtAuth private, and generateToken private within it; the bench wraps both anyway. */
interface RivetJwtAuth {
  getToken(): Promise<string>;
  generateToken(): Promise<unknown>;
}

export interface SourceResult {
  sequential: { calls: number; signatures: number; nsPerCall: number };
  concurrentCold: { calls: number; signatures: number; distinctTokens: number };
  mint: { samples: number; signatures: number; us: Summary };
}

export interface MintingResult {
  target: string;
  zoomApi: SourceResult;
  rivet: SourceResult;
}

function countingZoomAuth(): CountingSource {
  const counter = { mints: 0 };
  const auth = createZoomAuth({ ...BENCH_CREDENTIALS, onMint: () => counter.mints++ });
  return { getToken: () => auth.getToken(), counter };
}

function countingRivetAuth(): CountingSource {
  const counter = { mints: 0 };
  const client = new VideoSdkClient({
    clientId: BENCH_CREDENTIALS.apiKey,
    clientSecret: BENCH_CREDENTIALS.apiSecret,
    baseUrl: 'http://127.0.0.1:9/v2',
    disableReceiver: true,
  });
  const { auth } = client as unknown as { auth: RivetJwtAuth };
  const generate = auth.generateToken.bind(auth);
  auth.generateToken = () => {
    counter.mints++;
    return generate();
  };
  return { getToken: () => auth.getToken(), counter };
}

async function sequentialCalls(make: MakeSource, calls: number): Promise<SourceResult['sequential']> {
  const source = make();
  collectGarbage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await source.getToken();
  const elapsedMs = performance.now() - start;
  return { calls, signatures: source.counter.mints, nsPerCall: (elapsedMs * 1e6) / calls };
}

async function concurrentColdCalls(make: MakeSource, calls: number): Promise<SourceResult['concurrentCold']> {
  const source = make();
  const tokens = await Promise.all(Array.from({ length: calls }, () => source.getToken()));
  return { calls, signatures: source.counter.mints, distinctTokens: new Set(tokens).size };
}

/** One mint = the first getToken() of a fresh source; sources are built before timing starts. */
async function mintCost(make: MakeSource, samples: number): Promise<SourceResult['mint']> {
  const sources = Array.from({ length: samples }, make);
  for (let i = 0; i < Math.min(50, samples); i++) await make().getToken(); // JIT warm-up
  collectGarbage();
  const costs = new Float64Array(samples);
  for (const [i, source] of sources.entries()) {
    const t0 = performance.now();
    await source.getToken();
    costs[i] = (performance.now() - t0) * 1000;
  }
  const signatures = sources.reduce((sum, s) => sum + s.counter.mints, 0);
  return { samples, signatures, us: summarize(costs) };
}

export async function measureMinting({
  sequentialCallsCount,
  concurrentCallsCount,
  mintSamples,
}: MintingOptions): Promise<MintingResult> {
  const sources = { zoomApi: countingZoomAuth, rivet: countingRivetAuth };
  const results = {} as Record<keyof typeof sources, SourceResult>;
  for (const [name, make] of Object.entries(sources) as [keyof typeof sources, MakeSource][]) {
    results[name] = {
      sequential: await sequentialCalls(make, sequentialCallsCount),
      concurrentCold: await concurrentColdCalls(make, concurrentCallsCount),
      mint: await mintCost(make, mintSamples),
    };
  }
  return { target: 'one signature per 10,000 sequential and per 1,000 concurrent cold calls', ...results };
}
