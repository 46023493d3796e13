// Zoom webhooks at fleet scale, on BullMQ: receivers enqueue (one job per event identity), workers in
// any number of processes run the callbacks. Everything a queue must do is BullMQ's, configured here:
// - each event once: the event's key is the job ID, and BullMQ adds nothing for an ID it still holds;
//   completed jobs are kept `retention.completed` seconds (default two hours, past Zoom's last retry);
// - a callback that throws: retried `attempts` times with exponential backoff, then kept in the failed
//   set (the dead letters) for `retention.failed` seconds, to list and re-drive;
// - a worker that dies mid-callback: its job lock expires after `lockDuration` and BullMQ's stalled-job
//   check hands the job to another worker.
// Only `ctx.stale` is ours: one sorted set per queue of order key → newest `event_ts` processed.
//
// bullmq and @zoom-api/webhooks are optional peers, loaded when the queue is first used: the
// rate-limit store in this package needs neither.
import { checkNumber, checkObject, checkString } from '@zoom-api/internal/checks';
import type {
  VerifiedWebhook,
  WebhookCallbacks,
  WebhookContext,
  WebhookDelivery,
  WebhookDispatcher,
  WebhookEventHandlers,
  WebhookQueue,
} from '@zoom-api/webhooks';
import type { Queue as BullQueue, Worker as BullWorker, Job } from 'bullmq';
import type { Redis } from 'ioredis';

export const DEFAULT_WEBHOOK_QUEUE_NAME = 'zoom-webhooks';
/** BullMQ's own default key prefix, so BullMQ's tools find the queue without configuration. */
export const DEFAULT_WEBHOOK_QUEUE_PREFIX = 'bull';
export const DEFAULT_WEBHOOK_ATTEMPTS = 5;
/** First retry after 10 s, then 20, 40, 80: a downstream hiccup passes; a real outage ends in the failed set. */
export const DEFAULT_WEBHOOK_BACKOFF_MS = 10_000;
/** BullMQ's default: a dead worker's events run elsewhere within about twice this. */
export const DEFAULT_WEBHOOK_LOCK_DURATION_MS = 30_000;
/** Two hours: Zoom's last retry comes about 85 minutes after the first delivery, plus 300 s of replay window. */
export const DEFAULT_COMPLETED_RETENTION_SECONDS = 2 * 60 * 60;
export const DEFAULT_FAILED_RETENTION_SECONDS = 7 * 24 * 60 * 60;
/** Below this, Zoom's last retry or a replay of it could find the key gone and run the event again. */
export const MIN_COMPLETED_RETENTION_SECONDS = 85 * 60 + 300;

export interface WebhookQueueLogger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface WebhookQueueOptions {
  /**
   * An ioredis client. The queue uses it for enqueueing and listing, and opens its workers' own
   * connections from it (`duplicate()`); you close it after `queue.close()`. No `keyPrefix`: use `prefix`.
   */
  connection: Redis;
  /** The queue's name; default `zoom-webhooks`. Give each application (or set of callbacks) its own. */
  name?: string | undefined;
  /** Prefix of the queue's keys in Redis; default BullMQ's `bull`. */
  prefix?: string | undefined;
  /** Seconds to keep finished events: completed ones (the dedupe horizon; default 7,200) and failed ones (default 7 days). */
  retention?: { completed?: number | undefined; failed?: number | undefined } | undefined;
  /** Runs of a callback that throws before the event goes to the failed set; default 5. */
  attempts?: number | undefined;
  /** Milliseconds before the first retry, doubling after each; default 10,000. */
  backoff?: number | undefined;
  /** Where connection trouble and failing callbacks are reported; default `console`. */
  logger?: WebhookQueueLogger | undefined;
}

export interface WebhookWorkerOptions extends WebhookCallbacks {
  on: WebhookEventHandlers;
  /** Callbacks this process runs at the same time; default 1. */
  concurrency?: number | undefined;
  /**
   * Milliseconds a running callback's event stays locked to this worker (the lock is renewed while
   * the callback runs). When the process dies, the event runs on another worker after about twice
   * this. Default 30,000.
   */
  lockDuration?: number | undefined;
  /** Called when a callback throws (each attempt); default: the queue's logger. */
  onError?: ((error: unknown, event: VerifiedWebhook, ctx: WebhookContext) => void) | undefined;
}

