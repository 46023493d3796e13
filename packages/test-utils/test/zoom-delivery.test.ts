// The Zoom delivery simulator and the round-robin balancer, against real node:http servers: Zoom's
// retry schedule on a manual clock, the 3 s answer limit, replays byte for byte, and plans.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deliveryPlan,
  json,
  manualClock,
  sampleZoomEvent,
  scriptedServerPerTest,
  silence,
  startRoundRobin,
  startServer,
  type TestServer,
  ZOOM_RETRY_DELAYS_MS,
  zoomDeliverySimulator,
} from '../src/index.js';

const SECRET = 'simulator-secret';
const serve = scriptedServerPerTest();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('zoomDeliverySimulator', () => {
  it('signs each attempt as Zoom does and retries 5, 20 and 60 minutes after each failure, then gives up', async () => {
    const server = await serve(json(500, { error: 'down' }));
    const clock = manualClock(Date.UTC(2026, 0, 5, 10));
    const start = clock.now();
    const delivery = zoomDeliverySimulator({ secretToken: SECRET, url: server.baseUrl, clock }).deliver(
      sampleZoomEvent('session.started'),
    );
    for (const delay of ZOOM_RETRY_DELAYS_MS) {
      await clock.whenSleeping();
      await clock.advance(delay);
    }
    const outcome = await delivery.done;
    expect(outcome.acknowledged).toBe(false);
    expect(outcome.attempts.map((a) => (a.sentAt - start) / 60_000)).toEqual([0, 5, 25, 85]);
    expect(outcome.attempts.map((a) => a.status)).toEqual([500, 500, 500, 500]);
    expect(server.requests).toHaveLength(4);
    for (const [i, request] of server.requests.entries()) {
      const timestamp = String(Math.floor((outcome.attempts[i]?.sentAt ?? 0) / 1000));
      expect(request.headers['x-zm-request-timestamp']).toBe(timestamp);
      const mac = createHmac('sha256', SECRET).update(`v0:${timestamp}:${request.body}`).digest('hex');
      expect(request.headers['x-zm-signature']).toBe(`v0=${mac}`);
      expect(JSON.parse(request.body).event).toBe('session.started');
    }
  });

  it('stops at the first 2xx, and counts an answer later than answerWithin as a failure', async () => {
    const server = await serve(silence, json(200, {}));
    const clock = manualClock();
    const delivery = zoomDeliverySimulator({
      secretToken: SECRET,
      url: server.baseUrl,
      clock,
      answerWithin: 100,
    }).deliver(sampleZoomEvent('session.ended'));
    await clock.whenSleeping();
    await clock.advance(ZOOM_RETRY_DELAYS_MS[0] as number);
    const outcome = await delivery.done;
    expect(outcome.acknowledged).toBe(true);
    expect(outcome.attempts.map((a) => a.status ?? a.error)).toEqual(['no answer within 100 ms', 200]);
    expect(clock.sleeping).toBe(0);
  });

  it('replays the exact bytes and headers, and sends duplicates with a fresh download token', async () => {
    const server = await serve(json(200, {}));
    const zoom = zoomDeliverySimulator({ secretToken: SECRET, url: server.baseUrl });
    const event = sampleZoomEvent('session.recording_completed');
    const first = zoom.deliver(event);
    await zoom.replay(await first.firstSent);
    await zoom.duplicate(event).done;
    await first.done;
    const [original, replayed, duplicate] = server.requests;
    expect(replayed?.body).toBe(original?.body);
    expect(replayed?.headers['x-zm-signature']).toBe(original?.headers['x-zm-signature']);
    expect(JSON.parse(duplicate?.body ?? '{}').download_token).not.toBe(event.download_token);
    expect({ ...JSON.parse(duplicate?.body ?? '{}'), download_token: 'x' }).toEqual({ ...event, download_token: 'x' });
  });
});

describe('deliveryPlan', () => {
  it('delivers every event once, adds duplicates and replays after their event, reorders some', () => {
    const plan = deliveryPlan(1_000, { duplicates: 0.1, replays: 0.01, reorders: 0.05, seed: 9 });
    const first = plan.filter((s) => s.kind === 'deliver').map((s) => s.event);
    expect([...first].sort((a, b) => a - b)).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(first).not.toEqual([...first].sort((a, b) => a - b));
    const duplicates = plan.filter((s) => s.kind === 'duplicate').length;
    const replays = plan.filter((s) => s.kind === 'replay').length;
    expect(duplicates).toBeGreaterThan(60);
    expect(duplicates).toBeLessThan(140);
    expect(replays).toBeGreaterThan(2);
    expect(replays).toBeLessThan(25);
    for (const [position, step] of plan.entries()) {
      if (step.kind === 'deliver') continue;
      const delivered = plan.findIndex((s) => s.kind === 'deliver' && s.event === step.event);
      expect(delivered).toBeLessThan(position);
    }
    expect(deliveryPlan(50, { duplicates: 0.5, seed: 2 })).toEqual(deliveryPlan(50, { duplicates: 0.5, seed: 2 }));
  });
});

describe('startRoundRobin', () => {
  it('hands each new connection to the next backend', async () => {
    const backends: TestServer[] = [];
    for (let i = 0; i < 3; i++) {
      const backend = await startServer((_req, res) => res.end(String(i)));
      backends.push(backend);
      closers.push(() => backend.close());
    }
    const balancer = await startRoundRobin(backends.map((b) => b.baseUrl));
    closers.push(() => balancer.close());
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(balancer.url, { headers: { connection: 'close' } });
      answers.push(await response.text());
    }
    expect(answers).toEqual(['0', '1', '2', '0', '1', '2']);
    expect(balancer.connections).toEqual([2, 2, 2]);
  });
});
