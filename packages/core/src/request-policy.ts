// The one place that decides how a request is sent: bearer token, per-attempt timeout, retries with
// backoff or Retry-After, and one re-authentication after a 401. The generated runtime calls it as
// its `fetch`; everything before (URL, body, interceptors) and after (parsing) stays the runtime's.
import { AttemptSignal } from './attempt-signal.js';
import { defaultAuth } from './default-auth.js';
import { targetOf, ZoomConnectionError, ZoomTimeoutError } from './errors.js';
import { type PolicySettings, type RequestPolicyOptions, resolvePolicy } from './policy-options.js';
import { backoffDelay, isIdempotent, retryDelayFor } from './retry-decision.js';
import { sleep } from './sleep.js';
import type { TokenProvider } from './token-provider.js';

export type Transport = (request: Request, init: { signal: AbortSignal }) => Promise<Response>;

export interface RequestPolicyConfig extends RequestPolicyOptions {
  /** Token source; without one, ZOOM_API_KEY / ZOOM_API_SECRET are used (read at the first request). */
  auth?: TokenProvider;
  /** Sends one attempt. It must honour `init.signal` for timeouts and aborts. Default: global fetch. */
  fetch?: Transport;
}

/** What a call may override, as the runtime hands it to request interceptors. */
interface CallOptions extends RequestPolicyOptions {
  fetch?: unknown;
}

interface CallOverrides {
  settings: PolicySettings | undefined;
  transport: Transport | undefined;
}

function checkAuth(auth: unknown): TokenProvider | undefined {
  if (auth === undefined) return undefined;
  if (typeof (auth as TokenProvider | null)?.getToken !== 'function') {
    throw new TypeError('auth must have a getToken() method, e.g. createZoomAuth({ apiKey, apiSecret }).');
  }
  return auth as TokenProvider;
}

function checkTransport(fetch: unknown): Transport | undefined {
  if (fetch !== undefined && typeof fetch !== 'function') {
    throw new TypeError('fetch must be a function with the signature of the global fetch.');
  }
  return fetch as Transport | undefined;
}

function sendWithGlobalFetch(request: Request, init: { signal: AbortSignal }): Promise<Response> {
  // Looked up per call, so a fetch installed after this module loaded (polyfill, test double) is used.
  return globalThis.fetch(request, init);
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

export class RequestPolicy {
  #options: RequestPolicyOptions;
  #defaults: PolicySettings;
  readonly #auth: TokenProvider | undefined;
  #transport: Transport;
  // Per-call overrides, keyed by the Request the runtime built for that call.
  readonly #calls = new WeakMap<Request, CallOverrides>();

  /** The runtime's `fetch`: sends `request` under the policy. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** A request interceptor that picks up per-call `timeout`, `retry` and `fetch`; install it first. */
  readonly rememberCallOptions: (request: Request, options: CallOptions) => Request;

  constructor(config: RequestPolicyConfig = {}) {
    this.#auth = checkAuth(config.auth);
    this.#transport = checkTransport(config.fetch) ?? sendWithGlobalFetch;
    this.#options = { timeout: config.timeout, retry: config.retry };
    this.#defaults = resolvePolicy(this.#options);
    this.fetch = (request) => this.send(request);
    this.rememberCallOptions = (request, options) => {
      const ownFetch = options.fetch !== undefined && options.fetch !== this.fetch;
      if (options.timeout !== undefined || options.retry !== undefined || ownFetch) {
        this.#calls.set(request, {
          settings:
            options.timeout !== undefined || options.retry !== undefined
              ? resolvePolicy(this.#options, options)
              : undefined,
          transport: ownFetch ? checkTransport(options.fetch) : undefined,
        });
        // A `fetch` passed to one call is that call's transport; the runtime still sends through the
        // policy (it reads `options.fetch` after the request interceptors).
        if (ownFetch) options.fetch = this.fetch;
      }
      return request;
    };
  }

  /** Changes client-level options later (the client's `setConfig`). */
  update(config: RequestPolicyConfig): void {
    if (config.fetch !== undefined) this.#transport = checkTransport(config.fetch) ?? sendWithGlobalFetch;
    if (config.timeout !== undefined || config.retry !== undefined) {
      const options = {
        timeout: config.timeout ?? this.#options.timeout,
        retry: config.retry ?? this.#options.retry,
      };
      this.#defaults = resolvePolicy(options);
      this.#options = options;
    }
  }

  async send(request: Request): Promise<Response> {
    const call = this.#calls.get(request);
    const settings = call?.settings ?? this.#defaults;
    const transport = call?.transport ?? this.#transport;
    const auth = this.#auth ?? defaultAuth();
    const caller = request.signal;
    const method = request.method;
    const hasBody = request.body !== null;
    let retries = 0;
    let reauthenticated = false;

    for (;;) {
      const token = await auth.getToken();
      // A body can be read only once: while another attempt may follow, send a copy and keep the original.
      const mayRepeat = !reauthenticated || retries < settings.maxRetries;
      const outgoing = hasBody && mayRepeat ? request.clone() : request;
      outgoing.headers.set('authorization', `Bearer ${token}`);
      const attempt = new AttemptSignal(caller, settings.timeout);
      let response: Response;
      try {
        response = await transport(outgoing, { signal: attempt.signal });
      } catch (error) {
        if (caller.aborted) throw caller.reason;
        if (attempt.timedOut) throw new ZoomTimeoutError(targetOf(request), settings.timeout);
        const failure = new ZoomConnectionError(targetOf(request), error);
        if (!isIdempotent(method) || retries >= settings.maxRetries) throw failure;
        await sleep(backoffDelay(retries, settings), caller);
        retries++;
        continue;
      } finally {
        attempt.dispose();
        // The runtime hands `request` back to the caller (and to interceptors, which may log it):
        // the bearer token must not stay on it.
        if (outgoing === request) request.headers.delete('authorization');
      }

      if (response.status === 401 && !reauthenticated) {
        reauthenticated = true;
        discard(response);
        auth.invalidate?.(token);
        continue;
      }
      const wait = retryDelayFor(response, method, retries, settings, Date.now());
      if (wait === undefined) return response;
      discard(response);
      await sleep(wait, caller);
      retries++;
    }
  }
}
