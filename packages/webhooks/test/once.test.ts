// Each event once, in order: the event identity, the in-process seen-set (duplicates, replays and
// Zoom's retries of one event run its callback once; a failed run is retried), the stale flag, and the
// handler's contract with a durable queue. Deliveries come from test-utils' Zoom simulator, which signs
// and retries as Zoom does, to a real node:http server.
import {
  deferred,
  deliveryPlan,
  manualClock,
  playDeliveryPlan,
  sampleZoomEvent,
  type ZoomEventBody,
  zoomDeliverySimulator,
  zoomHeaders,
} from '@zoom-api/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebhookHandler,
  DEDUPE_HORIZON_SECONDS,
  DEFAULT_SEEN_ENTRIES,
  defaultEventIdentity,
  defaultOrderKey,
  eventFamily,
  toNodeListener,
  type VerifiedWebhook,
  type WebhookContext,
  type WebhookDelivery,
  type WebhookHandlerOptions,
} from '../src/index.js';
import { SECRET, startServer, type TestServer } from './support.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(options: WebhookHandlerOptions): Promise<string> {
  server = await startServer(toNodeListener(createWebhookHandler(options)));
  return server.url;
}

/** A minute ago: recent, as Zoom's events are, and the same for every copy of event `i`. */
const BASE_TS = Date.now() - 60_000;

function numbered(i: number): ZoomEventBody {
  return sampleZoomEvent('session.started', {
    sessionId: `sess-${i}`,
    eventTs: BASE_TS + i,
    object: { session_name: `e${i}` },
  });
}

const asVerified = (event: ZoomEventBody) => event as unknown as VerifiedWebhook;

describe('the default event identity and order key', () => {
  it('is the same for two notifications of one recording that differ in their download token', () => {
    const first = sampleZoomEvent('session.recording_completed', { eventTs: 1_767_600_000_000 });
    const second = { ...first, download_token: 'another-token' };
    expect(first.download_token).not.toBe(second.download_token);
    expect(defaultEventIdentity(asVerified(second))).toEqual(defaultEventIdentity(asVerified(first)));
    expect(defaultEventIdentity(asVerified(first))).not.toContain(first.download_token);
  });

  it('differs when the time, the account or an identifying field differs', () => {
    const base = defaultEventIdentity(asVerified(sampleZoomEvent('session.user_joined', { eventTs: 1, userId: 'a' })));
    for (const other of [
      sampleZoomEvent('session.user_joined', { eventTs: 2, userId: 'a' }),
      sampleZoomEvent('session.user_joined', { eventTs: 1, userId: 'b' }),
      sampleZoomEvent('session.user_joined', { eventTs: 1, userId: 'a', accountId: 'other' }),
      sampleZoomEvent('session.user_joined', { eventTs: 1, userId: 'a', sessionId: 'other' }),
      sampleZoomEvent('session.user_left', { eventTs: 1, userId: 'a' }),
    ]) {
      expect(defaultEventIdentity(asVerified(other))).not.toEqual(base);
    }
    // Names and other descriptive fields are not part of it.
    const renamed = sampleZoomEvent('session.user_joined', { eventTs: 1, userId: 'a', object: { session_name: 'x' } });
    expect(defaultEventIdentity(asVerified(renamed))).toEqual(base);
  });

  it('groups events about one object into a family', () => {
    expect(eventFamily('session.user_joined')).toBe('session.user');
    expect(eventFamily('session.user_left')).toBe('session.user');
    expect(eventFamily('session.started')).toBe('session');
    expect(eventFamily('session.recording_completed')).toBe('session.recording');
    expect(eventFamily('account.settings_updated')).toBe('account.settings');
    const key = (name: string, userId: string) =>
      defaultOrderKey(asVerified(sampleZoomEvent(name, { userId, eventTs: Date.now() })));
    expect(key('session.user_left', 'ada')).toEqual(key('session.user_joined', 'ada'));
    expect(key('session.user_left', 'bob')).not.toEqual(key('session.user_joined', 'ada'));
    expect(key('session.started', 'ada')).not.toEqual(key('session.user_joined', 'ada'));
    expect(defaultOrderKey({ event: 'some.new_event' })).toBeUndefined();
  });
});

