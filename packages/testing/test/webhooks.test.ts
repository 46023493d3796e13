// Webhooks from the fake, received by @zoom-api/webhooks' own handler on a real node:http server: signed so
// that it verifies them, the endpoint URL validation challenge, Zoom's retry schedule on a manual clock, the
// 3-second answer limit, and a valid event for every documented name.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookHandler, toNodeListener, verifyWebhook, zoomWebhookEvents } from '@zoom-api/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { eventDocuments } from '../src/generated/routes.gen.js';
import {
  createFakeZoom,
  createManualClock,
  type FakeZoom,
  type ManualClock,
  ZOOM_RETRY_SCHEDULE_MS,
} from '../src/index.js';
import { loadDocument } from '../src/model/routes.js';
import { validatorFor } from '../src/validation/validator.js';

const SECRET = 'the-apps-secret-token';
let zoom: FakeZoom | undefined;
let server: Server | undefined;

afterEach(async () => {
  await zoom?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
  zoom = undefined;
  server = undefined;
});

async function listen(listener: RequestListener): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/zoom/webhooks`;
}

/** An endpoint as an app builds it with @zoom-api/webhooks; records what its callbacks got. */
async function endpoint() {
  const received: unknown[] = [];
  const url = await listen(
    toNodeListener(
      createWebhookHandler({
        secretToken: SECRET,
        on: { 'session.started': (event) => void received.push(event) },
      }),
    ),
  );
  return { url, received };
}

/** Resolves once the clock has a sleep of `ms` waiting (the code under test reached that wait). */
async function waitingFor(clock: ManualClock, ms: number): Promise<void> {
  while (!clock.waits.includes(ms)) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('zoom.deliver', () => {
  it('sends the event signed as Zoom signs it, and the app’s handler verifies and dispatches it', async () => {
    zoom = await createFakeZoom();
    const { url, received } = await endpoint();
    const event = await zoom.webhookEvent('session.started', { payload: { object: { session_name: 'Standup' } } });
    const delivery = await zoom.deliver(url, event, { secretToken: SECRET });
    expect(delivery.delivered).toBe(true);
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]?.status).toBe(200);
    expect(received).toEqual([event]);
    expect(event.payload.object.session_name).toBe('Standup');
  });

  it('is refused by an endpoint with another secret token, and by one that finds the timestamp stale', async () => {
    zoom = await createFakeZoom();
    const { url, received } = await endpoint();
    const event = await zoom.webhookEvent('session.started');
    const forged = await zoom.deliver(url, event, { secretToken: 'another-secret' });
    expect([forged.delivered, forged.attempts[0]?.status]).toEqual([false, 401]);
    const old = await zoom.deliver(url, event, {
      secretToken: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 3_600,
    });
    expect([old.delivered, old.attempts[0]?.status]).toEqual([false, 401]);
    expect(old.attempts[0]?.body).toContain('stale_timestamp');
    expect(received).toEqual([]);
  });

  it("retries a failing endpoint after 5, 20 and 60 minutes on the fake's clock", async () => {
    const clock = createManualClock(Date.UTC(2024, 0, 1));
    zoom = await createFakeZoom({ clock });
    let answered = 0;
    const url = await listen((_req, res) => {
      answered++;
      res.writeHead(answered < 3 ? 500 : 204).end();
    });
    const delivering = zoom.deliver(url, await zoom.webhookEvent('session.ended'), {
      secretToken: SECRET,
      retry: true,
    });
    const [five, twenty] = ZOOM_RETRY_SCHEDULE_MS as [number, number, number];
    await waitingFor(clock, five);
    await clock.advance(five);
    await waitingFor(clock, twenty);
    await clock.advance(twenty);
    const delivery = await delivering;
    expect(delivery.delivered).toBe(true);
    const start = Date.UTC(2024, 0, 1);
    expect(delivery.attempts.map((a) => [a.at - start, a.status])).toEqual([
      [0, 500],
      [five, 500],
      [five + twenty, 204],
    ]);
  });

  it('counts an endpoint that does not answer within 3 seconds as failed, and gives up after the schedule', async () => {
    const clock = createManualClock();
    zoom = await createFakeZoom({ clock });
    const url = await listen(() => {
      // Never answers.
    });
    const delivering = zoom.deliver(url, await zoom.webhookEvent('session.ended'), {
      secretToken: SECRET,
      retry: [1_000],
    });
    await waitingFor(clock, 3_000);
    await clock.advance(3_000);
    await waitingFor(clock, 1_000);
    await clock.advance(1_000);
    await waitingFor(clock, 3_000);
    await clock.advance(3_000);
    const delivery = await delivering;
    expect(delivery).toMatchObject({
      delivered: false,
      attempts: [{ error: 'no answer within 3 s' }, { error: 'no answer within 3 s' }],
    });
  });

  it('refuses bad arguments before sending', async () => {
    zoom = await createFakeZoom();
    const event = await zoom.webhookEvent('session.started');
    await expect(zoom.deliver('not a url', event, { secretToken: SECRET })).rejects.toThrow(
      /url must be the endpoint's absolute/,
    );
    await expect(zoom.deliver('http://127.0.0.1:9/', event, { secretToken: '' })).rejects.toThrow(
      /secretToken must be/,
    );
  });
});

describe('zoom.validateEndpoint', () => {
  it("passes an endpoint that answers Zoom's challenge (the app's handler does)", async () => {
    zoom = await createFakeZoom();
    const { url } = await endpoint();
    expect(await zoom.validateEndpoint(url, { secretToken: SECRET })).toEqual({ valid: true, status: 200 });
    expect(await zoom.validateEndpoint(url, { secretToken: 'another-secret' })).toMatchObject({
      valid: false,
      status: 401,
    });
  });

  it('fails an endpoint whose answer is wrong, saying why', async () => {
    zoom = await createFakeZoom();
    const url = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const { payload } = JSON.parse(body);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ plainToken: payload.plainToken, encryptedToken: 'not-the-hmac' }));
      });
    });
    expect(await zoom.validateEndpoint(url, { secretToken: SECRET })).toEqual({
      valid: false,
      status: 200,
      reason: 'encryptedToken is not the HMAC-SHA256 of plainToken keyed by the secret token',
    });
  });
});

describe('zoom.webhookEvent', () => {
  it('makes every documented event, valid against its document, named, stamped, the same for the same seed', async () => {
    zoom = await createFakeZoom({ seed: 3 });
    const twin = await createFakeZoom({ seed: 3 });
    const invalid: string[] = [];
    try {
      for (const name of zoomWebhookEvents) {
        const event = await zoom.webhookEvent(name);
        expect(event.event).toBe(name);
        expect(typeof event.event_ts).toBe('number');
        expect({ ...(await twin.webhookEvent(name)), event_ts: 0 }).toEqual({ ...event, event_ts: 0 });
        const model = (await loadDocument(eventDocuments[name] as string)).events.find((e) => e.name === name);
        if (!validatorFor(model?.schema ?? {}, false)(event)) invalid.push(name);
      }
    } finally {
      await twin.close();
    }
    expect(zoomWebhookEvents.length).toBeGreaterThan(40);
    // No value satisfies these two schemas: one requires payload.object.id but allows no property it does not
    // list, and lists no id; the other has an `enum` of words on an array (language_interpretation.languages).
    expect(invalid.sort()).toEqual(['account.settings_updated', 'information_barriers.policy_updated']);
  });

  it('lays overrides over the sample, at any depth', async () => {
    zoom = await createFakeZoom();
    const plain = await zoom.webhookEvent('session.started');
    const event = await zoom.webhookEvent('session.started', { payload: { object: { session_id: 'mine' } } });
    expect(event.payload.object).toEqual({ ...plain.payload.object, session_id: 'mine' });
    await expect(zoom.webhookEvent('session.nope' as 'session.started')).rejects.toThrow(
      /'session\.nope' is not an event/,
    );
  });

  it('verifies with @zoom-api/webhooks when signed with zoomSignature, byte for byte', async () => {
    const { zoomSignature } = await import('../src/index.js');
    const body = JSON.stringify({ event: 'session.started', event_ts: 1, payload: {} });
    const timestamp = Math.floor(Date.now() / 1000);
    const verified = await verifyWebhook({
      secretToken: SECRET,
      body,
      headers: {
        'x-zm-signature': zoomSignature(SECRET, timestamp, body),
        'x-zm-request-timestamp': String(timestamp),
      },
    });
    expect(verified.event).toBe('session.started');
  });
});
