// The one place that decides how a request is sent: bearer token, per-attempt timeout, retries with
// backoff or Retry-After, and one re-authentication after a 401. The generated runtime calls it as
// its `fetch`; everything before (URL, body, interceptors) and after (parsing) stays the runtime's.
import { send as sendByDefault } from '#transport';
import { defaultAuth } from './default-auth.js';
import { targetOf, ZoomConnectionError, ZoomTimeoutError } from './errors.js';
import { type PolicySettings, type RequestPolicyOptions, resolvePolicy } from './policy-options.js';
import { backoffDelay, isIdempotent, retryDelayFor } from './retry-decision.js';
import { sleep } from './sleep.js';
import type { TokenProvider } from './token-provider.js';
import { AttemptTimeout, type FetchLike, fetchTransport, type Transport } from './transport.js';

export interface RequestPolicyConfig extends RequestPolicyOptions {
  /** Token source; without one, ZOOM_API_KEY / ZOOM_API_SECRET are used (read at the first request). */
  auth?: TokenProvider;
  /** Sends one attempt instead of the default transport (node:http on Node, else fetch); must honour `init.signal`. */
  fetch?: FetchLike;
}

/** What a call may override, as the runtime hands it to request interceptors. */
interface CallOptions extends RequestPolicyOptions {
  fetch?: unknown;
}

interface CallOverrides {
  settings: PolicySettings;
  transport: Transport | undefined;
}

function checkAuth(auth: unknown): TokenProvider | undefined {
  if (auth !== undefined && typeof (auth as TokenProvider | null)?.getToken !== 'function') {
    throw new TypeError('auth must have a getToken() method, e.g. createZoomAuth({ apiKey, apiSecret }).');
  }
  return auth as TokenProvider | undefined;
}

function checkTransport(fetch: unknown): Transport | undefined {
  if (fetch === undefined) return undefined;
  if (typeof fetch !== 'function') {
    throw new TypeError('fetch must be a function with the signature of the global fetch.');
  }
  return fetchTransport(fetch as FetchLike);
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

export class RequestPolicy {
  #options: RequestPolicyOptions = {};
  #defaults!: PolicySettings;
  readonly #auth: TokenProvider | undefined;
  #transport: Transport = sendByDefault;
  // Per-call overrides, keyed by the Request the runtime built for that call.
  readonly #calls = new WeakMap<Request, CallOverrides>();

  /** The runtime's `fetch`: sends `request` under the policy. */
  readonly fetch = (request: Request): Promise<Response> => this.send(request);

  /** A request interceptor that picks up per-call `timeout`, `retry` and `fetch`; install it first. */
  readonly rememberCallOptions = (request: Request, options: CallOptions): Request => {
    const ownFetch = options.fetch !== undefined && options.fetch !== this.fetch;
    if (ownFetch || options.timeout !== undefined || options.retry !== undefined) {
      this.#calls.set(request, {
        settings: resolvePolicy(this.#options, options),
        transport: ownFetch ? checkTransport(options.fetch) : undefined,
      });
      // A `fetch` passed to one call is that call's transport; the runtime still sends through the
      // policy (it reads `options.fetch` after the request interceptors).
      if (ownFetch) options.fetch = this.fetch;
    }
    return request;
  };

  constructor(config: RequestPolicyConfig = {}) {
    this.#auth = checkAuth(config.auth);
    this.update(config);
  }

  /** Sets client-level options, at creation and later (the client's `setConfig`); omitted ones stay. */
  update({ fetch, timeout, retry }: RequestPolicyConfig): void {
    // Everything is checked before anything changes.
    const transport = checkTransport(fetch) ?? this.#transport;
    const options = { timeout: timeout ?? this.#options.timeout, retry: retry ?? this.#options.retry };
    this.#defaults = resolvePolicy(options);
    this.#options = options;
    this.#transport = transport;
  }

  async send(request: Request): Promise<Response> {
    const call = this.#calls.get(request);
    const settings = call?.settings ?? this.#defaults;
    const transport = call?.transport ?? this.#transport;
    const auth = this.#auth ?? defaultAuth();
    const caller = request.signal;
    const method = request.method;
    const hasBody = request.body !== null;
    const timeout = settings.timeout;
    let retries = 0;
    let reauthenticated = false;

    for (;;) {
      const token = await auth.getToken();
      // A body can be read only once: while another attempt may follow, send a copy and keep the original.
      const mayRepeat = !reauthenticated || retries < settings.maxRetries;
      const outgoing = hasBody && mayRepeat ? request.clone() : request;
      let response: Response;
      try {
        response = await transport(outgoing, { signal: caller, timeout, authorization: `Bearer ${token}` });
      } catch (error) {
        if (caller.aborted) throw caller.reason;
        if (error instanceof AttemptTimeout) throw new ZoomTimeoutError(targetOf(request), timeout);
        const failure = new ZoomConnectionError(targetOf(request), error);
        if (!isIdempotent(method) || retries >= settings.maxRetries) throw failure;
        await sleep(backoffDelay(retries, settings), caller);
        retries++;
        continue;
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
