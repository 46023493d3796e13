// Section 2: how often the token source signs. createZoomAuth's onMint hook counts signatures;
// Zoom's Rivet is counted the same way by wrapping its JwtAuth.generateToken on the instance.
import { performance } from 'node:perf_hooks';
import { VideoSdkClient } from '@zoom/rivet/videosdk';
import { createZoomAuth } from '@zoom-api/auth';
import { BENCH_CREDENTIALS } from './callers.mjs';
import { collectGarbage } from './gc.mjs';
import { summarize } from './stats.mjs';

function countingZoomAuth() {
  const counter = { mints: 0 };
  const auth = createZoomAuth({ ...BENCH_CREDENTIALS, onMint: () => counter.mints++ });
  return { getToken: () => auth.getToken(), counter };
}

function countingRivetAuth() {
  const counter = { mints: 0 };
  const { auth } = new VideoSdkClient({
    clientId: BENCH_CREDENTIALS.apiKey,
    clientSecret: BENCH_CREDENTIALS.apiSecret,
    baseUrl: 'http://127.0.0.1:9/v2',
    disableReceiver: true,
  });
  const generate = auth.generateToken.bind(auth);
  auth.generateToken = () => {
    counter.mints++;
    return generate();
  };
  return { getToken: () => auth.getToken(), counter };
}

async function sequentialCalls(make, calls) {
  const source = make();
  collectGarbage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await source.getToken();
  const elapsedMs = performance.now() - start;
  return { calls, signatures: source.counter.mints, nsPerCall: (elapsedMs * 1e6) / calls };
}

async function concurrentColdCalls(make, calls) {
  const source = make();
  const tokens = await Promise.all(Array.from({ length: calls }, () => source.getToken()));
  return { calls, signatures: source.counter.mints, distinctTokens: new Set(tokens).size };
}

/** One mint = the first getToken() of a fresh source; sources are built before timing starts. */
async function mintCost(make, samples) {
  const sources = Array.from({ length: samples }, make);
  for (let i = 0; i < Math.min(50, samples); i++) await make().getToken(); // JIT warm-up
  collectGarbage();
  const costs = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await sources[i].getToken();
    costs[i] = (performance.now() - t0) * 1000;
  }
  const signatures = sources.reduce((sum, s) => sum + s.counter.mints, 0);
  return { samples, signatures, us: summarize(costs) };
}

export async function measureMinting({ sequentialCallsCount, concurrentCallsCount, mintSamples }) {
  const sources = { zoomApi: countingZoomAuth, rivet: countingRivetAuth };
  const results = {};
  for (const [name, make] of Object.entries(sources)) {
    results[name] = {
      sequential: await sequentialCalls(make, sequentialCallsCount),
      concurrentCold: await concurrentColdCalls(make, concurrentCallsCount),
      mint: await mintCost(make, mintSamples),
    };
  }
  return { target: 'one signature per 10,000 sequential and per 1,000 concurrent cold calls', ...results };
}
