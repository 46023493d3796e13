// Turns each section's results into the Markdown printed by `pnpm bench`.
import type { BuildTimeResult } from './build-time.ts';
import type { BundleChunk, BundleResult, BundleSectionResult, GzipCost } from './bundle.ts';
import type { ColdStartResult, ColdStartVariant } from './coldstart.ts';
import { cell } from './lookup.ts';
import type { MintingResult, SourceResult } from './minting.ts';
import type { OverheadResult, RatioName } from './overhead.ts';
import type { Profiles } from './profile.ts';
import { LIMITER_COST_TARGET, type RateLimitResult, SHARED_THROUGHPUT_TARGET } from './ratelimit.ts';
import {
  type Align,
  formatBytes,
  formatFixed,
  formatInteger,
  formatRatio,
  formatSeconds,
  markdownTable,
} from './table.ts';
import {
  ACK_P99_TARGET_MS,
  DUPLICATE_SHARE,
  REPLAY_SHARE,
  RETRY_COMPRESSION,
  type WebhooksResult,
} from './webhooks.ts';

const RIGHT: Align = 'right';
const LEFT: Align = 'left';
export const OVERHEAD_TARGET = 1.1;
/** Cold start to first response: ours at most this many times bare fetch's. */
export const COLD_START_TARGET = 0.6;

const RATIO_ROWS: [RatioName, string][] = [
  ['b/a', 'b ÷ a: our client vs bare fetch (target ≤ 1.10 sequential)'],
  ['c/a', 'c ÷ a: Rivet vs bare fetch'],
  ['b/c', 'b ÷ c: our client vs Rivet (< 1 means ours is ahead)'],
  ['d1/a', 'd1 ÷ a: undici.request vs fetch'],
  ['d2/a', 'd2 ÷ a: node:http agent vs fetch'],
  ['b/d2', 'b ÷ d2: our client vs the node:http floor'],
];