describe('the in-process handler runs each event once', () => {
  it('duplicates, replays and resends of one event run its callback once', async () => {
    const runs = new Map<string, number>();
    const url = await serve({
      secretToken: SECRET,
      on: {
        'session.started': (event) => {
          const id = event.payload.object.session_name;
          runs.set(id, (runs.get(id) ?? 0) + 1);
        },
      },
    });
    const count = 40;
    const events = Array.from({ length: count }, (_, i) => numbered(i));
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url });
    const played = await playDeliveryPlan(
      zoom,
      events,
      deliveryPlan(count, { duplicates: 0.3, replays: 0.3, seed: 3 }),
      {
        perSecond: 500,
      },
    );
    const resent = await zoom.deliver(events[0] as ZoomEventBody).done;
    expect(played.duplicates.length + played.replays.length).toBeGreaterThan(10);
    const statuses = [...played.deliveries, ...played.duplicates].flatMap((d) => d.attempts.map((a) => a.status));
    expect(new Set([...statuses, ...played.replays.map((r) => r.status), resent.attempts[0]?.status])).toEqual(
      new Set([200]),
    );
    expect(runs.size).toBe(count);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });

  it('a callback that threw runs again on Zoom’s retry, with ctx.attempt 2, and never after it succeeded', async () => {
    const clock = manualClock();
    const contexts: WebhookContext[] = [];
    const errors: unknown[] = [];
    const url = await serve({
      secretToken: SECRET,
      now: clock.now,
      onError: (error) => errors.push(error),
      on: {
        'session.started': (_event, ctx) => {
          contexts.push(ctx);
          if (ctx.attempt === 1) throw new Error('downstream unavailable');
        },
      },
    });
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url, clock });
    const event = numbered(1);
    const delivery = zoom.deliver(event);
    await clock.whenSleeping();
    expect(delivery.attempts.map((a) => a.status)).toEqual([500]);
    await clock.advance(5 * 60_000);
    expect((await delivery.done).attempts.map((a) => a.status)).toEqual([500, 200]);
    expect((await zoom.duplicate(event).done).acknowledged).toBe(true);
    expect(contexts.map((c) => c.attempt)).toEqual([1, 2]);
    expect(contexts[0]?.key).toBe(contexts[1]?.key);
    expect(contexts[0]?.key).toMatch(/^[0-9a-f]{64}$/);
    expect((errors[0] as Error).message).toBe('downstream unavailable');
  });

  it('a copy that arrives while the first is running waits for it and gets the same answer', async () => {
    const gate = deferred();
    const running = deferred();
    let runs = 0;
    const url = await serve({
      secretToken: SECRET,
      on: {
        'session.started': async () => {
          runs++;
          running.resolve();
          await gate.promise;
        },
      },
    });
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url });
    const first = zoom.deliver(numbered(1));
    await running.promise;
    const replay = zoom.replay(await first.firstSent);
    const duplicate = zoom.duplicate(numbered(1));
    gate.resolve();
    expect((await replay).status).toBe(200);
    expect((await duplicate.done).attempts.map((a) => a.status)).toEqual([200]);
    expect((await first.done).acknowledged).toBe(true);
    expect(runs).toBe(1);
  });

  it('forgets beyond maxEntries and after ttl, and not at all with dedupe: false', async () => {
    const clock = manualClock();
    const count = (options: Partial<WebhookHandlerOptions>) => {
      let runs = 0;
      const handler = createWebhookHandler({
        secretToken: SECRET,
        now: clock.now,
        on: { 'session.started': () => void runs++ },
        ...options,
      } as WebhookHandlerOptions);
      return { handler, runs: () => runs };
    };
    const send = async (handler: (request: Request) => Promise<Response>, event: ZoomEventBody) => {
      const body = JSON.stringify(event);
      const response = await handler(
        new Request('http://localhost/', { method: 'POST', headers: zoomHeaders(SECRET, body, clock.now()), body }),
      );
      expect(response.status).toBe(200);
    };

    expect(DEFAULT_SEEN_ENTRIES).toBe(10_000);
    const off = count({ dedupe: false });
    await send(off.handler, numbered(1));
    await send(off.handler, numbered(1));
    expect(off.runs()).toBe(2);

    const small = count({ dedupe: { maxEntries: 2 } });
    for (const i of [1, 2, 3, 1]) await send(small.handler, numbered(i));
    expect(small.runs(), 'event 1 was pushed out by 2 and 3').toBe(4);
    await send(small.handler, numbered(3));
    expect(small.runs(), 'event 3 is still remembered').toBe(4);

    // By default, the last DEFAULT_SEEN_ENTRIES keys: the first event is forgotten only after that many others.
    const bounded = count({});
    for (let i = 0; i <= DEFAULT_SEEN_ENTRIES; i++) await send(bounded.handler, numbered(i));
    await send(bounded.handler, numbered(1));
    expect(bounded.runs()).toBe(DEFAULT_SEEN_ENTRIES + 1);
    await send(bounded.handler, numbered(0));
    expect(bounded.runs()).toBe(DEFAULT_SEEN_ENTRIES + 2);

    const byDefault = count({});
    const event = numbered(1);
    await send(byDefault.handler, event);
    await clock.advance((DEDUPE_HORIZON_SECONDS - 1) * 1000);
    await send(byDefault.handler, event);
    expect(byDefault.runs()).toBe(1);
    await clock.advance(2000);
    await send(byDefault.handler, event);
    expect(byDefault.runs(), 'remembered for DEDUPE_HORIZON_SECONDS').toBe(2);
  });

  it('flags a leave older than the join already handled as stale', async () => {
    const seen: string[] = [];
    const record = (event: { event: string; payload: { object: { user: { id: string } } } }, ctx: WebhookContext) =>
      void seen.push(`${event.event} ${event.payload.object.user.id}${ctx.stale ? ' stale' : ''}`);
    const url = await serve({
      secretToken: SECRET,
      on: { 'session.user_joined': record, 'session.user_left': record },
    });
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url });
    const t = Date.now() - 10_000;
    for (const event of [
      sampleZoomEvent('session.user_left', { userId: 'ada', eventTs: t }),
      sampleZoomEvent('session.user_joined', { userId: 'ada', eventTs: t + 2 }),
      sampleZoomEvent('session.user_left', { userId: 'ada', eventTs: t + 1 }),
      sampleZoomEvent('session.user_left', { userId: 'bob', eventTs: t }),
    ]) {
      expect((await zoom.deliver(event).done).acknowledged).toBe(true);
    }
    expect(seen).toEqual([
      'session.user_left ada',
      'session.user_joined ada',
      'session.user_left ada stale',
      'session.user_left bob',
    ]);
  });

  it('takes an identity and an order key of your own', async () => {
    const contexts: WebhookContext[] = [];
    const url = await serve({
      secretToken: SECRET,
      // One run per session, whatever the event's time.
      identity: (event) => [(event.payload as { object: { session_id: string } }).object.session_id],
      orderKey: () => undefined,
      on: { 'session.started': (_event, ctx) => void contexts.push(ctx) },
    });
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url });
    const newer = sampleZoomEvent('session.started', { sessionId: 's', eventTs: Date.now() });
    const older = sampleZoomEvent('session.started', { sessionId: 's', eventTs: Date.now() - 5_000 });
    for (const event of [newer, older]) expect((await zoom.deliver(event).done).acknowledged).toBe(true);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]?.stale).toBe(false);
    expect(() => createWebhookHandler({ secretToken: SECRET, identity: 'session_id' as never })).toThrow(
      /identity must be a function/,
    );
    expect(() => createWebhookHandler({ secretToken: SECRET, dedupe: 10 as never })).toThrow(
      /dedupe must be an object/,
    );
  });
});

