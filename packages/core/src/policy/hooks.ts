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
// The request policy calls them (./call-hooks.ts) where each event happens, beside its log lines; both
// read the request id and the attempt number from the call's state. This module is the option (its
// types, its check, and whether a set has any hook); the policy keeps a client's hooks and which of them
// failed already, and the events are built by ./call-hooks.ts, loaded with the first call of a client
// that has hooks, so a client without them carries none of that code.
import { describeValue } from '@zoom-api/internal';
import type { RateLimitInfo } from '../rate-limit/headers.js';

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

export type HookName = keyof ZoomHooks;
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

/** True when `hooks` has a hook to call; when false, no event is ever built. */
export function hasHooks(hooks: ZoomHooks | undefined): hooks is ZoomHooks {
  return !!hooks && !!(hooks.beforeRequest || hooks.afterResponse || hooks.beforeRetry);
}
