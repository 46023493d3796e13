// Hooks: the policy's attempts as events for metrics (counters, latency histograms, rate-limit gauges).
// They get the facts the log lines carry and nothing more: no token, no header value of the request,
// no body, no query. Response headers are the server's text and may echo the token or a secret, so every
// string of an event goes through the redaction log lines go through, with the call's secrets. Hooks
// observe; they cannot change or stop a call:
//
// - each is called synchronously where the event happens and its result is ignored: a returned promise
//   is not awaited (a slow metrics sink must not slow the calls it measures), though its rejection is
//   caught so that it never becomes an unhandled rejection;
// - a hook that throws (or rejects) is reported once per hook and client through the logger at warn,
//   naming the hook, its error redacted with the call's secrets, and the call goes on as if it had returned.
//
// The request policy calls them (CallHooks) where each event happens, beside its log lines; both read
// the request id and the attempt number from the call's state.
import { describeValue } from '@zoom-api/internal';
import { mapStrings } from '@zoom-api/internal/redact';
import { describeFailure, redact } from '../errors/redact.js';
import { targetOf } from '../errors/target.js';
import { type RateLimitInfo, readRateLimit } from '../rate-limit/headers.js';
import type { Call } from './call.js';

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
  beforeRequest?: ((event: ZoomAttemptEvent) => unknown) | undefined;
  /** An attempt got a response, before the policy decides what to do with it. */
  afterResponse?: ((event: ZoomResponseEvent) => unknown) | undefined;
  /** An attempt will be repeated, after `waitMs`. */
  beforeRetry?: ((event: ZoomRetryEvent) => unknown) | undefined;
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

/** Writes the line that says a hook failed (its error redacted with `secrets`); false when the level leaves it out. */
export type HookFailureReport = (hook: HookName, error: unknown, secrets: readonly string[]) => boolean;

/** A client's hooks, and which of them have failed already: each failure is reported once per client. */
export class PolicyHooks {
  #hooks: ZoomHooks | undefined;
  readonly #reported = new Set<HookName>();
  readonly #report: HookFailureReport;

  constructor(report: HookFailureReport) {
    this.#report = report;
  }

  /** Replaces the whole set (`{}` removes them); undefined keeps the current one. */
  update(hooks: ZoomHooks | undefined): void {
    if (hooks === undefined) return;
    this.#hooks = hooks;
    this.#reported.clear();
  }

  options(): { hooks?: ZoomHooks } {
    return this.#hooks ? { hooks: this.#hooks } : {};
  }

  /** The hooks of one call, or undefined when none is set (then no event is ever built). */
  forCall(call: Call, request: Request): CallHooks | undefined {
    const hooks = this.#hooks;
    if (!hooks || !(hooks.beforeRequest || hooks.afterResponse || hooks.beforeRetry)) return undefined;
    return new CallHooks(hooks, call, request, (name, error) => {
      if (this.#reported.has(name)) return;
      if (this.#report(name, error, call.secrets)) this.#reported.add(name);
    });
  }
}

/** Calls one call's hooks; the policy calls these where each event happens. */
export class CallHooks {
  readonly #hooks: ZoomHooks;
  readonly #call: Call;
  readonly #request: Request;
  readonly #failed: (hook: HookName, error: unknown) => void;

  constructor(hooks: ZoomHooks, call: Call, request: Request, failed: (hook: HookName, error: unknown) => void) {
    this.#hooks = hooks;
    this.#call = call;
    this.#request = request;
    this.#failed = failed;
  }

  // Every string redacted; the event and the objects in it frozen, so a hook cannot change what the next one sees.
  #safe<E extends object>(event: E): E {
    const secrets = this.#call.secrets;
    const safe = mapStrings(event, (text) => redact(text, secrets)) as Record<string, unknown>;
    for (const value of Object.values(safe)) {
      if (value !== null && typeof value === 'object' && !(value instanceof Date)) Object.freeze(value);
    }
    return Object.freeze(safe) as E;
  }

  #attempt(): ZoomAttemptEvent {
    const { method, url } = targetOf(this.#request);
    return { requestId: this.#call.requestId, method, url, attempt: this.#call.attempt };
  }

  #dispatch<N extends HookName>(name: N, event: () => Parameters<NonNullable<ZoomHooks[N]>>[0]): void {
    const hook = this.#hooks[name] as ((event: unknown) => unknown) | undefined;
    if (hook === undefined) return;
    try {
      const result = hook(this.#safe(event()));
      if (typeof (result as PromiseLike<unknown> | null)?.then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) => this.#failed(name, error));
      }
    } catch (error) {
      this.#failed(name, error);
    }
  }

  /** The attempt (already counted on the call) is about to be sent. */
  beforeRequest(): void {
    this.#dispatch('beforeRequest', () => this.#attempt());
  }

  /** The attempt got a response, `durationMs` after it was sent. */
  afterResponse(response: Response, durationMs: number): void {
    this.#dispatch('afterResponse', () => ({
      ...this.#attempt(),
      status: response.status,
      durationMs,
      trackingId: response.headers.get('x-zm-trackingid') ?? undefined,
      rateLimit: readRateLimit(response.headers, Date.now()),
    }));
  }

  /** Another attempt follows `waitMs` from now; `cause` is the response or the error that made it necessary. */
  beforeRetry(waitMs: number, cause: Response | unknown): void {
    const status = cause instanceof Response ? cause.status : undefined;
    const reason: ZoomRetryReason =
      status === undefined ? 'connection-failed' : status === 429 ? 'rate-limited' : 'server-error';
    const error = status === undefined ? describeFailure(cause) : undefined;
    this.#dispatch('beforeRetry', () => ({ ...this.#attempt(), reason, status, error, waitMs: Math.round(waitMs) }));
  }

  /** A 401: the same request follows at once with a new token. */
  beforeReauthentication(): void {
    this.#dispatch('beforeRetry', () => ({
      ...this.#attempt(),
      reason: 'unauthorized' as const,
      status: 401,
      error: undefined,
      waitMs: 0,
    }));
  }
}