describe('createWebhookHandler({ queue })', () => {
  function queueOf(enqueue: (delivery: WebhookDelivery) => Promise<void>) {
    const deliveries: WebhookDelivery[] = [];
    return {
      deliveries,
      queue: {
        enqueue: async (delivery: WebhookDelivery) => {
          await enqueue(delivery);
          deliveries.push(delivery);
        },
      },
    };
  }

  it('enqueues each event once with its key and order key, and answers 200 when the queue has it', async () => {
    const { queue, deliveries } = queueOf(async () => {});
    const url = await serve({ secretToken: SECRET, queue });
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url });
    const event = sampleZoomEvent('session.user_joined', { eventTs: Date.now() });
    const first = zoom.deliver(event);
    expect((await first.done).attempts.map((a) => a.status)).toEqual([200]);
    expect((await zoom.replay(await first.firstSent)).status).toBe(200);
    expect((await zoom.duplicate(event).done).acknowledged).toBe(true);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.event).toEqual(event);
    expect(deliveries[0]?.key).toMatch(/^[0-9a-f]{64}$/);
    expect(deliveries[0]?.orderKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 503 when the queue refuses or does not answer in time, and enqueues on Zoom’s retry', async () => {
    const clock = manualClock();
    let mode: 'refuse' | 'hang' | 'take' = 'refuse';
    const { queue, deliveries } = queueOf(() =>
      mode === 'refuse'
        ? Promise.reject(new Error('Redis is down'))
        : mode === 'hang'
          ? new Promise(() => {})
          : Promise.resolve(),
    );
    const errors: string[] = [];
    const url = await serve({
      secretToken: SECRET,
      queue,
      now: clock.now,
      enqueueTimeout: 50,
      onError: (error) => errors.push((error as Error).message),
    });
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url, clock });
    const delivery = zoom.deliver(numbered(1));
    await clock.whenSleeping();
    mode = 'hang';
    await clock.advance(5 * 60_000);
    await clock.whenSleeping();
    mode = 'take';
    await clock.advance(20 * 60_000);
    const outcome = await delivery.done;
    expect(outcome.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(errors).toEqual(['Redis is down', 'The queue did not finish within 50 ms.']);
    expect(deliveries).toHaveLength(1);
  });

  it('refuses callbacks beside a queue: workers run them', () => {
    const queue = { enqueue: async () => {} };
    expect(() =>
      createWebhookHandler({ secretToken: SECRET, queue, on: { 'session.started': () => {} } } as never),
    ).toThrow(/queue\.process\(\{ on, onUnknown \}\)/);
    expect(() => createWebhookHandler({ secretToken: SECRET, queue: {} as never })).toThrow(/enqueue/);
  });
});
