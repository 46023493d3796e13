// Section 7: Zoom webhooks at fleet scale. Four receiver processes behind a loopback round-robin get
// a stream of signed deliveries from test-utils' Zoom simulator (10 % of the events sent twice, 1 %
// replayed byte for byte, anything but a 2xx within 3 s retried on Zoom's schedule, compressed), with
// callbacks that take 0–2 s. Durable: the receivers enqueue into BullMQ on a real redis-server and two
// worker processes run the callbacks; one worker is killed mid-run. Inline: the same receivers run the
// callbacks before answering (the handler's in-process mode). Per mode: how fast each request was
// answered, how many events completed, how many completed more than once, how many never did.
import { type ChildProcess, fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import {
  compressedClock,
  type DeliveryAttempt,
  deliveryPlan,
  playDeliveryPlan,
  type RunningRedis,
  sampleZoomEvent,
  seededRandom,
  startRedis,
  startRoundRobin,
  type ZoomEventBody,
  zoomDeliverySimulator,
} from '@zoom-api/test-utils';
import { quantile, sorted } from './stats.ts';
import type { WebhookProcessReport, WebhookProcessRole, WebhookProcessTask } from './webhooks-process.ts';

const PROCESS_ENTRY = new URL('./webhooks-process.ts', import.meta.url);
const TSX_LOADER = import.meta.resolve('tsx');
const SECRET = 'bench-webhook-secret';
export const WEBHOOK_RECEIVERS = 4;
export const WEBHOOK_WORKERS = 2;
export const DUPLICATE_SHARE = 0.1;
export const REPLAY_SHARE = 0.01;
/** Zoom's retry waits are divided by this: its 5-minute retry comes after 3 s, its last one 36 s after that. */
export const RETRY_COMPRESSION = 100;
/** The issue's target for the durable receivers' ack p99 on a quiet machine. */
export const ACK_P99_TARGET_MS = 100;

export interface WebhooksOptions {
  events: number;
  perSecond: number;
  maxCallbackMs: number;
  concurrency: number;
  lockDurationMs: number;
  onProgress?: (message: string) => void;
}

export interface WebhookModeResult {
  mode: 'durable' | 'inline';
  name: string;
  requests: number;
  ack: { p50Ms: number; p99Ms: number; maxMs: number };
  /** Requests not answered 2xx within 3 s (each one retried later by Zoom). */
  failedAttempts: number;
  /** Deliveries still unacknowledged after Zoom's last retry. */
  unacknowledged: number;
  eventsCompleted: number;
  /** Completions beyond the first, per event, summed. */
  duplicateCompletions: number;
  /** Of those, events that also completed inside the killed worker. */
  duplicatesFromKill: number;
  lost: number;
  killed?: { completionsBefore: number; runningAtKill: number };
  seconds: number;
}

export interface WebhooksResult {
  events: number;
  requests: { deliveries: number; duplicates: number; replays: number };
  perSecond: number;
  maxCallbackMs: number;
  receivers: number;
  workers: number;
  concurrency: number;
  lockDurationMs: number;
  modes: WebhookModeResult[];
}

interface Child {
  process: ChildProcess;
  url?: string;
}

function startChild(task: Omit<WebhookProcessTask, 'type'>, onReport: (report: WebhookProcessReport) => void) {
  const child = fork(PROCESS_ENTRY, [], {
    execArgv: ['--import', TSX_LOADER],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<Child>((resolve, reject) => {
    child.on('message', (report: WebhookProcessReport) => {
      if (report.type === 'ready') resolve({ process: child, ...(report.url ? { url: report.url } : {}) });
      else onReport(report);
    });
    child.once('exit', (code, signal) => reject(new Error(`a webhooks bench ${task.role} exited (${code ?? signal})`)));
    child.send({ type: 'start', ...task });
  });
}

function stopChild(child: Child, signal?: NodeJS.Signals): Promise<void> {
  const { process: p } = child;
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve();
    p.once('exit', () => resolve());
    if (signal) p.kill(signal);
    else if (p.connected) p.disconnect();
  });
}

/** The events: a third each of session.started, session.user_joined and session.recording_completed. */
function benchEvents(count: number, maxCallbackMs: number): ZoomEventBody[] {
  const random = seededRandom(28);
  const names = ['session.started', 'session.user_joined', 'session.recording_completed'];
  const base = Date.now() - 60_000;
  return Array.from({ length: count }, (_, i) =>
    sampleZoomEvent(names[i % names.length] as string, {
      sessionId: `bench-${i}`,
      userId: `user-${i}`,
      eventTs: base + i,
      object: { session_name: `e${i}`, bench_delay_ms: Math.round(random() * maxCallbackMs) },
    }),
  );
}

/** Completions per event and process, as the children report them. */
class Completions {
  readonly byEvent = new Map<string, ChildProcess[]>();
  readonly running = new Map<ChildProcess, Set<string>>();
  private lastAt = performance.now();
  private total = 0;

  record(child: ChildProcess, report: WebhookProcessReport): void {
    if (report.type === 'ready') return;
    const running = this.running.get(child) ?? new Set<string>();
    this.running.set(child, running);
    if (report.type === 'started') {
      running.add(report.id);
      return;
    }
    running.delete(report.id);
    this.byEvent.set(report.id, [...(this.byEvent.get(report.id) ?? []), child]);
    this.total++;
    this.lastAt = performance.now();
  }

  get completions(): number {
    return this.total;
  }

  /** Resolves when every event completed, or when nothing completed for `idleMs` (the rest is lost). */
  async settle(events: number, idleMs: number): Promise<void> {
    while (this.byEvent.size < events && performance.now() - this.lastAt < idleMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function ackSummary(attempts: DeliveryAttempt[]): WebhookModeResult['ack'] {
  const answered = sorted(attempts.filter((a) => a.status !== undefined).map((a) => a.ackMs));
  return {
    p50Ms: quantile(answered, 0.5),
    p99Ms: quantile(answered, 0.99),
    maxMs: answered[answered.length - 1] ?? Number.NaN,
  };
}

async function runMode(
  mode: 'durable' | 'inline',
  redis: RunningRedis,
  options: WebhooksOptions,
  events: ZoomEventBody[],
  onProgress: (message: string) => void,
): Promise<{ result: WebhookModeResult; requests: WebhooksResult['requests'] }> {
  const started = performance.now();
  const completions = new Completions();
  const queueName = `bench-${mode}-${Date.now()}`;
  const task = (role: WebhookProcessRole) => ({
    role,
    redisUrl: redis.url,
    queueName,
    secretToken: SECRET,
    concurrency: options.concurrency,
    lockDurationMs: options.lockDurationMs,
  });
  const children: Child[] = [];
  const spawn = async (role: WebhookProcessRole) => {
    let child: Child | undefined;
    const pending: WebhookProcessReport[] = [];
    const ready = await startChild(task(role), (report) =>
      child ? completions.record(child.process, report) : pending.push(report),
    );
    child = ready;
    for (const report of pending) completions.record(child.process, report);
    children.push(child);
    return child;
  };
  try {
    const workers =
      mode === 'durable' ? await Promise.all(Array.from({ length: WEBHOOK_WORKERS }, () => spawn('worker'))) : [];
    const role = mode === 'durable' ? 'durable-receiver' : 'inline-receiver';
    const receivers = await Promise.all(Array.from({ length: WEBHOOK_RECEIVERS }, () => spawn(role)));
    const balancer = await startRoundRobin(receivers.map((r) => r.url as string));
    const zoom = zoomDeliverySimulator({
      secretToken: SECRET,
      url: balancer.url,
      clock: compressedClock(RETRY_COMPRESSION),
    });
    const plan = deliveryPlan(events.length, { duplicates: DUPLICATE_SHARE, replays: REPLAY_SHARE, seed: 28 });

    // The kill: the first worker, once it has completed a third of the events, with callbacks running.
    let killed: WebhookModeResult['killed'];
    let victim: ChildProcess | undefined;
    const doomed = workers[0];
    const killWhen = Math.floor(events.length / 3);
    const killer = setInterval(() => {
      if (!doomed || killed) return;
      const done = [...completions.byEvent.values()].flat().filter((p) => p === doomed.process).length;
      const running = completions.running.get(doomed.process)?.size ?? 0;
      if (done < killWhen || running === 0) return;
      killed = { completionsBefore: done, runningAtKill: running };
      victim = doomed.process;
      onProgress(`webhooks: SIGKILL to a worker with ${running} callbacks running`);
      void stopChild(doomed, 'SIGKILL');
    }, 20);

    const step = Math.max(1, Math.floor(plan.length / 4));
    const played = await playDeliveryPlan(zoom, events, plan, {
      perSecond: options.perSecond,
      onProgress: (sent) => {
        if (sent % step === 0) onProgress(`webhooks (${mode}): ${sent}/${plan.length} requests sent`);
      },
    });
    onProgress(`webhooks (${mode}): all answered; waiting for the callbacks`);
    await completions.settle(events.length, Math.max(30_000, options.lockDurationMs * 4));
    clearInterval(killer);
    await balancer.close();

    const attempts = [...played.deliveries, ...played.duplicates].flatMap((d) => d.attempts);
    const all = [...attempts, ...played.replays];
    let duplicateCompletions = 0;
    let duplicatesFromKill = 0;
    for (const processes of completions.byEvent.values()) {
      if (processes.length <= 1) continue;
      duplicateCompletions += processes.length - 1;
      if (victim && processes.includes(victim)) duplicatesFromKill += processes.length - 1;
    }
    const acknowledged = (a: DeliveryAttempt) => a.status !== undefined && a.status >= 200 && a.status < 300;
    return {
      requests: {
        deliveries: played.deliveries.length,
        duplicates: played.duplicates.length,
        replays: played.replays.length,
      },
      result: {
        mode,
        name:
          mode === 'durable'
            ? `durable: webhookQueue (BullMQ), ${WEBHOOK_WORKERS} workers × concurrency ${options.concurrency}`
            : 'inline: callbacks in the receivers',
        requests: all.length,
        ack: ackSummary(all),
        failedAttempts: all.filter((a) => !acknowledged(a)).length,
        unacknowledged: [...played.deliveries, ...played.duplicates].filter((d) => !d.attempts.some(acknowledged))
          .length,
        eventsCompleted: completions.byEvent.size,
        duplicateCompletions,
        duplicatesFromKill,
        lost: events.length - completions.byEvent.size,
        ...(killed ? { killed } : {}),
        seconds: (performance.now() - started) / 1000,
      },
    };
  } finally {
    await Promise.all(children.map((child) => stopChild(child)));
  }
}

export async function measureWebhooks(options: WebhooksOptions): Promise<WebhooksResult> {
  const onProgress = options.onProgress ?? (() => {});
  const events = benchEvents(options.events, options.maxCallbackMs);
  const redis = await startRedis();
  try {
    const modes: WebhookModeResult[] = [];
    let requests: WebhooksResult['requests'] = { deliveries: 0, duplicates: 0, replays: 0 };
    for (const mode of ['durable', 'inline'] as const) {
      onProgress(`webhooks (${mode}): ${options.events} events at ${options.perSecond} requests/s`);
      const run = await runMode(mode, redis, options, events, onProgress);
      modes.push(run.result);
      requests = run.requests;
    }
    return {
      events: options.events,
      requests,
      perSecond: options.perSecond,
      maxCallbackMs: options.maxCallbackMs,
      receivers: WEBHOOK_RECEIVERS,
      workers: WEBHOOK_WORKERS,
      concurrency: options.concurrency,
      lockDurationMs: options.lockDurationMs,
      modes,
    };
  } finally {
    await redis.stop();
  }
}
