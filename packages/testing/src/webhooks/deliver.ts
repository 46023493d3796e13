// Webhook notifications as Zoom sends them: a POST of the event's JSON, signed with the app's secret token
// (`x-zm-signature: v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`, `x-zm-request-timestamp` in seconds),
// answered within 3 seconds or counted as failed, and retried after 5, 20 and 60 minutes when asked to.
// The endpoint URL validation challenge (`endpoint.url_validation`) is sent the same way.
import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';

/** Zoom waits this long for a 2xx before it counts a delivery as failed. */
export const RESPONSE_TIMEOUT_MS = 3_000;
/** When Zoom tries again after a failed delivery, counted from the failure. */
export const ZOOM_RETRY_SCHEDULE_MS: readonly number[] = [5 * 60_000, 20 * 60_000, 60 * 60_000];

export interface DeliverOptions {
  /** The app's Secret Token: what the endpoint verifies the signature with. */
  secretToken: string;
  /**
   * Try again after a failure (no 2xx within 3 s): `true` on Zoom's schedule (after 5, 20 and 60 minutes,
   * on the fake's clock), or after each of the given delays in milliseconds. Default: one attempt.
   */
  retry?: boolean | readonly number[] | undefined;
  /** The `x-zm-request-timestamp` to send, in seconds, e.g. an old one; default: the clock's now. */
  timestamp?: number | undefined;
  /** More headers to send (they cannot replace the signature headers). */
  headers?: Readonly<Record<string, string>> | undefined;
}

export interface DeliveryAttempt {
  /** When it was sent, on the fake's clock (epoch milliseconds). */
  at: number;
  /** The endpoint's status, when it answered in time. */
  status?: number;
  /** What the endpoint answered, as text. */
  body?: string;
  /** Why there was no answer in time (refused, reset, timed out). */
  error?: string;
}

export interface Delivery {
  /** Whether an attempt got a 2xx. */
  delivered: boolean;
  attempts: DeliveryAttempt[];
}

/** The signature Zoom puts in `x-zm-signature` for a body sent at `timestamp` (seconds). */
export function zoomSignature(secretToken: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secretToken).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function checkSecretToken(secretToken: unknown, caller: string): asserts secretToken is string {
  if (typeof secretToken !== 'string' || secretToken.trim() === '') {
    throw new TypeError(
      `${caller}: secretToken must be the app's Secret Token (a non-empty string) the endpoint verifies with.`,
    );
  }
}

function checkUrl(url: unknown, caller: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(String(url));
  } catch {}
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new TypeError(
      `${caller}: url must be the endpoint's absolute http(s) URL, e.g. http://127.0.0.1:3000/zoom/webhooks.`,
    );
  }
  return parsed;
}

async function attempt(
  url: URL,
  body: string,
  options: DeliverOptions,
  clock: Clock,
  signal: AbortSignal,
): Promise<DeliveryAttempt> {
  const at = clock.now();
  const timestamp = options.timestamp ?? Math.floor(at / 1000);
  const controller = new AbortController();
  const stop = () => controller.abort(signal.reason);
  signal.addEventListener('abort', stop, { once: true });
  const timer = new AbortController();
  const timedOut = clock.sleep(RESPONSE_TIMEOUT_MS, timer.signal).then(
    () => 'timeout' as const,
    () => 'cancelled' as const,
  );
  try {
    const answer = fetch(url, {
      method: 'POST',
      headers: {
        ...options.headers,
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Zoom Marketplace/1.0a',
        'x-zm-request-timestamp': String(timestamp),
        'x-zm-signature': zoomSignature(options.secretToken, timestamp, body),
        'x-zm-trackingid': `fake_${randomBytes(8).toString('hex')}`,
      },
      body,
      signal: controller.signal,
      redirect: 'manual',
    }).then(async (response) => ({ status: response.status, body: await response.text() }));
    const outcome = await Promise.race([answer, timedOut]);
    if (outcome === 'timeout') {
      controller.abort(new Error('no answer within 3 s'));
      answer.catch(() => {});
      return { at, error: `no answer within ${RESPONSE_TIMEOUT_MS / 1000} s` };
    }
    if (outcome === 'cancelled') return { at, error: 'cancelled' };
    return { at, status: outcome.status, body: outcome.body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { at, error: cause?.code ?? cause?.message ?? (error as Error).message };
  } finally {
    timer.abort();
    signal.removeEventListener('abort', stop);
  }
}

/** Sends `event` to `url` as Zoom would, retrying on the schedule asked for. */
export async function deliverEvent(
  url: string | URL,
  event: object,
  options: DeliverOptions,
  clock: Clock,
  signal: AbortSignal,
): Promise<Delivery> {
  const target = checkUrl(url, 'zoom.deliver');
  checkSecretToken(options?.secretToken, 'zoom.deliver');
  if (event === null || typeof event !== 'object' || typeof (event as { event?: unknown }).event !== 'string') {
    throw new TypeError(
      'zoom.deliver: event must be a Zoom event object with a string `event`, e.g. zoom.webhookEvent("session.started").',
    );
  }
  const delays = options.retry === true ? ZOOM_RETRY_SCHEDULE_MS : Array.isArray(options.retry) ? options.retry : [];
  const body = JSON.stringify(event);
  const attempts: DeliveryAttempt[] = [];
  for (let i = 0; ; i++) {
    const result = await attempt(target, body, options, clock, signal);
    attempts.push(result);
    const delivered = result.status !== undefined && result.status >= 200 && result.status < 300;
    if (delivered || i >= delays.length || signal.aborted) return { delivered, attempts };
    try {
      await clock.sleep(delays[i] as number, signal);
    } catch {
      // The fake was closed: the retries still to come are not made.
      return { delivered, attempts };
    }
  }
}

export interface EndpointValidation {
  /** Whether the endpoint answered 200 with the plainToken and its correct encryptedToken. */
  valid: boolean;
  status?: number;
  /** Why it is not valid. */
  reason?: string;
}

/** Zoom's endpoint URL validation: the challenge, and whether the answer is the right one. */
export async function validateEndpoint(
  url: string | URL,
  options: Pick<DeliverOptions, 'secretToken' | 'headers'>,
  clock: Clock,
  signal: AbortSignal,
): Promise<EndpointValidation> {
  const target = checkUrl(url, 'zoom.validateEndpoint');
  checkSecretToken(options?.secretToken, 'zoom.validateEndpoint');
  const plainToken = randomBytes(16).toString('base64url');
  const event = { event: 'endpoint.url_validation', event_ts: clock.now(), payload: { plainToken } };
  const result = await attempt(target, JSON.stringify(event), options, clock, signal);
  if (result.status === undefined) return { valid: false, reason: `no answer: ${result.error}` };
  const status = result.status;
  if (status !== 200) return { valid: false, status, reason: `answered ${status}; Zoom wants 200` };
  let answer: { plainToken?: unknown; encryptedToken?: unknown };
  try {
    answer = JSON.parse(result.body ?? '');
  } catch {
    return { valid: false, status, reason: 'the answer is not JSON' };
  }
  const expected = createHmac('sha256', options.secretToken).update(plainToken).digest('hex');
  if (answer?.plainToken !== plainToken) return { valid: false, status, reason: 'the answer does not echo plainToken' };
  if (answer.encryptedToken !== expected) {
    return {
      valid: false,
      status,
      reason: 'encryptedToken is not the HMAC-SHA256 of plainToken keyed by the secret token',
    };
  }
  return { valid: true, status };
}
