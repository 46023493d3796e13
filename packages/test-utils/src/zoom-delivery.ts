// A stand-in for Zoom's webhook delivery, for tests and the bench: it signs each request as Zoom does,
// waits at most 3 s for an answer, retries anything but a 2xx 5, 20 and 60 minutes later on an
// injectable clock, and can send a second notification of an event (a duplicate), resend a signed
// request byte for byte (a replay) and send events out of order.
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { type Clock, systemClock } from './clock.js';

/** Zoom's waits before its three retries of an unacknowledged notification. */
export const ZOOM_RETRY_DELAYS_MS: readonly number[] = [5 * 60_000, 20 * 60_000, 60 * 60_000];
/** How long Zoom waits for an answer before it counts the attempt as failed. */
export const ZOOM_ANSWER_WITHIN_MS = 3_000;

export type ZoomEventBody = { event: string; event_ts: number; [field: string]: unknown };

export interface DeliveryAttempt {
  /** On the simulator's clock, milliseconds since the epoch. */
  sentAt: number;
  body: string;
  headers: Record<string, string>;
  /** The status answered; undefined when there was no answer within `answerWithin` or the connection failed. */
  status?: number;
  error?: string;
  /** Real milliseconds from sending the request to the response's status line (or to the failure). */
  ackMs: number;
}

export interface DeliveryOutcome {
  /** Answered 2xx by one of the attempts. */
  acknowledged: boolean;
  attempts: DeliveryAttempt[];
}

export interface Delivery {
  event: ZoomEventBody;
  /** Every attempt so far, the first one included. */
  attempts: DeliveryAttempt[];
  /** The first attempt, as soon as it has been sent (for replays of its exact bytes). */
  firstSent: Promise<DeliveryAttempt>;
  /** Settles when an attempt was acknowledged, or after the last retry failed. */
  done: Promise<DeliveryOutcome>;
}

export interface ZoomDeliveryOptions {
  /** The app's secret token: every request is signed with it. */
  secretToken: string;
  /** Where the notifications go (the endpoint URL of the app's event subscription). */
  url: string;
  /** Times the signatures and the waits between retries. Default: the real clock. */
  clock?: Clock;
  /** Milliseconds to wait for an answer. Default 3,000. */
  answerWithin?: number;
  /** Waits before each retry. Default 5, 20 and 60 minutes. */
  retryDelays?: readonly number[];
}

export interface ZoomDeliverySimulator {
  /** Sends one notification of `event`, retrying on Zoom's schedule until a 2xx or the retries run out. */
  deliver(event: ZoomEventBody): Delivery;
  /** Another notification of the same event (as Zoom sometimes sends): a fresh `download_token` if it has one. */
  duplicate(event: ZoomEventBody): Delivery;
  /** Sends the exact bytes and headers of an earlier attempt once more, once, without retries. */
  replay(attempt: DeliveryAttempt): Promise<DeliveryAttempt>;
}

