import { checkFunction, checkNumber } from '@zoom-api/internal/checks';
import {
  type UnknownEventHandler,
  type WebhookDispatcher,
  type WebhookEventHandlers,
  webhookDispatcher,
} from './dispatch.js';
import { WebhookVerificationError } from './errors.js';
import { importHmacKey } from './hmac.js';
import { defaultEventIdentity, defaultOrderKey, hashKey, type KeyParts } from './identity.js';
import { checkSecretToken, checkTolerance } from './options.js';
import type { WebhookContext, WebhookQueue } from './queue.js';
import { BodyTooLargeError, readBodyWithin } from './read-body.js';
import { checkDedupe, createSeenSet, type DedupeOptions, type Outcome } from './seen-set.js';
import { answerUrlValidation, URL_VALIDATION_EVENT } from './url-validation.js';
import { type VerifiedWebhook, verifyWith } from './verify.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * 2 s: Zoom waits about 3 s for an answer, and a 503 it receives in time is retried 5 minutes later,
 * while an answer it stopped waiting for counts as a failure all the same.
 */
export const DEFAULT_ENQUEUE_TIMEOUT = 2_000;

interface CommonOptions {
  /** The app's Secret Token (Zoom app → Features → Access → Secret Token). */
  secretToken: string;
  /**
   * Called when a callback throws or rejects (answered 500, so Zoom retries), or when the queue
   * cannot take an event (answered 503). Defaults to `console.error` with the event name and the error.
   */
  onError?: ((error: unknown, event: VerifiedWebhook) => void) | undefined;
  /**
   * The values that identify an event: every delivery, retry or replay of one event must give the
   * same ones, two different events different ones. Hashed into `ctx.key`. Default
   * `defaultEventIdentity`: name, `event_ts`, account and the object's identifying fields.
   */
  identity?: ((event: VerifiedWebhook) => KeyParts | string) | undefined;
  /**
   * Events with the same order key are about one object, so that an older one (by `event_ts`) after
   * a newer one is flagged `ctx.stale`. Undefined: the event is not ordered. Default `defaultOrderKey`.
   */
  orderKey?: ((event: VerifiedWebhook) => KeyParts | string | undefined) | undefined;
  /**
   * The in-process seen-set: an event handled (or enqueued) already is acknowledged without running
   * again when it reaches this process again. Default `{ maxEntries: 10000, ttl: 7200 }`; false turns it off.
   */
  dedupe?: DedupeOptions | false | undefined;
  /** Largest accepted body in bytes; larger requests get 413 without being read further. Default 1 MiB. */
  maxBodyBytes?: number | undefined;
  /** Largest accepted clock difference in seconds. Default 300. */
  tolerance?: number | undefined;
  /** Current time in milliseconds since the epoch; defaults to `Date.now`. */
  now?: (() => number) | undefined;
}

/** Callbacks run in this process, before the answer. */
export interface InProcessHandlerOptions extends CommonOptions {
  on?: WebhookEventHandlers | undefined;
  onUnknown?: UnknownEventHandler | undefined;
  queue?: undefined;
  enqueueTimeout?: undefined;
}

/** Durable mode: events are enqueued and answered at once; workers (`queue.process({ on })`) run the callbacks. */
export interface QueuedHandlerOptions extends CommonOptions {
  queue: WebhookQueue;
  /** Milliseconds to wait for the queue before answering 503. Default 2,000. */
  enqueueTimeout?: number | undefined;
  on?: undefined;
  onUnknown?: undefined;
}

export type WebhookHandlerOptions = InProcessHandlerOptions | QueuedHandlerOptions;

export type { WebhookEventHandlers } from './dispatch.js';

/** A Web-standard request handler, usable as is in Deno, Bun, Cloudflare Workers and Next.js routes. */
export type WebhookHandler = (request: Request) => Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function failure(status: number, error: string, message: string, headers?: Record<string, string>): Response {
  return json(status, { error, message }, headers);
}

function defaultOnError(error: unknown, event: { event: string }): void {
  console.error(`@zoom-api/webhooks: the callback for "${event.event}" failed; answered 500 so Zoom retries.`, error);
}

