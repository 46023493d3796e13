// Webhooks at scale against a real redis-server: receivers that answer before the callbacks run,
// each event's callback completing once across receivers and worker processes (duplicates, replays,
// Zoom's retries), a worker killed mid-callback, Redis going away and coming back, dead letters and
// their re-drive, and the stale flag. Every wait is for an event (a report, an answer), never a sleep.
import {
  deferred,
  deliveryPlan,
  manualClock,
  playDeliveryPlan,
  type RunningRedis,
  sampleZoomEvent,
  startRedis,
  startRoundRobin,
  type ZoomEventBody,
  zoomDeliverySimulator,
} from '@zoom-api/test-utils';
import type { WebhookContext } from '@zoom-api/webhooks';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisWebhookQueue, webhookQueue } from '../src/index.js';
import {
  Runs,
  receiver,
  receiverProcess,
  SECRET,
  stopChildren,
  uniqueQueueName,
  workerProcess,
} from './webhook-support.js';

let redis: RunningRedis;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  await stopChildren();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await redis?.stop();
});

function connect(): Redis {
  const client = new Redis(redis.url);
  client.on('error', () => {}); // expected while the Redis-down test has it stopped
  cleanups.push(() => client.disconnect());
  return client;
}

function queueFor(options: Partial<Parameters<typeof webhookQueue>[0]> = {}): RedisWebhookQueue {
  const queue = webhookQueue({ connection: connect(), name: uniqueQueueName(), ...options });
  cleanups.push(() => queue.close());
  return queue;
}

async function receiverFor(options: Parameters<typeof receiver>[0]): Promise<string> {
  const started = await receiver(options);
  cleanups.push(() => started.close());
  return started.url;
}

/** Event `i`: its own session (so its own identity), named `e<i>` for the reports. */
/** A minute ago: recent, as Zoom's events are, and the same for every copy of event `i`. */
const BASE_TS = Date.now() - 60_000;

function numbered(i: number, name = 'session.started', eventTs = BASE_TS + i): ZoomEventBody {
  return sampleZoomEvent(name, { sessionId: `sess-${i}`, eventTs, object: { session_name: `e${i}` } });
}

/** Resolves when the queue holds nothing more to run: every event it took has completed or failed. */
async function expectDrained(queue: RedisWebhookQueue, completed: number, failed = 0) {
  expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, completed, failed });
}