/** Zoom's signature: `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{body}`). */
export function zoomSignature(secretToken: string, timestamp: string | number, body: string): string {
  return `v0=${createHmac('sha256', secretToken).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The headers of a notification of `body` sent at `atMs`. */
export function zoomHeaders(secretToken: string, body: string, atMs: number): Record<string, string> {
  const timestamp = String(Math.floor(atMs / 1000));
  return {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'Zoom Marketplace/1.0a',
    'x-zm-request-timestamp': timestamp,
    'x-zm-signature': zoomSignature(secretToken, timestamp, body),
  };
}

/** One POST with a fresh connection; never rejects: failures are recorded in the attempt. */
function post(url: string, attempt: DeliveryAttempt, answerWithin: number): Promise<DeliveryAttempt> {
  return new Promise((resolve) => {
    const started = performance.now();
    const body = Buffer.from(attempt.body);
    let settled = false;
    const finish = (status: number | undefined, error?: string) => {
      if (settled) return;
      settled = true;
      attempt.ackMs = performance.now() - started;
      if (status !== undefined) attempt.status = status;
      if (error !== undefined) attempt.error = error;
      resolve(attempt);
    };
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { ...attempt.headers, 'content-length': String(body.length) },
    });
    const timer = setTimeout(() => {
      finish(undefined, `no answer within ${answerWithin} ms`);
      req.destroy();
    }, answerWithin);
    req.on('response', (res) => {
      clearTimeout(timer);
      finish(res.statusCode);
      res.resume();
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      finish(undefined, error.message);
    });
    req.end(body);
  });
}

const acknowledged = (attempt: DeliveryAttempt) =>
  attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300;

export function zoomDeliverySimulator(options: ZoomDeliveryOptions): ZoomDeliverySimulator {
  const clock = options.clock ?? systemClock;
  const answerWithin = options.answerWithin ?? ZOOM_ANSWER_WITHIN_MS;
  const retryDelays = options.retryDelays ?? ZOOM_RETRY_DELAYS_MS;

  const signed = (body: string): DeliveryAttempt => {
    const sentAt = clock.now();
    return { sentAt, body, headers: zoomHeaders(options.secretToken, body, sentAt), ackMs: Number.NaN };
  };

  const deliver = (event: ZoomEventBody): Delivery => {
    const body = JSON.stringify(event);
    const attempts: DeliveryAttempt[] = [];
    let markSent: (attempt: DeliveryAttempt) => void = () => {};
    const firstSent = new Promise<DeliveryAttempt>((resolve) => {
      markSent = resolve;
    });
    const done = (async (): Promise<DeliveryOutcome> => {
      for (let retry = 0; ; retry++) {
        // Zoom signs every attempt anew, with the time it is sent.
        const attempt = signed(body);
        attempts.push(attempt);
        if (retry === 0) markSent(attempt);
        await post(options.url, attempt, answerWithin);
        if (acknowledged(attempt)) return { acknowledged: true, attempts };
        const delay = retryDelays[retry];
        if (delay === undefined) return { acknowledged: false, attempts };
        await clock.sleep(delay);
      }
    })();
    return { event, attempts, firstSent, done };
  };

  return {
    deliver,
    duplicate(event) {
      const copy = { ...event };
      if (typeof copy.download_token === 'string') copy.download_token = randomBytes(24).toString('base64url');
      return deliver(copy);
    },
    replay(attempt) {
      return post(options.url, { ...attempt, headers: { ...attempt.headers }, ackMs: Number.NaN }, answerWithin);
    },
  };
}

/** One step of a delivery plan: a first notification, a second one of the same event, or a replay of the first. */
export type PlanStep = { kind: 'deliver' | 'duplicate' | 'replay'; event: number };

export interface PlanOptions {
  /** Share of events that get a second notification, later in the plan. */
  duplicates?: number;
  /** Share of events whose first request is replayed byte for byte, later in the plan. */
  replays?: number;
  /** Share of events delivered right after the one that follows them (out of `event_ts` order). */
  reorders?: number;
  /** How many steps later a duplicate or replay comes at most. Default 50. */
  spread?: number;
  seed?: number;
}

/** mulberry32: deterministic, so a plan can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The order in which `count` events reach the endpoint: each once, in order except for `reorders`,
 * plus the duplicates and replays, each a few steps after its event's first notification.
 */
export function deliveryPlan(count: number, options: PlanOptions = {}): PlanStep[] {
  const random = seededRandom(options.seed ?? 1);
  const spread = options.spread ?? 50;
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i + 1 < order.length; i++) {
    if (random() < (options.reorders ?? 0)) {
      [order[i], order[i + 1]] = [order[i + 1] as number, order[i] as number];
      i++;
    }
  }
  const steps: PlanStep[] = order.map((event) => ({ kind: 'deliver', event }));
  const extras: { at: number; step: PlanStep }[] = [];
  order.forEach((event, position) => {
    const later = () => position + 1 + Math.floor(random() * spread);
    if (random() < (options.duplicates ?? 0)) extras.push({ at: later(), step: { kind: 'duplicate', event } });
    if (random() < (options.replays ?? 0)) extras.push({ at: later(), step: { kind: 'replay', event } });
  });
  // Insert from the back so that earlier positions stay valid.
  extras.sort((a, b) => b.at - a.at);
  for (const { at, step } of extras) steps.splice(Math.min(at, steps.length), 0, step);
  return steps;
}

export interface PlayResult {
  /** Per event, its first notification (and retries). */
  deliveries: Delivery[];
  duplicates: Delivery[];
  replays: DeliveryAttempt[];
}

/**
 * Sends a plan at a steady `perSecond` (as Zoom sends when events happen, whether or not earlier
 * requests have been answered) and waits until every delivery is acknowledged or out of retries.
 */
export async function playDeliveryPlan(
  simulator: ZoomDeliverySimulator,
  events: readonly ZoomEventBody[],
  plan: readonly PlanStep[],
  { perSecond, onProgress }: { perSecond: number; onProgress?: (sent: number) => void },
): Promise<PlayResult> {
  const deliveries: Delivery[] = [];
  const duplicates: Delivery[] = [];
  const replays: Promise<DeliveryAttempt>[] = [];
  const start = performance.now();
  for (const [index, step] of plan.entries()) {
    const wait = start + (index * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const event = events[step.event] as ZoomEventBody;
    if (step.kind === 'deliver') deliveries[step.event] = simulator.deliver(event);
    else if (step.kind === 'duplicate') duplicates.push(simulator.duplicate(event));
    else {
      const original = deliveries[step.event];
      if (original) replays.push(original.firstSent.then((attempt) => simulator.replay(attempt)));
    }
    onProgress?.(index + 1);
  }
  await Promise.all([...deliveries, ...duplicates].map((d) => d?.done));
  return { deliveries, duplicates, replays: await Promise.all(replays) };
}

export interface SampleEventFields {
  accountId?: string;
  sessionId?: string;
  userId?: string;
  eventTs?: number;
  /** Extra fields of `payload.object`. */
  object?: Record<string, unknown>;
}

/**
 * A plausible body of one of Zoom's Video SDK events: `session.started` / `session.ended`,
 * `session.user_joined` / `session.user_left` (with `user`), `session.recording_completed` (with a
 * `download_token`, fresh per call). Shapes follow Zoom's event documents; values are made up.
 */
export function sampleZoomEvent(name: string, fields: SampleEventFields = {}): ZoomEventBody {
  const sessionId = fields.sessionId ?? 'sess-AbC123==';
  const object: Record<string, unknown> = {
    id: `legacy-${sessionId}`,
    session_id: sessionId,
    session_name: 'standup',
    session_key: 'standup-key',
    ...(name === 'session.started' || name === 'session.recording_completed'
      ? { start_time: '2026-01-05T10:00:00Z' }
      : {}),
    ...(name.startsWith('session.user_')
      ? {
          user: {
            id: fields.userId ?? '16778240',
            name: 'Ada',
            participant_uuid: `uuid-${fields.userId ?? '16778240'}`,
            ...(name === 'session.user_left'
              ? { leave_time: '2026-01-05T10:30:00Z' }
              : { join_time: '2026-01-05T10:01:00Z' }),
          },
        }
      : {}),
    ...(name === 'session.recording_completed'
      ? { timezone: 'UTC', recording_files: [{ id: 'file-1', file_type: 'MP4' }] }
      : {}),
    ...fields.object,
  };
  return {
    event: name,
    event_ts: fields.eventTs ?? Date.now(),
    ...(name === 'session.recording_completed' ? { download_token: randomBytes(24).toString('base64url') } : {}),
    payload: { account_id: fields.accountId ?? 'acct-Zx9', object },
  };
}