export function overheadMarkdown(result: OverheadResult): string {
  const widths = result.concurrencies;
  const lines = [
    '## 1. Call overhead',
    '',
    `${result.rounds} rounds × ${formatInteger(result.callsPerRound)} calls per client and mode ` +
      `(after ${result.warmupCalls} warm-up calls each); ${result.order}. Server: node:http on 127.0.0.1 in a ` +
      `child process, keep-alive, one ${formatInteger(result.responseBytes)}-byte page of 30 sessions. ` +
      'c=1 is the sequential run.',
    '',
    markdownTable(
      ['client', 'sequential median µs', 'sequential p99 µs', ...widths.map((w) => `calls/s c=${w}`)],
      result.variants.map((v) => [
        `(${v.id}) ${v.name}`,
        formatFixed(v.sequentialMedianUs, 0),
        formatFixed(v.sequentialP99Us, 0),
        ...widths.map((w) => formatInteger(cell(v.throughputPerSecond, w))),
      ]),
      [LEFT, RIGHT, RIGHT, ...widths.map(() => RIGHT)],
    ),
    '',
    'Cost ratios, per round then median across rounds (interquartile range): latency ratios for the ' +
      'sequential columns, time per call (inverse throughput) for c=N.',
    '',
    markdownTable(
      ['ratio', 'sequential median', 'sequential p99', ...widths.map((w) => `c=${w}`)],
      RATIO_ROWS.map(([key, label]) => {
        const r = result.ratios[key];
        return [
          label,
          formatRatio(r.sequentialMedian),
          formatRatio(r.sequentialP99),
          ...widths.map((w) => formatRatio(cell(r, `concurrency${w}`))),
        ];
      }),
      [LEFT, RIGHT, RIGHT, ...widths.map(() => RIGHT)],
    ),
    '',
  ];
  const ba = result.ratios['b/a'].sequentialMedian.median;
  const ahead = widths.map((w) => {
    const key: `concurrency${number}` = w === 1 ? 'concurrency1' : `concurrency${w}`;
    const ratio = cell(result.ratios['b/c'], key).median;
    return `c=${w} ${ratio < 1 ? 'ahead' : 'behind'} (${ratio.toFixed(2)}×)`;
  });
  lines.push(
    `Targets: b/a sequential ${ba.toFixed(2)} vs ≤ ${OVERHEAD_TARGET.toFixed(2)}: ` +
      `${ba <= OVERHEAD_TARGET ? 'met' : 'not met'}. b vs Rivet: ${ahead.join(', ')}.`,
  );
  const hits = Object.entries(result.serverHitsByPath ?? {});
  if (hits.length > 0) {
    lines.push(
      '',
      `Requests the server saw, by path: ${hits.map(([p, n]) => `\`${p}\` ${formatInteger(n)}`).join(', ')}.`,
    );
  }
  if (result.profiles) lines.push('', profileMarkdown(result.profiles));
  return lines.join('\n');
}

function functionKey(f: { name: string; location: string }): string {
  return `${f.name}\t${f.location}`;
}

export function profileMarkdown(profiles: Profiles): string {
  const { client, fetch } = profiles;
  const areas = new Map<string, { a: number; b: number }>();
  for (const row of client.areas) areas.set(row.area, { b: row.usPerCall, a: 0 });
  for (const row of fetch.areas) areas.set(row.area, { b: areas.get(row.area)?.b ?? 0, a: row.usPerCall });
  const areaRows = [...areas.entries()]
    .sort((x, y) => y[1].b - y[1].a - (x[1].b - x[1].a))
    .map(([area, { a, b }]) => [area, formatFixed(a, 1), formatFixed(b, 1), formatFixed(b - a, 1)]);

  const inA = new Map(fetch.functions.map((f) => [functionKey(f), f.usPerCall]));
  const inB = new Map(client.functions.map((f) => [functionKey(f), f.usPerCall]));
  const differences = [...new Set([...inA.keys(), ...inB.keys()])]
    .filter((key) => !key.startsWith('(idle)'))
    .map((key) => ({ key, a: inA.get(key) ?? 0, b: inB.get(key) ?? 0 }))
    .sort((x, y) => y.b - y.a - (x.b - x.a));
  const differenceRow = ({ key, a, b }: { key: string; a: number; b: number }) => {
    const [name, location] = key.split('\t');
    return [`\`${name}\``, location || '(native)', formatFixed(a, 1), formatFixed(b, 1), formatFixed(b - a, 1)];
  };

  return [
    `### Where the time goes: CPU profile of ${formatInteger(profiles.calls)} sequential calls each of (b) and (a)`,
    '',
    `Profiles: ${profiles.files.map((f) => `\`${f}\``).join(', ')} (sampled every 50 µs; open in Chrome DevTools ` +
      `or speedscope). Per call: (a) ${formatFixed(fetch.totalUsPerCall, 1)} µs, of which ` +
      `${formatFixed(fetch.busyUsPerCall, 1)} µs on the CPU; (b) ${formatFixed(client.totalUsPerCall, 1)} µs, of which ` +
      `${formatFixed(client.busyUsPerCall, 1)} µs on the CPU. JSON.parse is charged to its JavaScript caller: ` +
      "undici's `parseJSONFromBytes` in (a), the runtime's `request` in (b).",
    '',
    markdownTable(['area (self time)', '(a) µs/call', '(b) µs/call', 'b − a'], areaRows, [LEFT, RIGHT, RIGHT, RIGHT]),
    '',
    'Largest self-time differences by function (µs per call):',
    '',
    markdownTable(
      ['function', 'location', '(a)', '(b)', 'b − a'],
      [...differences.slice(0, 15), ...differences.slice(-3)].map(differenceRow),
      [LEFT, LEFT, RIGHT, RIGHT, RIGHT],
    ),
    '',
    'Top self-time functions in (b):',
    '',
    markdownTable(
      ['function', 'location', 'µs/call', 'share of CPU time'],
      client.functions
        .filter((f) => f.shareOfBusy !== null)
        .slice(0, 15)
        .map((f) => [
          `\`${f.name}\``,
          f.location || '(native)',
          formatFixed(f.usPerCall, 2),
          `${((f.shareOfBusy ?? 0) * 100).toFixed(1)}%`,
        ]),
      [LEFT, LEFT, RIGHT, RIGHT],
    ),
  ].join('\n');
}

