// `--profile`: a V8 CPU profile of sequential calls through one client, taken in this process with
// the inspector, written as a .cpuprofile (open it in Chrome DevTools or speedscope), and reduced to
// self time per function and per area (Node's fetch, the client runtime, jose, …).
import { writeFile } from 'node:fs/promises';
import type { Profiler, Runtime } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { collectGarbage } from './gc.ts';
import { at } from './lookup.ts';

const SAMPLING_INTERVAL_US = 50;

/** Self time of one function or area, per call and as a share of the time not idle (null for idle). */
export interface ProfileRow {
  usPerCall: number;
  shareOfBusy: number | null;
}

export interface ProfileSummary {
  calls: number;
  totalUsPerCall: number;
  busyUsPerCall: number;
  functions: (ProfileRow & { name: string; location: string })[];
  areas: (ProfileRow & { area: string })[];
}

/** What `--profile` adds to the overhead results: (b) is `client`, (a) is `fetch`. */
export interface Profiles {
  calls: number;
  files: string[];
  client: ProfileSummary;
  fetch: ProfileSummary;
}

type Frame = Pick<Runtime.CallFrame, 'functionName'> & Partial<Pick<Runtime.CallFrame, 'url' | 'lineNumber'>>;

export async function profileCalls(
  call: () => Promise<unknown>,
  calls: number,
  outputPath: string,
): Promise<{ profile: Profiler.Profile; elapsedMs: number }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    collectGarbage();
    await session.post('Profiler.start');
    const start = performance.now();
    for (let i = 0; i < calls; i++) await call();
    const elapsedMs = performance.now() - start;
    const { profile } = await session.post('Profiler.stop');
    await writeFile(outputPath, JSON.stringify(profile));
    return { profile, elapsedMs };
  } finally {
    session.disconnect();
  }
}

/** Self time per sample: each sample lasts until the next one (the last gets the mean interval). */
function sampleDurations(profile: Profiler.Profile): Float64Array {
  const { samples = [], timeDeltas = [] } = profile;
  const durations = new Float64Array(samples.length);
  const total = profile.endTime - profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    durations[i] = i + 1 < samples.length ? at(timeDeltas, i + 1) : total / Math.max(1, samples.length);
  }
  return durations;
}

/** Which part of the stack a frame belongs to, from its script URL. */
function areaOf(callFrame: Frame): string {
  const url = callFrame.url ?? '';
  const name = callFrame.functionName;
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(idle)') return 'idle (waiting for the server)';
  if (name === '(program)') return 'V8/native (program)';
  if (url.includes('internal/deps/undici')) return "Node's fetch (bundled undici)";
  if (url.includes('/@zoom-api/core/') || url.includes('/packages/core/')) return '@zoom-api/core (runtime + policy)';
  if (url.includes('/packages/videosdk/')) return '@zoom-api/videosdk (generated)';
  if (url.includes('/packages/auth/') || url.includes('/@zoom-api/auth/')) return '@zoom-api/auth';
  if (url.includes('/jose/')) return 'jose';
  if (url.includes('/axios/') || url.includes('/follow-redirects/')) return 'axios';
  if (url.includes('/@zoom/rivet/')) return '@zoom/rivet';
  if (url.includes('/dayjs/')) return 'dayjs';
  if (url.includes('/undici/')) return 'undici (package)';
  if (url.includes('/packages/bench/')) return 'bench harness';
  if (url.startsWith('node:internal/streams') || url.startsWith('node:internal/webstreams')) return 'Node streams';
  if (url.startsWith('node:')) return 'Node core (http, net, timers, …)';
  if (url === '') return 'V8 builtins / native';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  return pkg ? `other: ${pkg[1]}` : 'other';
}

/**
 * `file:line` of a frame, as V8 reports it (source maps are not applied). The packages' dist/ and Node's
 * own code load unchanged under tsx, so their lines are real; the bench's own .ts frames are tsx's
 * whitespace-minified output and all read `:1` (they only ever hold the harness's few µs).
 */
function shortLocation(callFrame: Frame): string {
  const url = callFrame.url ?? '';
  if (!url) return '';
  const trimmed = url
    .replace(/^file:\/\/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^file:\/\/.*?\/packages\//, 'packages/');
  return `${trimmed}:${(callFrame.lineNumber ?? 0) + 1}`;
}

/** Totals in milliseconds, largest first. */
export function summarizeProfile(profile: Profiler.Profile, calls: number): ProfileSummary {
  const durations = sampleDurations(profile);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const samples = profile.samples ?? [];
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [i, sample] of samples.entries()) {
    const frame = (nodes.get(sample) as Profiler.ProfileNode).callFrame;
    const us = at(durations, i);
    totalUs += us;
    if (frame.functionName === '(idle)') idleUs += us;
    const key = `${frame.functionName || '(anonymous)'}\t${shortLocation(frame)}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const area = areaOf(frame);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const rows = (map: Map<string, number>, idleKey: string) =>
    [...map.entries()]
      .sort((x, y) => y[1] - x[1])
      .map(([key, us]) => ({ key, usPerCall: us / calls, shareOfBusy: key === idleKey ? null : us / busyUs }));
  return {
    calls,
    totalUsPerCall: totalUs / calls,
    busyUsPerCall: busyUs / calls,
    functions: rows(byFunction, '(idle)\t').map(({ key, ...rest }) => {
      const tab = key.indexOf('\t');
      return { name: key.slice(0, tab), location: key.slice(tab + 1), ...rest };
    }),
    areas: rows(byArea, areaOf({ functionName: '(idle)' })).map(({ key, ...rest }) => ({ area: key, ...rest })),
  };
}