export interface WebhookWorker {
  /** Resolves when the worker is taking events; rejects (and the worker stops) when it cannot start. */
  readonly ready: Promise<void>;
  /** Stops taking events and waits for the running callbacks to finish. */
  close(): Promise<void>;
}

/** An event whose callback failed every attempt: a dead letter. */
export interface FailedWebhook {
  key: string;
  event: VerifiedWebhook;
  /** The last error's message. */
  failedReason: string;
  /** Attempts made. */
  attempts: number;
  receivedAt: number | undefined;
  failedAt: number | undefined;
}

export interface WebhookQueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

export interface RedisWebhookQueue extends WebhookQueue {
  readonly name: string;
  /**
   * Resolves once BullMQ is loaded and Redis answers: await it before a receiver starts listening,
   * so that its first requests do not wait for the start-up. Rejects when bullmq is not installed.
   */
  ready(): Promise<void>;
  /** Runs the callbacks for this queue's events in this process until `close()`. */
  process(options: WebhookWorkerOptions): WebhookWorker;
  /** The dead letters, most recently failed first; default limit 100. */
  failed(options?: { limit?: number | undefined }): Promise<FailedWebhook[]>;
  /** Re-drives failed events (all of them, or those with these keys); resolves with the keys re-driven. */
  retryFailed(keys?: readonly string[]): Promise<string[]>;
  counts(): Promise<WebhookQueueCounts>;
  /** Closes this queue's workers (waiting for their running callbacks) and its BullMQ queue; not `connection`. */
  close(): Promise<void>;
}

interface JobData {
  event: VerifiedWebhook;
  orderKey?: string | undefined;
  receivedAt: number;
}

type BullMQ = typeof import('bullmq');
type Webhooks = typeof import('@zoom-api/webhooks');

const isMissing = (error: unknown) =>
  ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'].includes((error as { code?: string } | undefined)?.code ?? '');

/**
 * An optional peer, imported once (a literal `import()` each, so that bundlers see it); when it is not
 * installed, an error that says how to install it.
 */
function optionalPeer<T>(load: () => Promise<T>, missing: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw isMissing(error) ? new Error(missing, { cause: error }) : error;
    });
    return loading;
  };
}

const loadBullMQ = optionalPeer<BullMQ>(
  () => import('bullmq'),
  'webhookQueue() runs on BullMQ, an optional peer of @zoom-api/redis that is not installed: npm i bullmq',
);

const loadWebhooks = optionalPeer<Webhooks>(
  () => import('@zoom-api/webhooks'),
  'queue.process() runs the callbacks of @zoom-api/webhooks, which is not installed: npm i @zoom-api/webhooks',
);

function checkConnection(connection: unknown): Redis {
  const client = connection as Partial<Redis> | undefined;
  if (typeof client?.duplicate !== 'function' || typeof client.options !== 'object') {
    throw new TypeError(
      "connection must be an ioredis client: webhookQueue({ connection: new Redis(url) }) with Redis from 'ioredis'.",
    );
  }
  if (client.options?.keyPrefix) {
    throw new TypeError(
      'connection has a keyPrefix, which BullMQ cannot work with: drop it and give the queue its own webhookQueue({ prefix }).',
    );
  }
  return connection as Redis;
}

function checkName(what: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  const name = checkString(what, value, `default '${fallback}'`);
  if (name.includes(':')) throw new TypeError(`${what} cannot contain ':' (BullMQ separates its keys with it).`);
  return name;
}