export function mintingMarkdown(result: MintingResult): string {
  const rows = (
    [
      ['@zoom-api/auth `createZoomAuth`', result.zoomApi],
      ['@zoom/rivet 0.4.0 `JwtAuth`', result.rivet],
    ] as [string, SourceResult][]
  ).map(([name, r]) => [
    name,
    `${formatInteger(r.sequential.signatures)} per ${formatInteger(r.sequential.calls)}`,
    `${formatInteger(r.concurrentCold.signatures)} per ${formatInteger(r.concurrentCold.calls)}`,
    formatFixed(r.sequential.nsPerCall, 0),
    `${formatFixed(r.mint.us.median, 1)} (${formatFixed(r.mint.us.p25, 1)}–${formatFixed(r.mint.us.p75, 1)})`,
  ]);
  return [
    '## 2. Token minting',
    '',
    'Signatures counted with `onMint` (ours) and by wrapping `generateToken` (Rivet). Target: 1 per ' +
      '10,000 sequential `getToken()` calls and 1 per 1,000 concurrent calls on a cold source.',
    '',
    markdownTable(
      [
        'token source',
        'signatures, sequential',
        'signatures, concurrent cold',
        'ns per getToken() (sequential)',
        'one mint µs, median (IQR)',
      ],
      rows,
      [LEFT, RIGHT, RIGHT, RIGHT, RIGHT],
    ),
  ].join('\n');
}

/** auth is measured with jose (its only dependency) left out too; its own share is the difference. */
function gzipCostCell(costs: readonly GzipCost[], name: string): string {
  const cost = (label: string) => costs.find((c) => c.package === label)?.gzipBytes;
  if (name === '@zoom-api/auth') {
    const withJose = cost('@zoom-api/auth (with jose)');
    const jose = cost('jose');
    return withJose === undefined
      ? ''
      : `${formatInteger(withJose - (jose ?? Number.NaN))} (${formatInteger(withJose)} with jose)`;
  }
  const own = cost(name);
  return own === undefined ? '' : formatInteger(own);
}

/** A module path as it reads best: without pnpm's store prefix, our packages from their folder. */
function moduleName(module: string): string {
  return module.replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^packages\//, '');
}

/** What a chunk holds, largest first: its modules (with bytes) up to `shown`, then how many more. */
function chunkContents(chunk: BundleChunk, shown = 6): string {
  const listed = chunk.modules.slice(0, shown).map((m) => `\`${moduleName(m.module)}\` ${formatInteger(m.bytes)}`);
  const more = chunk.modules.length - shown;
  return more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
}

function onDemandCell(bundle: BundleResult): string {
  const lazy = bundle.chunks.filter((chunk) => chunk.loaded === 'on demand');
  if (lazy.length === 0) return 'none';
  const gzip = lazy.reduce((sum, chunk) => sum + chunk.gzipBytes, 0);
  return `${formatInteger(gzip)} B in ${lazy.length} chunk${lazy.length === 1 ? '' : 's'}`;
}