function defaultOnQueueError(error: unknown, event: { event: string }): void {
  console.error(
    `@zoom-api/webhooks: could not enqueue "${event.event}"; answered 503 so Zoom retries it in 5 minutes.`,
    error,
  );
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms.`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function checkMaxBodyBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BODY_BYTES;
  return checkNumber('maxBodyBytes', value, { unit: 'bytes', min: 1, max: Number.MAX_SAFE_INTEGER, whole: true });
}

function checkQueue(options: WebhookHandlerOptions): WebhookQueue | undefined {
  const { queue } = options;
  if (queue === undefined) return undefined;
  if (queue === null || typeof (queue as Partial<WebhookQueue>).enqueue !== 'function') {
    throw new TypeError(
      "queue must be a WebhookQueue (an object with enqueue()), such as @zoom-api/redis's webhookQueue().",
    );
  }
  const { on, onUnknown } = options as { on?: unknown; onUnknown?: unknown };
  if (on !== undefined || onUnknown !== undefined) {
    throw new TypeError(
      `${on !== undefined ? 'on' : 'onUnknown'} cannot be combined with queue: with a queue the handler only enqueues, ` +
        'and workers run the callbacks. Pass them to queue.process({ on, onUnknown }) instead.',
    );
  }
  return queue;
}

/**
 * A handler for Zoom's event notifications: answers the endpoint URL validation challenge, verifies
 * every request, then either runs the event's callback before replying 200 (in-process), or, with a
 * `queue`, enqueues the event and replies 200 as soon as the queue holds it (durable mode).
 *
 * Each event is handled once per process: a delivery whose identity (`ctx.key`) was handled or
 * enqueued already is answered 200 without running again (the seen-set, see `dedupe`).
 *
 * Statuses: 405 for anything but POST, 413 over `maxBodyBytes`, 401 for a missing header, bad
 * signature or stale timestamp, 400 for a body that is not a JSON event, 500 when a callback throws
 * and 503 when the queue cannot take the event (the body names the event, never the error or the
 * secret; `onError` gets the error). A documented event without a callback, and an unknown one
 * without `onUnknown`, is acknowledged with 200.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  checkSecretToken(options.secretToken);
  const secretToken = options.secretToken;
  const queue = checkQueue(options);
  const dispatch: WebhookDispatcher | undefined = queue
    ? undefined
    : webhookDispatcher({ on: options.on, onUnknown: options.onUnknown });
  const now =
    options.now === undefined
      ? Date.now
      : checkFunction<() => number>('now', options.now, 'returning milliseconds since the epoch');
  const onError =
    options.onError === undefined
      ? queue
        ? defaultOnQueueError
        : defaultOnError
      : checkFunction<(error: unknown, event: VerifiedWebhook) => void>(
          'onError',
          options.onError,
          '(error, event) => void',
        );
  const identity =
    options.identity === undefined
      ? defaultEventIdentity
      : checkFunction<(event: VerifiedWebhook) => KeyParts | string>(
          'identity',
          options.identity,
          'event → the values that identify it',
        );
  const orderKey =
    options.orderKey === undefined
      ? defaultOrderKey
      : checkFunction<(event: VerifiedWebhook) => KeyParts | string | undefined>(
          'orderKey',
          options.orderKey,
          'event → the object it is about, or undefined',
        );
  const enqueueTimeout =
    queue && (options as QueuedHandlerOptions).enqueueTimeout !== undefined
      ? checkNumber('enqueueTimeout', (options as QueuedHandlerOptions).enqueueTimeout, {
          unit: 'milliseconds',
          min: 1,
          why: `default ${DEFAULT_ENQUEUE_TIMEOUT}, under the 3 s Zoom waits`,
        })
      : DEFAULT_ENQUEUE_TIMEOUT;
  const tolerance = checkTolerance(options.tolerance);
  const maxBodyBytes = checkMaxBodyBytes(options.maxBodyBytes);
  const seen = createSeenSet(checkDedupe(options.dedupe), now);
  let key: Promise<CryptoKey> | undefined;

  const reportError = (error: unknown, event: VerifiedWebhook) => {
    try {
      onError(error, event);
    } catch {
      // A failing error reporter must not turn a clean error answer into an unhandled rejection.
    }
  };

  const enqueue = async (event: VerifiedWebhook, eventKey: string, order: string | undefined): Promise<Outcome> => {
    try {
      const delivery = { key: eventKey, orderKey: order, event, receivedAt: now() };
      await withTimeout((queue as WebhookQueue).enqueue(delivery), enqueueTimeout, 'The queue');
      return { ok: true };
    } catch (err) {
      reportError(err, event);
      return { ok: false, status: 503, error: 'queue_unavailable', message: `"${event.event}" could not be queued.` };
    }
  };

  const runInline = async (event: VerifiedWebhook, ctx: WebhookContext): Promise<Outcome> => {
    try {
      await (dispatch as WebhookDispatcher)(event, ctx);
      return { ok: true };
    } catch (err) {
      reportError(err, event);
      return { ok: false, status: 500, error: 'handler_failed', message: `The callback for "${event.event}" failed.` };
    }
  };

  return async function handleZoomWebhook(request: Request): Promise<Response> {
    if (request.method !== 'POST') {
      return failure(405, 'method_not_allowed', 'Zoom sends webhook notifications as POST requests.', {
        allow: 'POST',
      });
    }

    let body: Uint8Array;
    try {
      body = await readBodyWithin(request, maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return failure(413, 'body_too_large', err.message);
      return failure(400, 'unreadable_body', 'The request body could not be read.');
    }

    key ??= importHmacKey(secretToken);
    let event: VerifiedWebhook;
    try {
      event = await verifyWith({ key: await key, headers: request.headers, body, tolerance, now });
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      return failure(err.reason === 'invalid_json' ? 400 : 401, err.reason, err.message);
    }

    if (event.event === URL_VALIDATION_EVENT) {
      const plainToken = (event.payload as { plainToken?: unknown } | undefined)?.plainToken;
      if (typeof plainToken !== 'string' || !plainToken) {
        return failure(400, 'invalid_json', `An ${URL_VALIDATION_EVENT} event needs a string payload.plainToken.`);
      }
      return json(200, await answerUrlValidation(plainToken, await key));
    }

    const eventKey = await hashKey(identity(event));
    const orderParts = orderKey(event);
    const order = orderParts === undefined ? undefined : await hashKey(orderParts);
    const outcome = await seen.once(eventKey, (attempt) => {
      if (queue) return enqueue(event, eventKey, order);
      const eventTs = event.event_ts;
      const stale = order !== undefined && typeof eventTs === 'number' && seen.isStale(order, eventTs);
      return runInline(event, { key: eventKey, attempt, stale });
    });
    if (outcome === 'duplicate' || outcome.ok) return new Response(null, { status: 200 });
    return failure(outcome.status, outcome.error, outcome.message);
  };
}
