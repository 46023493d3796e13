// Hooks: the policy's attempts as events for metrics (counters, latency histograms, rate-limit gauges).
// They get the facts the log lines carry and nothing more: no token, no header value of the request,
// no body, no query. Hooks observe; they cannot change or stop a call:
//
// - each is called synchronously where the event happens and its result is ignored: a returned promise
//   is not awaited (a slow metrics sink must not slow the calls it measures), though its rejection is
//   caught so that it never becomes an unhandled rejection;
// - a hook that throws (or rejects) is reported once per hook and client through the logger at warn,
//   naming the hook, and the call goes on as if it had returned.
import { describeValue } from '@zoom-api/internal';
import { type RateLimitInfo, readRateLimit } from '../rate-limit/headers.js';

/** What every hook gets: one attempt of one call. */
export interface ZoomAttemptEvent {
  /** The same id as the call's log lines (`req_7`); every attempt of one call shares it. */
  readonly requestId: string;
  readonly method: string;
  /** Without the query string. */
  readonly url: string;
  /** 1 for the first attempt, then 2, 3, … for the repeats (retries and the re-authentication). */
  readonly attempt: number;
}

/** An attempt got a response (any status, errors included). */
export interface ZoomResponseEvent extends ZoomAttemptEvent {
  readonly status: number;
  /** From sending until the whole response, body included, had arrived. */
  readonly durationMs: number;
  /** Zoom's `x-zm-trackingid`, if present. */
  readonly trackingId: string | undefined;
  /** Zoom's `X-RateLimit-*` and `Retry-After` headers, parsed. */
  readonly rateLimit: Readonly<RateLimitInfo>;
}

/** Why another attempt follows. */
export type ZoomRetryReason = 'rate-limited' | 'server-error' | 'connection-failed' | 'unauthorized';

/** Another attempt of the same call follows `waitMs` from now. */
export interface ZoomRetryEvent extends ZoomAttemptEvent {
  /** `unauthorized`: a 401; a new token is minted (this repeat does not count towards `maxRetries`). */
  readonly reason: ZoomRetryReason;
  /** The status that made the retry necessary; undefined for a connection failure. */
  readonly status: number | undefined;
  /** For a connection failure: the error's name and code (`Error ECONNRESET`), never its message. */
  readonly error: string | undefined;
  readonly waitMs: number;
}

/** Observers of every attempt; see the Hooks section of core's README. */
export interface ZoomHooks {
  /** An attempt is about to be sent. */
  beforeRequest?: (event: ZoomAttemptEvent) => unknown;
  /** An attempt got a response, before the policy decides what to do with it. */
  afterResponse?: (event: ZoomResponseEvent) => unknown;
  /** An attempt will be repeated, after `waitMs`. */
  beforeRetry?: (event: ZoomRetryEvent) => unknown;
}

type HookName = keyof ZoomHooks;
const HOOK_NAMES: readonly HookName[] = ['beforeRequest', 'afterResponse', 'beforeRetry'];

export function checkHooks(value: unknown): ZoomHooks | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(
      `hooks must be an object such as { beforeRequest, afterResponse, beforeRetry }; got ${describeValue(value)}.`,
    );
  }
  const hooks = value as Record<string, unknown>;
  for (const name of Object.keys(hooks)) {
    if (!(HOOK_NAMES as readonly string[]).includes(name)) {
      throw new TypeError(`hooks.${name} is not a hook; the hooks are ${HOOK_NAMES.join(', ')}.`);
    }
  }
  for (const name of HOOK_NAMES) {
    if (hooks[name] !== undefined && typeof hooks[name] !== 'function') {
      throw new TypeError(`hooks.${name} must be a function; got ${describeValue(hooks[name])}.`);
    }
  }
  return value as ZoomHooks;
}

/** Tells the client's logger, once per hook, that a hook failed. */
export type HookFailureReport = (hook: HookName, error: unknown) => void;

/** Calls one call's hooks; the events are built only for the hooks that are set. */
export class CallHooks {
  readonly #hooks: ZoomHooks;
  readonly #report: HookFailureReport;

  constructor(hooks: ZoomHooks, report: HookFailureReport) {
    this.#hooks = hooks;
    this.#report = report;
  }

  #call<N extends HookName>(name: N, event: () => Parameters<NonNullable<ZoomHooks[N]>>[0]): void {
    const hook = this.#hooks[name] as ((event: unknown) => unknown) | undefined;
    if (hook === undefined) return;
    try {
      const result = hook(Object.freeze(event()));
      if (typeof (result as PromiseLike<unknown> | null)?.then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) => this.#report(name, error));
      }
    } catch (error) {
      this.#report(name, error);
    }
  }

  beforeRequest(attempt: ZoomAttemptEvent): void {
    this.#call('beforeRequest', () => attempt);
  }

  afterResponse(attempt: ZoomAttemptEvent, response: Response, durationMs: number): void {
    this.#call('afterResponse', () => ({
      ...attempt,
      status: response.status,
      durationMs,
      trackingId: response.headers.get('x-zm-trackingid') ?? undefined,
      rateLimit: Object.freeze(readRateLimit(response.headers, Date.now())),
    }));
  }

  beforeRetry(
    attempt: ZoomAttemptEvent,
    reason: ZoomRetryReason,
    waitMs: number,
    status: number | undefined,
    error: string | undefined,
  ): void {
    this.#call('beforeRetry', () => ({ ...attempt, reason, status, error, waitMs }));
  }
}