export function bundleMarkdown(result: BundleSectionResult): string {
  const target = result.gzipTargetBytes;
  const [one] = result.bundles;
  if (!one) throw new Error('the bundle section measured no bundle');
  const sources = result.oneOperationSources;
  const lines = [
    '## 3. Bundle size',
    '',
    `esbuild ${Object.entries(result.esbuild)
      .filter(([k]) => k !== 'gzipLevel')
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}; every dependency bundled; gzip level ${result.esbuild.gzipLevel}, each file on its own. ` +
      'At start: the entry and the chunks it imports, what a consumer loads before its first call; a module ' +
      'reached only through `import()` is a chunk of its own, loaded on demand (an option that is used, a ' +
      'proxy that applies, a failure). As one file: the same bundle without splitting, everything inlined. ' +
      `Target for (a) at start: ${formatInteger(target)} B gzipped (12 KiB).`,
    '',
    markdownTable(
      ['consumer', 'at start, raw', 'at start, gzip', 'gzip vs target', 'on demand, gzip', 'as one file, gzip'],
      result.bundles.map((b) => [
        b.label,
        formatBytes(b.rawBytes),
        formatBytes(b.gzipBytes),
        `${((b.gzipBytes / target) * 100).toFixed(0)}%`,
        onDemandCell(b),
        formatBytes(b.oneFile.gzipBytes),
      ]),
      [LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT],
    ),
    '',
    `What (a) loads at start (${one.gzipBytes > target ? 'over' : 'within'} target): raw bytes per package from ` +
      "esbuild's metafile; gzip cost = gzip size of (a) at start minus that with the package left out.",
    '',
    markdownTable(
      ['package', 'raw bytes at start', 'gzip cost'],
      one.byPackage.map((p) => [
        p.package,
        formatInteger(p.bytes),
        gzipCostCell(result.oneOperationGzipCost, p.package),
      ]),
      [LEFT, RIGHT, RIGHT],
    ),
    '',
    `(a) bundled from our TypeScript sources (at start ${formatInteger(sources.rawBytes)} B raw, ` +
      `${formatInteger(sources.gzipBytes)} B gzip): its chunks, and the modules in each, largest first (raw bytes).`,
    '',
    markdownTable(
      ['chunk', 'loaded', 'raw', 'gzip', 'holds'],
      sources.chunks.map((chunk) => [
        `\`${chunk.file}\``,
        chunk.loaded,
        formatInteger(chunk.rawBytes),
        formatInteger(chunk.gzipBytes),
        chunkContents(chunk),
      ]),
      [LEFT, LEFT, RIGHT, RIGHT, LEFT],
    ),
    '',
    'The largest modules (a) loads at start, from its sources:',
    '',
    markdownTable(
      ['module', 'raw bytes'],
      sources.topModules.slice(0, 15).map((m) => [`\`${moduleName(m.module)}\``, formatInteger(m.bytes)]),
      [LEFT, RIGHT],
    ),
    '',
    'Published packages (`npm pack --dry-run`):',
    '',
    markdownTable(
      ['package', 'unpacked', 'tarball', 'files'],
      result.tarballs.map((t) => [t.package, formatBytes(t.unpackedBytes), formatBytes(t.tarballBytes), t.files]),
      [LEFT, RIGHT, RIGHT, RIGHT],
    ),
    '',
    markdownTable(
      ['installing', 'packages', 'on disk (unpacked)'],
      result.footprints.map((f) => [f.root, f.packages.length, formatBytes(f.bytes)]),
      [LEFT, RIGHT, RIGHT],
    ),
  ];
  return lines.join('\n');
}

export function buildMarkdown(result: BuildTimeResult): string {
  const rows = result.runs.map((run) => [
    run.label,
    run.ok ? formatSeconds(run.seconds * 1000) : `failed after ${formatSeconds(run.seconds * 1000)}`,
    `${run.cached}/${run.tasks}`,
    run.executed.length === 0 ? 'none' : run.executed.map((t) => `\`${t}\``).join(', '),
  ]);
  const change = result.specChange;
  return [
    '## 4. Build time',
    '',
    `Mode: ${result.mode}. Whole workspace, \`turbo run build\`, after \`${result.specsPullCommand}\` ` +
      `(what \`pnpm build\` runs first; ${formatSeconds(result.specsPullSeconds * 1000)}, not included below).`,
    '',
    rows.length > 0
      ? markdownTable(['build', 'wall time', 'tasks cached', 'tasks executed'], rows, [LEFT, RIGHT, RIGHT, LEFT])
      : 'No build was run.',
    ...(result.warmSkipped ? ['', `Warm build skipped: ${result.warmSkipped}`] : []),
    '',
    `Spec change (${change.change} to \`${change.spec}\`): tasks whose hash changes: ` +
      `${change.tasksWithChangedHash.map((t) => `\`${t}\``).join(', ') || 'none'}; ` +
      `packages that rebuild: ${change.packagesThatRebuild.join(', ') || 'none'}.` +
      (typeof change.restored === 'object'
        ? ` After the original bytes were put back: ${change.restored.cached}/${change.restored.tasks} tasks cached, ` +
          `${formatSeconds(change.restored.seconds * 1000)}.`
        : ''),
    ...result.runs.filter((r) => !r.ok).map((r) => `\n${r.label} failed:\n\n\`\`\`\n${r.error}\n\`\`\``),
  ].join('\n');
}

