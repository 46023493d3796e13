// The lines the request policy writes about one request (all its attempts): each attempt's start and
// end (debug), retries with their reason and wait (warn), re-authentication after a 401 and waits for
// the rate limit (info). Lines carry a request id, the method, the URL without its query, the attempt
// number, status, duration, Zoom's tracking id and rate-limit headers; never a header value of the
// request, a token, a secret, a proxy URL or a body.
//
// Each line is one self-contained message plus an object of the same facts; how they reach the logger
// (argument order, redaction, a logger that throws) is the client's writer's business (./logger.ts).
import type { LineFields, LineLevel } from '@zoom-api/internal/log-writer';
import { describeFailure } from '../errors/redact.js';
import { targetOf } from '../errors/target.js';
import type { Call } from '../policy/call.js';
import { categoryLabel } from '../rate-limit/headers.js';
import type { LogLevel } from './level.js';
import { RANK } from './rank.js';

/** Writes one line; `secrets` are kept out of it besides what is always redacted. */
export type WriteLine = (level: LineLevel, message: string, fields: LineFields, secrets: readonly string[]) => void;

const RATE_LIMIT_HEADERS = [
  ['x-ratelimit-category', 'rateLimitCategory'],
  ['x-ratelimit-type', 'rateLimitType'],
  ['x-ratelimit-limit', 'rateLimitLimit'],
  ['x-ratelimit-remaining', 'rateLimitRemaining'],
] as const;

/** The log of one request; the request id, attempt number and secrets are the call's. */
export class RequestLog {
  readonly #write: WriteLine;
  readonly #rank: number;
  readonly #request: Request;
  readonly #call: Call;

  constructor(write: WriteLine, level: LogLevel, request: Request, call: Call) {
    this.#write = write;
    this.#rank = RANK[level];
    this.#request = request;
    this.#call = call;
  }

  // Response headers (tracking id, rate-limit values, Retry-After) are the server's text and may echo
  // the token of the attempt or a secret: the call's secrets are hidden from every line.
  #line(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
    this.#write(level, message, fields, this.#call.secrets);
  }

  // Worked out only when a line is written: a request that logs nothing costs one small object.
  #fields(extra: Record<string, unknown>): Record<string, unknown> {
    const { method, url } = targetOf(this.#request);
    return { requestId: this.#call.requestId, method, url, attempt: this.#call.attempt, ...extra };
  }

  #prefix(): string {
    const { method, url } = targetOf(this.#request);
    return `[zoom-api] ${this.#call.requestId} ${method} ${url} attempt ${this.#call.attempt}`;
  }

  /** The attempt (already counted on the call) is about to be sent. */
  start(): void {
    if (this.#rank > RANK.debug) return;
    this.#line('debug', `${this.#prefix()}: sending`, this.#fields({ event: 'request' }));
  }

  /** The attempt got a response, `durationMs` after it was sent. */
  end(response: Response, durationMs: number): void {
    if (this.#rank > RANK.debug) return;
    const extra: Record<string, unknown> = { event: 'response', status: response.status, durationMs };
    const trackingId = response.headers.get('x-zm-trackingid');
    if (trackingId) extra.trackingId = trackingId;
    for (const [header, name] of RATE_LIMIT_HEADERS) {
      const value = response.headers.get(header);
      // The category as everywhere else: Zoom's label (`LIGHT`), not the header's `Light`.
      if (value !== null) extra[name] = header === 'x-ratelimit-category' ? categoryLabel(value) : value;
    }
    const notes = [
      trackingId ? `tracking id ${trackingId}` : '',
      extra.rateLimitRemaining !== undefined ? `rate limit remaining ${extra.rateLimitRemaining}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    this.#line(
      'debug',
      `${this.#prefix()}: ${response.status} in ${durationMs} ms${notes ? ` (${notes})` : ''}`,
      this.#fields(extra),
    );
  }

  /** The attempt ended without a response (connection failure, timeout), `durationMs` after it was sent. */
  failed(error: unknown, durationMs: number): void {
    if (this.#rank > RANK.debug) return;
    const reason = describeFailure(error);
    this.#line(
      'debug',
      `${this.#prefix()}: failed after ${durationMs} ms: ${reason}`,
      this.#fields({ event: 'failure', reason, durationMs }),
    );
  }

  /** Another attempt follows after `waitMs`; `cause` is the response or the error that made it necessary. */
  retry(waitMs: number, cause: Response | unknown): void {
    if (this.#rank > RANK.warn) return;
    const wait = Math.round(waitMs);
    let reason: string;
    let retryAfter: string | undefined;
    if (cause instanceof Response) {
      retryAfter = cause.headers.get('retry-after') ?? undefined;
      reason = cause.status === 429 ? 'rate limited (429)' : `server error (${cause.status})`;
    } else {
      reason = `connection failed: ${describeFailure(cause)}`;
    }
    const how = retryAfter === undefined ? 'backoff' : `Retry-After: ${retryAfter}`;
    this.#line(
      'warn',
      `${this.#prefix()}: ${reason}; retrying in ${wait} ms (${how})`,
      this.#fields({ event: 'retry', reason, waitMs: wait, ...(retryAfter === undefined ? {} : { retryAfter }) }),
    );
  }

  /** The rate limiter held the request back for `waitMs` before letting it go. */
  rateLimitWaited(category: string, waitMs: number): void {
    if (this.#rank > RANK.info) return;
    const wait = Math.round(waitMs);
    this.#line(
      'info',
      `${this.#prefix()}: waited ${wait} ms for the ${category} rate limit`,
      this.#fields({ event: 'rate-limit-wait', category, waitMs: wait }),
    );
  }

  /** The rate limiter refused the request; nothing was sent. */
  rateLimitRefused(category: string, reason: string): void {
    if (this.#rank > RANK.warn) return;
    this.#line(
      'warn',
      `${this.#prefix()}: refused by the ${category} rate limit, not sent: ${reason}`,
      this.#fields({ event: 'rate-limit-refused', category }),
    );
  }

  /** A 401: the token is dropped, a new one minted and the request sent once more. */
  reauthenticate(): void {
    if (this.#rank > RANK.info) return;
    this.#line(
      'info',
      `${this.#prefix()}: 401 Unauthorized; minting a new token and retrying once`,
      this.#fields({ event: 'reauthenticate', status: 401 }),
    );
  }
}
