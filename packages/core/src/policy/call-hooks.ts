// One call's hooks (./hooks.ts has the option and the rules they follow): each event built where it
// happens, every string in it redacted with the call's secrets, frozen, and handed to the hook; a hook
// that throws or rejects is handed to the client's report. Loaded with the first call of a client that
// has hooks.
import { mapStrings } from '@zoom-api/internal/redact';
import { describeFailure, redact } from '../errors/redact.js';
import { targetOf } from '../errors/target.js';
import { readRateLimit } from '../rate-limit/headers.js';
import type { Call } from './call.js';
import type { HookName, ZoomAttemptEvent, ZoomHooks, ZoomRetryReason } from './hooks.js';

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