/**
 * What the reference variants say about the target (how fast the least a client can do already is), and
 * what timing to exit instead of to the first response would have said.
 */
function coldStartNote(result: ColdStartResult): string {
  const at = (id: string) => result.variants.find((v) => v.id === id);
  const fetchVariant = at('fetch');
  const oursVariant = at('ours');
  const lingers = (v: ColdStartVariant | undefined) => formatFixed((v?.exitMs.median ?? 0) - (v?.ms.median ?? 0), 0);
  const ofFetch = (id: string) => (at(id)?.ms.median ?? Number.NaN) / (fetchVariant?.ms.median ?? Number.NaN);
  const target = `${COLD_START_TARGET.toFixed(2)}×`;
  const [http, jose, undici] = [ofFetch('http'), ofFetch('http-jose'), ofFetch('undici')];
  const beyond = (ratio: number, who: string) => (ratio > COLD_START_TARGET ? `, so ${who} reaches ≤ ${target}` : '');
  return (
    `References: a \`node:http\` request with a precomputed bearer, the least a Node client can do, takes ` +
    `${http.toFixed(2)}× a bare \`fetch\`'s first response${beyond(http, 'no Node client')}; minting the JWT ` +
    `with jose first, ${jose.toFixed(2)}×${beyond(jose, 'no client that mints with jose')}; loading undici ` +
    `alone (\`new Request()\`), ${undici.toFixed(2)}×${beyond(undici, 'no client whose runtime builds a web `Request` on Node')}. ` +
    `Spawn to exit is not the measure: a bare \`fetch\` process exits ${lingers(fetchVariant)} ms after its ` +
    `response, ours ${lingers(oursVariant)} ms, so timed to exit ours ÷ bare fetch would read ` +
    `${result.exitRatios['ours/fetch'].median.toFixed(2)}×.`
  );
}