function checkRetention(value: unknown): { completed: number; failed: number } {
  if (value === undefined)
    return { completed: DEFAULT_COMPLETED_RETENTION_SECONDS, failed: DEFAULT_FAILED_RETENTION_SECONDS };
  const retention = checkObject('retention', value, '{ completed: 7200, failed: 604800 }');
  return {
    completed:
      retention.completed === undefined
        ? DEFAULT_COMPLETED_RETENTION_SECONDS
        : checkNumber('retention.completed', retention.completed, {
            unit: 'seconds',
            min: MIN_COMPLETED_RETENTION_SECONDS,
            whole: true,
            why: "completed events are how duplicates are recognised; Zoom's last retry comes 85 minutes after the first delivery, plus 300 s of replay window",
          }),
    failed:
      retention.failed === undefined
        ? DEFAULT_FAILED_RETENTION_SECONDS
        : checkNumber('retention.failed', retention.failed, { unit: 'seconds', min: 1, whole: true }),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Records `eventTs` for `orderKey` in the queue's sorted set; true when a newer one was processed before. */
async function markOrder(
  client: Redis,
  key: string,
  orderKey: string,
  eventTs: number,
  keepMs: number,
): Promise<boolean> {
  // ZADD GT keeps the newest event_ts per order key; entries older than the retention go, so the set
  // holds only objects that had events recently. One MULTI: no other worker's mark falls in between.
  const replies = await client
    .multi()
    .zremrangebyscore(key, '-inf', `(${Date.now() - keepMs}`)
    .zadd(key, 'GT', eventTs, orderKey)
    .zscore(key, orderKey)
    .exec();
  const [error, newest] = replies?.[2] ?? [new Error('The order mark was not recorded (transaction aborted).')];
  if (error) throw error;
  return Number(newest) > eventTs;
}

/**
 * A durable queue for `createWebhookHandler({ secretToken, queue })`, on BullMQ over `connection`.
 * `queue.process({ on })` runs the callbacks, in this process or any other with the same options.
 */
export function webhookQueue(options: WebhookQueueOptions): RedisWebhookQueue {
  checkObject('webhookQueue() options', options, '{ connection: new Redis(url) }');
  const connection = checkConnection(options.connection);
  const name = checkName('name', options.name, DEFAULT_WEBHOOK_QUEUE_NAME);
  const prefix = checkName('prefix', options.prefix, DEFAULT_WEBHOOK_QUEUE_PREFIX);
  const retention = checkRetention(options.retention);
  const attempts =
    options.attempts === undefined
      ? DEFAULT_WEBHOOK_ATTEMPTS
      : checkNumber('attempts', options.attempts, { unit: 'runs', min: 1, whole: true });
  const backoff =
    options.backoff === undefined
      ? DEFAULT_WEBHOOK_BACKOFF_MS
      : checkNumber('backoff', options.backoff, { unit: 'milliseconds', min: 0, whole: true });
  const logger: WebhookQueueLogger = options.logger ?? {
    warn: (message) => console.warn(message),
    error: (message, error) => console.error(message, error),
  };
  const orderSet = `${prefix}:${name}:zoom-order`;
  const workers = new Set<WebhookWorker>();

  // Redis errors repeat on every reconnect attempt: each distinct message is reported once in a row.
  let lastReported: string | undefined;
  const reportConnection = (error: unknown) => {
    const message = `Zoom webhooks queue "${name}": Redis: ${describe(error)}`;
    if (message === lastReported) return;
    lastReported = message;
    logger.warn(message);
  };

  let queue: Promise<BullQueue> | undefined;
  const bullQueue = () => {
    queue ??= loadBullMQ().then(({ Queue }) => {
      const created = new Queue(name, {
        connection,
        prefix,
        defaultJobOptions: {
          attempts,
          backoff: { type: 'exponential', delay: backoff },
          removeOnComplete: { age: retention.completed },
          removeOnFail: { age: retention.failed },
        },
      });
      created.on('error', reportConnection);
      return created;
    });
    return queue;
  };

  const startWorker = (workerOptions: WebhookWorkerOptions): WebhookWorker => {
    checkObject('queue.process() options', workerOptions, "{ on: { 'session.started': async (event, ctx) => {} } }");
    if (workerOptions.on === undefined && workerOptions.onUnknown === undefined) {
      throw new TypeError("queue.process() needs callbacks: { on: { 'session.started': async (event, ctx) => {} } }.");
    }
    const concurrency =
      workerOptions.concurrency === undefined
        ? 1
        : checkNumber('concurrency', workerOptions.concurrency, { unit: 'callbacks', min: 1, whole: true });
    const lockDuration =
      workerOptions.lockDuration === undefined
        ? DEFAULT_WEBHOOK_LOCK_DURATION_MS
        : checkNumber('lockDuration', workerOptions.lockDuration, { unit: 'milliseconds', min: 100, whole: true });
    const { onError } = workerOptions;
    if (onError !== undefined && typeof onError !== 'function') {
      throw new TypeError('onError must be a function (error, event, ctx) => void.');
    }
    const report = (error: unknown, event: VerifiedWebhook, ctx: WebhookContext, last: boolean) => {
      if (onError) return onError(error, event, ctx);
      logger.error(
        `Zoom webhooks queue "${name}": the callback for "${event.event}" (key ${ctx.key}, attempt ${ctx.attempt}) failed` +
          (last ? '; it is in the failed set now (queue.failed(), queue.retryFailed()).' : '; it will be retried.'),
        error,
      );
    };

    // Workers block on Redis, which needs a connection of their own without a per-command retry limit.
    const client = connection.duplicate({ maxRetriesPerRequest: null });
    client.on('error', () => {}); // reported through the worker's 'error' event
    let worker: BullWorker | undefined;
    let closing: Promise<void> | undefined;

    const start = async () => {
      const [{ Worker }, { webhookDispatcher }] = await Promise.all([loadBullMQ(), loadWebhooks()]);
      const dispatch: WebhookDispatcher = webhookDispatcher(workerOptions, 'queue.process(): on');
      if (closing) return;
      worker = new Worker<JobData>(
        name,
        async (job: Job<JobData>) => {
          const { event, orderKey } = job.data;
          const eventTs = event.event_ts;
          const stale =
            orderKey !== undefined && typeof eventTs === 'number'
              ? await markOrder(client, orderSet, orderKey, eventTs, retention.completed * 1000)
              : false;
          const ctx: WebhookContext = { key: job.id as string, attempt: job.attemptsStarted, stale };
          try {
            await dispatch(event, ctx);
          } catch (error) {
            try {
              report(error, event, ctx, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
            } catch {
              // The callback's failure is what counts; a failing reporter must not replace it.
            }
            throw error;
          }
        },
        { connection: client, prefix, concurrency, lockDuration, stalledInterval: lockDuration },
      );
      worker.on('error', reportConnection);
      await worker.waitUntilReady();
    };

    const ready = start();
    const handle: WebhookWorker = {
      ready,
      close() {
        closing ??= (async () => {
          await ready.catch(() => {});
          await worker?.close();
          client.disconnect();
          workers.delete(handle);
        })();
        return closing;
      },
    };
    workers.add(handle);
    ready.catch((error: unknown) => {
      logger.error(`Zoom webhooks queue "${name}": the worker did not start: ${describe(error)}`, error);
      void handle.close();
    });
    return handle;
  };

  // Started now, so that BullMQ is loaded and connected before the first request needs it; a failure
  // here is reported by ready() and by every enqueue, not as an unhandled rejection.
  bullQueue().catch(() => {});

  return {
    name,
    async ready() {
      await (await bullQueue()).waitUntilReady();
    },
    async enqueue(delivery: WebhookDelivery) {
      const data: JobData = { event: delivery.event, orderKey: delivery.orderKey, receivedAt: delivery.receivedAt };
      // An ID BullMQ still holds (waiting, running, completed or failed) adds nothing: that is the dedupe.
      await (await bullQueue()).add(delivery.event.event, data, { jobId: delivery.key });
    },
    process: startWorker,
    async failed({ limit = 100 } = {}) {
      checkNumber('limit', limit, { unit: 'events', min: 1, whole: true });
      const jobs = (await (await bullQueue()).getFailed(0, limit - 1)) as Job<JobData>[];
      return jobs.map((job) => ({
        key: job.id as string,
        event: job.data.event,
        failedReason: job.failedReason,
        attempts: job.attemptsMade,
        receivedAt: job.data.receivedAt,
        failedAt: job.finishedOn,
      }));
    },
    async retryFailed(keys) {
      const bull = await bullQueue();
      const candidates = keys
        ? await Promise.all(keys.map((key) => bull.getJob(key)))
        : ((await bull.getFailed(0, -1)) as (Job | undefined)[]);
      const retried: string[] = [];
      for (const job of candidates) {
        if (!job?.id || !(await job.isFailed())) continue;
        await job.retry('failed');
        retried.push(job.id);
      }
      return retried;
    },
    async counts() {
      const counts = await (await bullQueue()).getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      return {
        waiting: counts.waiting ?? 0,
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
      };
    },
    async close() {
      await Promise.all([...workers].map((worker) => worker.close()));
      const opened = queue;
      queue = undefined;
      if (opened) await (await opened).close();
    },
  };
}