describe('createWebhookHandler({ queue: webhookQueue() })', () => {
  it('answers 200 once the event is enqueued, while its callback is still running', async () => {
    const queue = queueFor();
    const url = await receiverFor({ secretToken: SECRET, queue });
    const gate = deferred();
    const running = deferred();
    let finished = false;
    const worker = queue.process({
      on: {
        'session.started': async () => {
          running.resolve();
          await gate.promise;
          finished = true;
        },
      },
    });
    cleanups.push(() => gate.resolve());
    await worker.ready;

    const delivery = zoomDeliverySimulator({ secretToken: SECRET, url }).deliver(numbered(1));
    const outcome = await delivery.done;
    expect(outcome.attempts.map((a) => a.status)).toEqual([200]);
    await running.promise;
    expect(finished, 'the answer came before the callback finished').toBe(false);
    gate.resolve();
    await worker.close(); // waits for the running callback
    expect(finished).toBe(true);
    await expectDrained(queue, 1);
  });

  it('runs each event once through two receivers, whatever Zoom resends: duplicates, replays, redeliveries', async () => {
    const queue = queueFor();
    // The seen-set off: every resend reaches Redis, so the queue alone must recognise it.
    const urls = await Promise.all([1, 2].map(() => receiverFor({ secretToken: SECRET, queue, dedupe: false })));
    const balancer = await startRoundRobin(urls);
    cleanups.push(() => balancer.close());
    const runs = new Map<string, number>();
    const count = 60;
    const allRan = deferred();
    const worker = queue.process({
      on: {
        'session.started': (event) => {
          const id = event.payload.object.session_name;
          runs.set(id, (runs.get(id) ?? 0) + 1);
          if (runs.size === count) allRan.resolve();
        },
      },
      concurrency: 4,
    });
    await worker.ready;

    const events = Array.from({ length: count }, (_, i) => numbered(i));
    const plan = deliveryPlan(count, { duplicates: 0.3, replays: 0.2, spread: 10, seed: 7 });
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url: balancer.url });
    const played = await playDeliveryPlan(zoom, events, plan, { perSecond: 200 });
    // Zoom retries a delivery again later as a new request: the same event, signed anew.
    const redelivered = await Promise.all(events.slice(0, 5).map((event) => zoom.deliver(event).done));
    await allRan.promise;

    const answers = [
      ...[...played.deliveries, ...played.duplicates].flatMap((d) => d.attempts),
      ...played.replays,
      ...redelivered.flatMap((o) => o.attempts),
    ].map((a) => a.status);
    expect(played.duplicates.length).toBeGreaterThanOrEqual(5);
    expect(played.replays.length).toBeGreaterThanOrEqual(5);
    expect(new Set(answers)).toEqual(new Set([200]));
    expect(balancer.connections.every((n) => n > 0)).toBe(true);
    // Nothing left to run: what ran is all that will ever run.
    await expectDrained(queue, count);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(count);
  });

  it('3 receiver processes × 2 worker processes: every event completes once', async () => {
    const name = uniqueQueueName();
    const runs = new Runs();
    const workers = await Promise.all(
      [1, 2].map(() =>
        workerProcess({ redisUrl: redis.url, name, concurrency: 4, lockDuration: 30_000, mode: 'run' }, runs),
      ),
    );
    const urls = await Promise.all(
      [1, 2, 3].map(() => receiverProcess({ redisUrl: redis.url, name, secretToken: SECRET })),
    );
    const balancer = await startRoundRobin(urls);
    cleanups.push(() => balancer.close());

    const count = 150;
    const events = Array.from({ length: count }, (_, i) => numbered(i));
    const plan = deliveryPlan(count, { duplicates: 0.1, replays: 0.02, reorders: 0.05, seed: 11 });
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url: balancer.url });
    const played = await playDeliveryPlan(zoom, events, plan, { perSecond: 300 });
    expect(played.deliveries.every((d) => d.attempts.length === 1 && d.attempts[0]?.status === 200)).toBe(true);
    await runs.until((r) => r.completionsById().size === count);
    // A graceful stop waits for running callbacks and records them as completed.
    await Promise.all(workers.map((worker) => worker.stop()));

    const queue = queueFor({ name });
    await expectDrained(queue, count);
    expect([...runs.completionsById().values()].every((n) => n === 1)).toBe(true);
    // Both workers took part.
    expect(new Set(runs.completed.map((r) => ('pid' in r ? r.pid : 0))).size).toBe(2);
  });

  it('an event whose worker is killed mid-callback runs on another worker, once', async () => {
    const name = uniqueQueueName();
    const runs = new Runs();
    const doomed = await workerProcess(
      { redisUrl: redis.url, name, concurrency: 3, lockDuration: 1_000, mode: 'hold' },
      runs,
    );
    const queue = queueFor({ name });
    const url = await receiverFor({ secretToken: SECRET, queue });
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url });
    const outcomes = await Promise.all([1, 2, 3].map((i) => zoom.deliver(numbered(i)).done));
    expect(outcomes.map((o) => o.attempts[0]?.status)).toEqual([200, 200, 200]);
    await runs.until((r) => r.started.length === 3);
    await doomed.kill();

    // The survivor takes over once the dead worker's locks expire (BullMQ's stalled-job check).
    const survivor = await workerProcess(
      { redisUrl: redis.url, name, concurrency: 3, lockDuration: 1_000, mode: 'run' },
      runs,
    );
    await runs.until((r) => r.completed.length === 3);
    await survivor.stop();
    await expectDrained(queue, 3);
    expect(runs.completed.every((r) => 'pid' in r && r.pid !== doomed.pid)).toBe(true);
    expect([...runs.completionsById().values()]).toEqual([1, 1, 1]);
    // The second run knows it is one: ctx.attempt counts the run that died.
    expect(runs.completed.map((r) => ('attempt' in r ? r.attempt : 0))).toEqual([2, 2, 2]);
  });

  it('answers 503 while Redis is down, and the event runs once after Zoom retries', async () => {
    const clock = manualClock();
    const errors: unknown[] = [];
    const warnings: string[] = [];
    const queue = queueFor({ logger: { warn: (m) => warnings.push(m), error: () => {} } });
    const url = await receiverFor({
      secretToken: SECRET,
      queue,
      now: clock.now,
      enqueueTimeout: 500,
      onError: (error) => errors.push(error),
    });
    const ran: WebhookContext[] = [];
    const once = deferred();
    const worker = queue.process({
      on: {
        'session.started': (_event, ctx) => {
          ran.push(ctx);
          once.resolve();
        },
      },
    });
    await worker.ready;

    await redis.kill();
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url, clock });
    const delivery = zoom.deliver(numbered(1));
    await clock.whenSleeping(); // the first attempt was answered, and Zoom waits to retry
    expect(delivery.attempts.map((a) => a.status)).toEqual([503]);
    expect(errors).toHaveLength(1);

    await redis.restart();
    await clock.advance(5 * 60_000);
    const outcome = await delivery.done;
    expect(outcome.attempts.map((a) => a.status)).toEqual([503, 200]);
    await once.promise;
    await worker.close();
    await expectDrained(queue, 1);
    expect(ran).toHaveLength(1);
    expect(warnings.some((w) => w.includes('Redis'))).toBe(true);
  });

  it('keeps events whose callback always fails as dead letters, and runs them again when re-driven', async () => {
    const queue = queueFor({ attempts: 2, backoff: 1 });
    const url = await receiverFor({ secretToken: SECRET, queue });
    let broken = true;
    const attempts: number[] = [];
    const reported: string[] = [];
    const twice = deferred();
    const success = deferred();
    const callbacks = {
      'session.started': (_event: unknown, ctx: WebhookContext) => {
        attempts.push(ctx.attempt);
        if (broken) throw new Error('the CRM is down');
        success.resolve();
      },
    };
    const worker = queue.process({
      on: callbacks,
      onError: (error, event, ctx) => {
        reported.push(`${event.event} ${ctx.attempt} ${(error as Error).message}`);
        if (reported.length === 2) twice.resolve();
      },
    });
    await worker.ready;

    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url });
    const event = numbered(1);
    expect((await zoom.deliver(event).done).acknowledged).toBe(true);
    await twice.promise;
    await worker.close();

    const failed = await queue.failed();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ failedReason: 'the CRM is down', attempts: 2 });
    expect(failed[0]?.event.event).toBe('session.started');
    expect(reported).toEqual(['session.started 1 the CRM is down', 'session.started 2 the CRM is down']);
    // Zoom sending the event again does not add a second copy beside the dead letter.
    expect((await zoom.deliver(event).done).acknowledged).toBe(true);
    await expectDrained(queue, 0, 1);

    broken = false;
    const again = queue.process({ on: callbacks });
    await again.ready;
    expect(await queue.retryFailed()).toEqual([failed[0]?.key]);
    await success.promise;
    await again.close(); // after the running callback has finished and been recorded
    await expectDrained(queue, 1, 0);
    expect(await queue.failed()).toEqual([]);
    expect(await queue.retryFailed()).toEqual([]);
    // ctx.attempt goes on counting after a re-drive: the callback ran twice before.
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('flags an event older than one already processed about the same object as stale', async () => {
    const queue = queueFor();
    const url = await receiverFor({ secretToken: SECRET, queue });
    const seen: { name: string; user: string; stale: boolean }[] = [];
    const waiters: (() => void)[] = [];
    const record = (event: { event: string; payload: { object: { user: { id: string } } } }, ctx: WebhookContext) => {
      seen.push({ name: event.event, user: event.payload.object.user.id, stale: ctx.stale });
      waiters.shift()?.();
    };
    const worker = queue.process({ on: { 'session.user_joined': record, 'session.user_left': record } });
    await worker.ready;
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url });
    const t = Date.now() - 10_000;
    // Ada left at t, joined again at t + 1; Zoom's retry of the leave arrives after the join.
    for (const event of [
      sampleZoomEvent('session.user_joined', { userId: 'ada', eventTs: t + 1 }),
      sampleZoomEvent('session.user_left', { userId: 'ada', eventTs: t }),
      sampleZoomEvent('session.user_left', { userId: 'bob', eventTs: t }),
    ]) {
      // One at a time, so that each is processed before the next arrives.
      const processed = new Promise<void>((resolve) => waiters.push(resolve));
      expect((await zoom.deliver(event).done).acknowledged).toBe(true);
      await processed;
    }
    expect(seen).toEqual([
      { name: 'session.user_joined', user: 'ada', stale: false },
      { name: 'session.user_left', user: 'ada', stale: true },
      { name: 'session.user_left', user: 'bob', stale: false },
    ]);
    // One entry per object (Ada, Bob), holding the newest event_ts processed for it.
    const marks = await connect().zrange(`bull:${queue.name}:zoom-order`, 0, -1, 'WITHSCORES');
    expect(marks.filter((_, i) => i % 2 === 1).map(Number)).toEqual([t, t + 1]);
  });

  it('forgets the order of objects whose newest event is older than the retention', async () => {
    const queue = queueFor();
    const url = await receiverFor({ secretToken: SECRET, queue });
    const processed: string[] = [];
    const waiters: (() => void)[] = [];
    const worker = queue.process({
      on: {
        'session.started': (event) => {
          processed.push(event.payload.object.session_id);
          waiters.shift()?.();
        },
      },
    });
    await worker.ready;
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url });
    const marks = `bull:${queue.name}:zoom-order`;
    for (const [sessionId, eventTs] of [
      ['three-hours-ago', Date.now() - 3 * 3600_000],
      ['just-now', Date.now()],
    ] as const) {
      const done = new Promise<void>((resolve) => waiters.push(resolve));
      expect((await zoom.deliver(sampleZoomEvent('session.started', { sessionId, eventTs })).done).acknowledged).toBe(
        true,
      );
      await done;
    }
    expect(processed).toEqual(['three-hours-ago', 'just-now']);
    // The second mark swept the first: older than retention.completed (two hours).
    expect(await connect().zcard(marks)).toBe(1);
  });

  it('hands BullMQ the documented job options: attempts, backoff, retention', async () => {
    const queue = queueFor();
    const url = await receiverFor({ secretToken: SECRET, queue });
    const delivery = await zoomDeliverySimulator({ secretToken: SECRET, url }).deliver(numbered(1)).done;
    expect(delivery.acknowledged).toBe(true);
    const client = connect();
    const [key] = await client.lrange(`bull:${queue.name}:wait`, 0, -1);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    // BullMQ stores a job's options in its hash, in its own short names.
    const stored = JSON.parse((await client.hget(`bull:${queue.name}:${key}`, 'opts')) ?? '{}');
    expect(stored).toMatchObject({
      attempts: 5,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { age: 7_200 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  });
});

describe('webhookQueue() options', () => {
  it('refuses what BullMQ could not work with, naming the fix', () => {
    expect(() => webhookQueue({ connection: 'redis://127.0.0.1' as never })).toThrow(/new Redis\(url\)/);
    const prefixed = new Redis(redis.url, { keyPrefix: 'app:', lazyConnect: true });
    expect(() => webhookQueue({ connection: prefixed })).toThrow(/keyPrefix.*prefix/);
    const connection = new Redis(redis.url, { lazyConnect: true });
    expect(() => webhookQueue({ connection, name: 'a:b' })).toThrow(/name cannot contain ':'/);
    expect(() => webhookQueue({ connection, retention: { completed: 600 } })).toThrow(RangeError);
    expect(() => webhookQueue({ connection, retention: { completed: 600 } })).toThrow(/85 minutes/);
    expect(() => webhookQueue({ connection, attempts: 0 })).toThrow(/attempts/);
  });

  it('a worker given a misspelt event name does not start, and says which name', async () => {
    const errors: string[] = [];
    const queue = queueFor({ logger: { warn: () => {}, error: (m) => errors.push(m) } });
    const worker = queue.process({ on: { 'session.startd': () => {} } as never });
    await expect(worker.ready).rejects.toThrow(/"session\.startd" is not an event/);
    expect(errors.join('\n')).toContain('session.startd');
    expect(() => queue.process({ on: {}, concurrency: 0 })).toThrow(/concurrency/);
  });
});