export function coldStartMarkdown(result: ColdStartResult): string {
  const floor = result.variants.find((v) => v.id === 'floor')?.ms.median ?? Number.NaN;
  const fetchMedian = result.variants.find((v) => v.id === 'fetch')?.ms.median ?? Number.NaN;
  const ours = result.ratios['ours/fetch'].median;
  const ahead = result.ratios['ours/rivet'].median;
  return [
    '## 5. Cold start',
    '',
    `Process start to first response: ${result.runs} spawns per variant of \`node <script>.mjs\` (one call ` +
      'against the same child-process server; the script prints a line once the response is parsed, then calls ' +
      '`process.exit(0)`), timed from spawn to that line, variants alternating order each round, after one ' +
      'untimed spawn each. Spawn to exit beside it.',
    '',
    markdownTable(
      [
        'variant',
        'to first response, median ms',
        'p25–p75 ms',
        'above the floor, ms',
        '÷ bare fetch (per round)',
        'to exit, median ms',
      ],
      result.variants.map((v) => {
        const ratio =
          v.id === 'ours' ? result.ratios['ours/fetch'] : v.id === 'rivet' ? result.ratios['rivet/fetch'] : undefined;
        return [
          `(${v.id}) ${v.name}`,
          formatFixed(v.ms.median, 0),
          `${formatFixed(v.ms.p25, 0)}–${formatFixed(v.ms.p75, 0)}`,
          v.id === 'floor' ? '' : formatFixed(v.ms.median - floor, 0),
          v.id === 'fetch' ? '1.00×' : ratio ? formatRatio(ratio) : formatFixed(v.ms.median / fetchMedian, 2),
          formatFixed(v.exitMs.median, 0),
        ];
      }),
      [LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT],
    ),
    '',
    `Target: ours ÷ bare fetch ${ours.toFixed(2)}× vs ≤ ${COLD_START_TARGET.toFixed(2)}×: ` +
      `${ours <= COLD_START_TARGET ? 'met' : 'not met'}. Ours ÷ Rivet ${ahead.toFixed(2)}× ` +
      `(${ahead < 1 ? 'ahead' : 'behind'}). ${coldStartNote(result)}`,
    '',
    `Import time, each module's ESM entry imported in ${result.importRuns} fresh processes (median, p25–p75):`,
    '',
    markdownTable(
      ['module', 'import ms', 'process start → imported, ms'],
      result.imports.map((row) => [
        row.module,
        `${formatFixed(row.importMs.median, 1)} (${formatFixed(row.importMs.p25, 1)}–${formatFixed(row.importMs.p75, 1)})`,
        formatFixed(row.sinceStartMs.median, 1),
      ]),
      [LEFT, RIGHT, RIGHT],
    ),
  ].join('\n');
}

const LIMITER_RATIO_ROWS = [
  ['m/n', 'limiter with the in-process store ÷ no limiter'],
  ['r/n', 'limiter with the Redis store ÷ no limiter'],
];

export function rateLimitMarkdown(result: RateLimitResult): string {
  const redis = result.bursts.find((b) => b.mode === 'redis');
  const none = result.bursts.find((b) => b.mode === 'none');
  const cost = result.latency.ratios['m/n']?.median ?? Number.NaN;
  const sharedMet =
    redis !== undefined && redis.rejected429 === 0 && redis.shareOfLimit >= SHARED_THROUGHPUT_TARGET
      ? 'met'
      : 'not met';
  return [
    '## 6. Rate limits across processes',
    '',
    `${result.workers} worker processes, one account, category ${result.category} (Pro: ${result.limitPerSecond} calls/s ` +
      `over a sliding second), each firing ${formatInteger(result.callsPerSecondPerWorker)} calls/s for ${result.seconds} s ` +
      'at the Zoom-like server (node:http on 127.0.0.1, this process); calls still queued when the burst ends are ' +
      'cut off. The server counts what it accepted and what it answered 429.',
    '',
    markdownTable(
      [
        'mode',
        '429s received',
        'accepted calls/s',
        'share of the limit',
        'cut off unsent',
        'refused unsent',
        'other errors',
      ],
      result.bursts.map((b) => [
        b.name,
        formatInteger(b.rejected429),
        formatFixed(b.acceptedPerSecond, 1),
        `${formatFixed(b.shareOfLimit * 100, 0)} %`,
        formatInteger(b.workers.cutOff),
        formatInteger(b.workers.refusedUnsent),
        b.workers.otherErrors === 0 ? '0' : `${b.workers.otherErrors} (${b.workers.firstOtherError ?? ''})`,
      ]),
      [LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, LEFT],
    ),
    '',
    `The limiter's cost per call when the budget is not the bottleneck: ${result.latency.rounds} rounds × ` +
      `${formatInteger(result.latency.callsPerRound)} sequential calls per client against the sessions-page server, ` +
      'rounds alternating the order; median latency ratio per round, then median across rounds (interquartile range).',
    '',
    markdownTable(
      ['client', 'sequential median µs'],
      result.latency.variants.map((v) => [`(${v.id}) ${v.name}`, formatFixed(v.sequentialMedianUs, 0)]),
      [LEFT, RIGHT],
    ),
    '',
    markdownTable(
      ['ratio', 'sequential median'],
      LIMITER_RATIO_ROWS.map(([key, label]) => [label as string, formatRatio(result.latency.ratios[key as string])]),
      [LEFT, RIGHT],
    ),
    '',
    `Targets: Redis store 0 429s and ≥ ${SHARED_THROUGHPUT_TARGET * 100} % of the limit: ${sharedMet} ` +
      `(${formatInteger(redis?.rejected429 ?? Number.NaN)} 429s, ${formatFixed((redis?.shareOfLimit ?? Number.NaN) * 100, 0)} %); ` +
      `no limiter gets 429s: ${none && none.rejected429 > 0 ? 'yes' : 'no'}; limiter ≤ ${LIMITER_COST_TARGET.toFixed(2)}× per call: ` +
      `${cost <= LIMITER_COST_TARGET ? 'met' : 'not met'} (${formatFixed(cost, 2)}×).`,
  ].join('\n');
}

