import { WebhookVerificationError } from './errors.js';
import { isZoomWebhookEventName, type UnknownWebhookEvent } from './events.js';
import type { ZoomWebhookEventMap, ZoomWebhookEventName } from './generated/events.gen.js';
import { importHmacKey } from './hmac.js';
import { checkSecretToken, checkTolerance } from './options.js';
import { BodyTooLargeError, readBodyWithin } from './read-body.js';
import { answerUrlValidation, URL_VALIDATION_EVENT } from './url-validation.js';
import { type VerifiedWebhook, verifyWith } from './verify.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** One callback per event name; each receives that event's type. */
export type WebhookEventHandlers = {
  [K in ZoomWebhookEventName]?: (event: ZoomWebhookEventMap[K]) => void | Promise<void>;
};

export interface WebhookHandlerOptions {
  /** The app's Secret Token (Zoom app → Features → Access → Secret Token). */
  secretToken: string;
  on?: WebhookEventHandlers;
  /** Called for verified events whose name is not in Zoom's documents (e.g. added after this release). */
  onUnknown?: (event: UnknownWebhookEvent) => void | Promise<void>;
  /**
   * Called when a callback throws or rejects; the request is then answered 500 so that Zoom retries.
   * Defaults to `console.error` with the event name and the error.
   */
  onError?: (error: unknown, event: VerifiedWebhook | UnknownWebhookEvent) => void;
  /** Largest accepted body in bytes; larger requests get 413 without being read further. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Largest accepted clock difference in seconds. Default 300. */
  tolerance?: number;
  /** Current time in milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
}

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

function checkHandlers(on: unknown): WebhookEventHandlers {
  if (on === undefined) return {};
  if (on === null || typeof on !== 'object') throw new TypeError('on must be an object of event name → callback.');
  for (const [name, callback] of Object.entries(on)) {
    if (!isZoomWebhookEventName(name)) {
      throw new TypeError(
        `on["${name}"]: "${name}" is not an event in Zoom's Video SDK, Cobrowse SDK or Accounts webhook documents. ` +
          'Check the spelling, or handle events this package does not know with onUnknown.',
      );
    }
    if (typeof callback !== 'function') throw new TypeError(`on["${name}"] must be a function.`);
  }
  return on as WebhookEventHandlers;
}

function checkMaxBodyBytes(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BODY_BYTES;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`maxBodyBytes must be a positive whole number of bytes, got ${String(value)}.`);
  }
  return value;
}

/**
 * A handler for Zoom's event notifications: answers the endpoint URL validation challenge, verifies
 * every request, and calls the callback for its event before replying 200.
 *
 * Statuses: 405 for anything but POST, 413 over `maxBodyBytes`, 401 for a missing header, bad
 * signature or stale timestamp, 400 for a body that is not a JSON event, 500 when a callback throws
 * (the body names the event, never the error or the secret; `onError` gets the error). A documented
 * event without a callback, and an unknown one without `onUnknown`, is acknowledged with 200.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  checkSecretToken(options.secretToken);
  const secretToken = options.secretToken;
  const on = checkHandlers(options.on);
  const { onUnknown, onError = defaultOnError, now = Date.now } = options;
  const tolerance = checkTolerance(options.tolerance);
  const maxBodyBytes = checkMaxBodyBytes(options.maxBodyBytes);
  let key: Promise<CryptoKey> | undefined;

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

    try {
      if (isZoomWebhookEventName(event.event)) {
        const callback = on[event.event] as ((event: VerifiedWebhook) => void | Promise<void>) | undefined;
        await callback?.(event);
      } else {
        await onUnknown?.(event as UnknownWebhookEvent);
      }
    } catch (err) {
      try {
        onError(err, event);
      } catch {
        // A failing error reporter must not turn a clean 500 into an unhandled rejection.
      }
      return failure(500, 'handler_failed', `The callback for "${event.event}" failed.`);
    }
    return new Response(null, { status: 200 });
  };
}
