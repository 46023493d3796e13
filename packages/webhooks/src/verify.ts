import { WebhookVerificationError } from './errors.js';
import { isZoomWebhookEventName, type UnknownWebhookEvent } from './events.js';
import type { ZoomWebhookEvent } from './generated/events.gen.js';
import { type HeadersLike, readHeader } from './headers.js';
import { concatBytes, hexToBytes, hmacVerify, importHmacKey, toBytes } from './hmac.js';
import { checkRawBody, checkSecretToken, checkTolerance } from './options.js';
import { URL_VALIDATION_EVENT, type UrlValidationEvent } from './url-validation.js';

export const SIGNATURE_HEADER = 'x-zm-signature';
export const TIMESTAMP_HEADER = 'x-zm-request-timestamp';

/** The raw request body exactly as received: re-serialised JSON would not match the signature. */
export type RawBody = string | Uint8Array | ArrayBuffer;

/** A documented event, or Zoom's endpoint URL validation challenge. */
export type KnownWebhookEvent = ZoomWebhookEvent | UrlValidationEvent;

/**
 * What a verified request contains: a documented event, Zoom's endpoint URL validation challenge, or an
 * event outside the documents (returned as parsed, not refused). Narrow with `isKnownWebhookEvent()`
 * before switching on `event`.
 */
export type VerifiedWebhook = KnownWebhookEvent | UnknownWebhookEvent;

/** Whether a verified event is a documented one (or the URL validation challenge), by its name. */
export function isKnownWebhookEvent(event: VerifiedWebhook): event is KnownWebhookEvent {
  return event.event === URL_VALIDATION_EVENT || isZoomWebhookEventName(event.event);
}

export interface VerifyWebhookOptions {
  /** The app's Secret Token (Zoom app → Features → Access → Secret Token). */
  secretToken: string;
  headers: HeadersLike;
  body: RawBody;
  /** Largest accepted difference, in seconds, between the request's timestamp and now. Default 300. */
  tolerance?: number | undefined;
  /** Current time in milliseconds since the epoch; defaults to `Date.now`. */
  now?: (() => number) | undefined;
}

/** Options after checking; `key` lets a long-lived handler import the secret once. */
export interface VerifyInput {
  key: CryptoKey;
  headers: HeadersLike;
  body: RawBody;
  tolerance: number;
  now: () => number;
}

const SIGNATURE_FORMAT = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP_FORMAT = /^\d{1,15}$/;
const encoder = new TextEncoder();

/**
 * Checks that a request really comes from Zoom and is fresh, then returns its parsed body.
 *
 * The signature is `v0=` + hex HMAC-SHA256(secretToken, `v0:{x-zm-request-timestamp}:{raw body}`),
 * compared in constant time. Throws `WebhookVerificationError` (`missing_header`, `bad_signature`,
 * `stale_timestamp`, `invalid_json`). The body is not validated against the documented schema: the
 * type is what Zoom documents, and events Zoom adds later arrive with names outside the union.
 */
export async function verifyWebhook(options: VerifyWebhookOptions): Promise<VerifiedWebhook> {
  checkSecretToken(options.secretToken);
  checkRawBody(options.body);
  return verifyWith({
    key: await importHmacKey(options.secretToken),
    headers: options.headers,
    body: options.body,
    tolerance: checkTolerance(options.tolerance),
    now: options.now ?? Date.now,
  });
}

export async function verifyWith({ key, headers, body, tolerance, now }: VerifyInput): Promise<VerifiedWebhook> {
  const signature = readHeader(headers, SIGNATURE_HEADER);
  const timestamp = readHeader(headers, TIMESTAMP_HEADER);
  const missing = [!signature && SIGNATURE_HEADER, !timestamp && TIMESTAMP_HEADER].filter(Boolean);
  if (!signature || !timestamp) {
    throw new WebhookVerificationError(
      'missing_header',
      `The request has no ${missing.join(' or ')} header, so it cannot be verified as coming from Zoom. ` +
        'Zoom sends both on every notification; check that a proxy is not stripping them.',
    );
  }

  const bytes = toBytes(body);
  // Lower-case hex only: accepting other spellings would let a changed signature byte still pass.
  const genuine =
    SIGNATURE_FORMAT.test(signature) &&
    (await hmacVerify(key, hexToBytes(signature.slice(3)), concatBytes(encoder.encode(`v0:${timestamp}:`), bytes)));
  if (!genuine) {
    throw new WebhookVerificationError(
      'bad_signature',
      `The ${SIGNATURE_HEADER} header does not match the request. Check that the secret token is this app's ` +
        'Secret Token and that the body is passed exactly as received, not parsed and re-serialised.',
    );
  }

  // Checked after the signature, so `stale_timestamp` always means a genuine but old (or replayed) request.
  const ageSeconds = TIMESTAMP_FORMAT.test(timestamp) ? now() / 1000 - Number(timestamp) : Number.NaN;
  if (!(Math.abs(ageSeconds) <= tolerance)) {
    throw new WebhookVerificationError(
      'stale_timestamp',
      Number.isNaN(ageSeconds)
        ? `The ${TIMESTAMP_HEADER} header is not a Unix time in seconds.`
        : `The ${TIMESTAMP_HEADER} header is ${Math.round(Math.abs(ageSeconds))} s ${ageSeconds < 0 ? 'ahead of' : 'behind'} ` +
            `this server's clock, outside the ${tolerance} s tolerance. A replayed request, or a clock that needs syncing.`,
    );
  }

  return parseEvent(bytes);
}

function parseEvent(bytes: Uint8Array): VerifiedWebhook {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new WebhookVerificationError('invalid_json', `The body is not valid UTF-8 JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || typeof (parsed as { event?: unknown }).event !== 'string') {
    throw new WebhookVerificationError(
      'invalid_json',
      'The body is JSON but not a Zoom event: it has no string "event".',
    );
  }
  return parsed as VerifiedWebhook;
}