export function webhooksMarkdown(result: WebhooksResult): string {
  const durable = result.modes.find((m) => m.mode === 'durable');
  const requests = result.requests;
  const met = (ok: boolean) => (ok ? 'met' : 'not met');
  const fromResends = (durable?.duplicateCompletions ?? Number.NaN) - (durable?.duplicatesFromKill ?? Number.NaN);
  const lines = [
    '## 7. Webhooks at scale',
    '',
    `${formatInteger(result.events)} events, sent by test-utils' Zoom simulator as ${formatInteger(requests.deliveries)} ` +
      `deliveries, ${formatInteger(requests.duplicates)} second notifications of the same event (${DUPLICATE_SHARE * 100} %) and ` +
      `${formatInteger(requests.replays)} byte-for-byte replays (${REPLAY_SHARE * 100} %), at ${formatInteger(result.perSecond)} requests/s, ` +
      `to ${result.receivers} receiver processes behind a loopback round-robin. Each callback takes 0–${formatInteger(result.maxCallbackMs)} ms. ` +
      `A request not answered 2xx within 3 s is retried on Zoom's schedule (5, 20, 60 minutes, compressed ${formatInteger(RETRY_COMPRESSION)}×). ` +
      `Durable mode: real redis-server, ${result.workers} worker processes (lockDuration ${formatInteger(result.lockDurationMs)} ms), ` +
      'the first one SIGKILLed once it has completed a third of the events. Ack = from sending a request to its status line.',
    '',
    markdownTable(
      [
        'handler',
        'requests',
        'ack p50 ms',
        'ack p99 ms',
        'ack max ms',
        'not 2xx in 3 s (retried)',
        'events completed',
        'duplicate completions',
        'lost events',
      ],
      result.modes.map((m) => [
        m.name,
        formatInteger(m.requests),
        formatFixed(m.ack.p50Ms, 1),
        formatFixed(m.ack.p99Ms, 1),
        formatFixed(m.ack.maxMs, 0),
        formatInteger(m.failedAttempts),
        formatInteger(m.eventsCompleted),
        formatInteger(m.duplicateCompletions),
        formatInteger(m.lost),
      ]),
      [LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT],
    ),
    '',
  ];
  if (durable) {
    const killed = durable.killed;
    lines.push(
      killed
        ? `Killed worker: SIGKILL after ${formatInteger(killed.completionsBefore)} completions, with ${killed.runningAtKill} callbacks running; ` +
            `duplicate completions of events that had completed in it: ${durable.duplicatesFromKill}, from Zoom's resends: ${fromResends}.`
        : 'No worker was killed (it never had callbacks running past a third of the events).',
      '',
      `Targets (durable): 0 lost events: ${met(durable.lost === 0)} (${durable.lost}); duplicate completions only from the ` +
        `killed worker and at most its concurrency (${result.concurrency}): ${met(fromResends === 0 && durable.duplicatesFromKill <= result.concurrency)}; ` +
        `ack p99 under ${ACK_P99_TARGET_MS} ms while callbacks take seconds: ${met(durable.ack.p99Ms < ACK_P99_TARGET_MS)} ` +
        `(${formatFixed(durable.ack.p99Ms, 1)} ms; compare the load average in the header).`,
    );
  }
  return lines.join('\n');
}

// The root README's summaries of a run (written there by `pnpm bench --write-readme`; see ./readme.ts).

export function overheadSummaryMarkdown(result: OverheadResult): string {
  const widths = result.concurrencies;
  const rows: [RatioName, string][] = [
    ['b/a', '`listSessions` through the full client ÷ bare fetch'],
    ['b/c', '`listSessions` through the full client ÷ Rivet'],
  ];
  return markdownTable(
    ['ratio (median, interquartile range; < 1 = faster)', 'sequential', ...widths.map((w) => `c=${w}`)],
    rows.map(([key, label]) => {
      const r = result.ratios[key];
      return [label, formatRatio(r.sequentialMedian), ...widths.map((w) => formatRatio(r[`concurrency${w}`]))];
    }),
    [LEFT, RIGHT, ...widths.map(() => RIGHT)],
  );
}

export function bundleSummaryMarkdown(result: BundleSectionResult): string {
  const [one] = result.bundles;
  if (!one) throw new Error('the bundle section measured no bundle');
  const target = result.gzipTargetBytes;
  return [
    markdownTable(
      ['bundle (esbuild, minified, everything included)', 'gzip at start', 'gzip as one file'],
      result.bundles.map((b) => [b.label, formatBytes(b.gzipBytes), formatBytes(b.oneFile.gzipBytes)]),
      [LEFT, RIGHT, RIGHT],
    ),
    '',
    `At start: what a consumer loads before its first call (code reached only through \`import()\` is left ` +
      `out); as one file: everything inlined. Budget for (a) at start: ${formatInteger(target)} B, ` +
      `${one.gzipBytes <= target ? 'met' : 'not met'} (${((one.gzipBytes / target) * 100).toFixed(0)}%).`,
  ].join('\n');
}

export function coldStartSummaryMarkdown(result: ColdStartResult): string {
  const ours = result.ratios['ours/fetch'].median;
  return [
    markdownTable(
      ['process start → first response (median)', 'ms', '÷ bare fetch'],
      result.variants.map((v) => {
        const ratio =
          v.id === 'ours' ? result.ratios['ours/fetch'] : v.id === 'rivet' ? result.ratios['rivet/fetch'] : undefined;
        const fetchMedian = result.variants.find((f) => f.id === 'fetch')?.ms.median ?? Number.NaN;
        return [
          v.name,
          formatInteger(Math.round(v.ms.median)),
          v.id === 'fetch' ? '1' : ratio ? formatRatio(ratio) : formatFixed(v.ms.median / fetchMedian, 2),
        ];
      }),
      [LEFT, RIGHT, RIGHT],
    ),
    '',
    `Target: ours ≤ ${COLD_START_TARGET.toFixed(2)}× a bare \`fetch\`: ${ours <= COLD_START_TARGET ? 'met' : 'not met'} ` +
      `(${ours.toFixed(2)}×); ours ÷ Rivet ${result.ratios['ours/rivet'].median.toFixed(2)}×. ${coldStartNote(result)}`,
  ].join('\n');
}

export function rateLimitSummaryMarkdown(result: RateLimitResult): string {
  return [
    markdownTable(
      ['mode', '429s received', 'accepted calls/s (share of the limit)'],
      result.bursts.map((b) => [
        b.name,
        formatInteger(b.rejected429),
        `${formatFixed(b.acceptedPerSecond, 1)} (${formatFixed(b.shareOfLimit * 100, 0)} %)`,
      ]),
      [LEFT, RIGHT, RIGHT],
    ),
    '',
    'When the budget is not the bottleneck, the limiter costs ' +
      `${formatRatio(result.latency.ratios['m/n'])} per call over the in-process store and ` +
      `${formatRatio(result.latency.ratios['r/n'])} over Redis.`,
  ].join('\n');
}
