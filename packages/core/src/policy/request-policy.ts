// The request policy: the one place that decides how a request is sent: bearer token, per-attempt
// timeout, retries with backoff or Retry-After, and one re-authentication after a 401. The runtime
// calls it, after the interceptors, through the `fetch` the client made for the call; it hands each
// attempt to a transport.
//
// Per-call options and state never travel on the Request or the Response: an interceptor may replace
// either, and anything keyed on the old object would be lost. `prepare()` makes each call its own Call
// (./call.ts) before the runtime builds the Request; the call's options carry it to the policy and to
// the error interceptor.

import type { ZoomAuth } from '@zoom-api/auth';
import { checkFunction, describeValue } from '@zoom-api/internal';
import { send as sendByDefault } from '#transport';
import { defaultAuth } from '../auth/default-auth.js';
import { secretsOf } from '../auth/secrets.js';
import { ZoomConnectionError, ZoomResponseError, ZoomTimeoutError } from '../errors/classes.js';
import { targetOf } from '../errors/target.js';
import { checkLogLevel } from '../log/level.js';
import { checkLogger } from '../log/logger.js';
import { PolicyLogger } from '../log/policy-logger.js';
import type { PolicyOptions, ZoomClientConfig } from '../options.js';
import { LISTING, type Listing } from '../paginate.js';
import {
  checkRateLimit,
  RateLimiter,
  type RateLimitOptions,
  RateLimitRefusal,
  refusalError,
} from '../rate-limit/limiter.js';
import { DEFAULT_RATE_LIMIT_CATEGORY, type RateLimitCategory, type RateLimitTable } from '../rate-limit/store.js';
import { BufferedResponse } from '../transport/buffered-response.js';
import { checkProxy, type ProxyOption } from '../transport/proxy-option.js';
import {
  AttemptTimeout,
  type FetchLike,
  fetchTransport,
  ProxyRefused,
  ResponseTooLarge,
  type Transport,
} from '../transport/transport.js';
import { Call } from './call.js';
import { checkHooks, PolicyHooks } from './hooks.js';
import { backoffDelay, isIdempotent, retryDelayFor } from './retry.js';
import { type PolicySettings, type RequestPolicyOptions, resolvePolicy } from './settings.js';
import { sleep } from './sleep.js';

/** What one call may override, as the caller passes it. */
export interface CallOptions extends RequestPolicyOptions {
  fetch?: unknown;
}

// The names of what a call may override, from their type: a name missing here does not compile.
const CALL_OPTIONS = Object.keys({
  timeout: true,
  retry: true,
  maxResponseBytes: true,
  fetch: true,
} satisfies Record<keyof CallOptions, true>) as (keyof CallOptions)[];

function checkAuth(auth: unknown): ZoomAuth | undefined {
  if (auth !== undefined && typeof (auth as ZoomAuth | null)?.getToken !== 'function') {
    throw new TypeError(
      'auth must have a getToken() method, e.g. createZoomAuth({ apiKey, apiSecret }); ' +
        `got ${describeValue(auth)}. (hey-api's token or token callback is not used by Zoom clients.)`,
    );
  }
  return auth as ZoomAuth | undefined;
}

function checkTransport(fetch: unknown): Transport | undefined {
  if (fetch === undefined) return undefined;
  return fetchTransport(checkFunction<FetchLike>('fetch', fetch, 'with the signature of the global fetch'));
}

/** Milliseconds since the call's attempt in flight was sent, whole. */
function elapsed(call: Call): number {
  return Math.round(performance.now() - call.startedAt);
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

/** What the policy reads from a client's config: the policy's options and a product's rate-limit table. */
export type PolicyConfig = PolicyOptions & Pick<ZoomClientConfig, 'rateLimitTable'>;

// The names of the policy's options, from their one type: creating a client, `setConfig` and the
// product factories all split a config with them. A key of PolicyConfig missing here, or a name that is
// not one, does not compile, so a new option is declared in PolicyOptions and named here.
const POLICY_OPTIONS = Object.keys({
  auth: true,
  fetch: true,
  timeout: true,
  retry: true,
  maxResponseBytes: true,
  proxy: true,
  logger: true,
  logLevel: true,
  hooks: true,
  rateLimit: true,
  rateLimitTable: true,
} satisfies Record<keyof PolicyConfig, true>) as (keyof PolicyConfig)[];

/** Splits a config into the policy's options and the rest (the runtime's). */
export function splitPolicy<T extends object>(config: T): { policy: PolicyConfig; rest: Omit<T, keyof PolicyConfig> } {
  const rest = { ...config } as Record<string, unknown>;
  const policy: Record<string, unknown> = {};
  for (const name of POLICY_OPTIONS) {
    policy[name] = rest[name];
    delete rest[name];
  }
  return { policy: policy as PolicyConfig, rest: rest as Omit<T, keyof PolicyConfig> };
}

export class RequestPolicy {
  #auth: ZoomAuth | undefined;
  #options: RequestPolicyOptions = {};
  #defaults!: PolicySettings;
  #fetch: typeof fetch | undefined;
  #transport: Transport = sendByDefault;
  #proxy: ProxyOption | undefined;
  readonly #log = new PolicyLogger();
  readonly #hooks = new PolicyHooks((hook, error, secrets) => this.#log.hookFailed(hook, error, secrets));
  #limiter: RateLimiter | undefined;
  #rateLimitTable: RateLimitTable | undefined;

  constructor(config: PolicyConfig) {
    this.update(config);
  }

  /** Sets client-level options, at creation and later (the client's `setConfig`); omitted ones stay. */
  update(config: PolicyConfig): void {
    const { auth, fetch, timeout, retry, maxResponseBytes, proxy, logger, logLevel, hooks, rateLimit, rateLimitTable } =
      config;
    // Everything is checked before anything changes.
    const table = rateLimitTable ?? this.#rateLimitTable;
    const limitOptions = checkRateLimit(rateLimit) ?? this.#limiter?.options;
    const limiter =
      rateLimit !== undefined || (rateLimitTable !== undefined && limitOptions)
        ? new RateLimiter(limitOptions as RateLimitOptions, table)
        : this.#limiter;
    const previous = this.#limiter;
    const provider = checkAuth(auth) ?? this.#auth;
    const proxySetting = checkProxy(proxy) ?? this.#proxy;
    const log = [checkLogger(logger), checkLogLevel(logLevel)] as const;
    const observers = checkHooks(hooks);
    const transport = checkTransport(fetch) ?? this.#transport;
    const options = {
      timeout: timeout ?? this.#options.timeout,
      retry: retry ?? this.#options.retry,
      maxResponseBytes: maxResponseBytes ?? this.#options.maxResponseBytes,
    };
    this.#defaults = resolvePolicy(options);
    this.#auth = provider;
    this.#options = options;
    this.#transport = transport;
    this.#proxy = proxySetting;
    this.#log.update(...log);
    this.#hooks.update(observers);
    if (fetch !== undefined) this.#fetch = fetch;
    this.#limiter = limiter;
    this.#rateLimitTable = table;
    // The leveled logger reads the client's logger and level when it writes, so later changes apply.
    if (limiter && limiter !== previous) limiter.attach(this.#log.leveled());
  }

  /** The client-level options as they were given, for `getConfig()`. */
  options(): PolicyConfig {
    const given: PolicyConfig = { ...this.#options, ...this.#log.options(), ...this.#hooks.options() };
    if (given.maxResponseBytes === undefined) delete given.maxResponseBytes;
    if (this.#auth) given.auth = this.#auth;
    if (this.#fetch !== undefined) given.fetch = this.#fetch;
    if (this.#proxy !== undefined) given.proxy = this.#proxy;
    if (this.#limiter) given.rateLimit = this.#limiter.options;
    if (this.#rateLimitTable) given.rateLimitTable = this.#rateLimitTable;
    return given;
  }

  /**
   * One call's state: its own timeout, retry and transport over the client's, resolved now (a bad one
   * throws, before anything is sent), and its rate-limit category, from the method and the path
   * template (`/videosdk/sessions/{sessionId}`). The client settings in force now are the call's.
   */
  prepare(options: CallOptions, method: string | undefined, path: string | undefined): Call {
    const category =
      (path !== undefined && this.#limiter?.categoryOf(method ?? 'GET', path)) || DEFAULT_RATE_LIMIT_CATEGORY;
    const overridden = CALL_OPTIONS.some((name) => options[name] !== undefined);
    const settings = overridden ? resolvePolicy(this.#options, options) : this.#defaults;
    // ZOOM_API_LOG is read per call: a value that names no level fails the call here, before anything is sent.
    this.#log.level();
    // A page of a paginate() listing: the limiter may warn that the listing's next page outwaits maxWait.
    const listing = this.#limiter ? (options as { [LISTING]?: Listing })[LISTING] : undefined;
    return new Call(settings, checkTransport(options.fetch) ?? this.#transport, category, listing);
  }

  /**
   * Once per listing: its next page cannot get its rate-limit turn within maxWait, so it will be
   * refused (at once, or after waiting maxWait behind others). Said before that wait, with the numbers.
   */
  #warnIfPageOutwaits(
    listing: Listing,
    limiter: RateLimiter,
    token: string,
    category: RateLimitCategory,
    request: Request,
  ) {
    if (listing.warned || listing.lastSentAt === undefined) return;
    const outwaits = limiter.outwaits(token, category, listing.lastSentAt, Date.now());
    if (!outwaits) return;
    listing.warned = true;
    const { method, url } = targetOf(request);
    const { waitMs, maxWait, queued, limit } = outwaits;
    const seconds = (waitMs / 1000).toFixed(1);
    this.#log
      .leveled()
      .warn(
        `[zoom-api] paginate(): the next page of ${method} ${url} waits at least ${seconds} s for ${limit}` +
          `${queued > 0 ? ` behind ${queued} queued call${queued === 1 ? '' : 's'}` : ''}, longer than ` +
          `rateLimit.maxWait (${maxWait} ms) allows, so it will be refused. Raise rateLimit.maxWait above ` +
          `${Math.ceil(waitMs)} ms for such listings, or make fewer ${category} calls at once.`,
        { event: 'rate-limit-pagination', method, url, category, waitMs: Math.round(waitMs), maxWait, queued },
      );
  }

  /** Sends one prepared call's Request, whatever Request the interceptors ended with. */
  async send(request: Request, call: Call): Promise<Response> {
    const auth = this.#auth ?? defaultAuth();
    const caller = request.signal;
    const method = request.method;
    const hasBody = request.body !== null;
    const { settings, transport, category, listing } = call;
    const { timeout, maxResponseBytes } = settings;
    let retries = 0;
    let reauthenticated = false;
    // The token minted after a 401, already asked for to see that it differs from the refused one.
    let renewed: string | undefined;
    const hidden = secretsOf(auth);
    const log = this.#log.forRequest(request, call);
    const hooks = this.#hooks.forCall(call, request);

    for (;;) {
      let token = renewed ?? (await auth.getToken());
      renewed = undefined;
      // What no log line, hook event or error of this call may show from here on.
      call.secrets = [token, ...hidden];
      const limiter = this.#limiter;
      if (limiter) {
        if (listing) this.#warnIfPageOutwaits(listing, limiter, token, category, request);
        // Every attempt is a call to Zoom and draws from the budget, retries included.
        try {
          const waited = await limiter.acquire(token, category, caller);
          if (listing) listing.lastSentAt = Date.now();
          if (waited > 0) {
            log.rateLimitWaited(category, waited);
            // A long wait may have outlived the token.
            token = await auth.getToken();
            call.secrets = [token, ...hidden];
          }
        } catch (error) {
          if (!(error instanceof RateLimitRefusal)) throw error;
          const refusal = refusalError(error, targetOf(request));
          log.rateLimitRefused(category, error.reason);
          throw refusal;
        }
      }
      // A body can be read only once: while another attempt may follow, send a copy and keep the original.
      const mayRepeat = !reauthenticated || retries < settings.maxRetries;
      const outgoing = hasBody && mayRepeat ? request.clone() : request;
      let response: Response;
      call.attempt++;
      call.startedAt = performance.now();
      hooks?.beforeRequest();
      log.start();
      try {
        const authorization = `Bearer ${token}`;
        response = await transport(outgoing, {
          signal: caller,
          timeout,
          authorization,
          maxResponseBytes,
          proxy: this.#proxy,
        });
      } catch (error) {
        log.failed(error, elapsed(call));
        if (caller.aborted) throw caller.reason;
        if (error instanceof AttemptTimeout) throw new ZoomTimeoutError(targetOf(request), timeout, error.status);
        if (error instanceof ResponseTooLarge) {
          const { status, contentType, limit } = error;
          const problem =
            `is larger than ${limit} bytes (maxResponseBytes) and was not read; ` +
            'raise maxResponseBytes (on the client or this call) if such an answer is expected';
          throw new ZoomResponseError(
            targetOf(request),
            { status, contentType, bodyStart: '', problem },
            { cause: error },
          );
        }
        const failure = new ZoomConnectionError(targetOf(request), error, [token, ...hidden]);
        // A proxy's refusal is its policy or its credentials: the same request gets the same answer.
        if (!isIdempotent(method) || retries >= settings.maxRetries || error instanceof ProxyRefused) throw failure;
        const delay = backoffDelay(retries, settings);
        hooks?.beforeRetry(delay, error);
        log.retry(delay, error);
        await sleep(delay, caller);
        retries++;
        continue;
      }

      const durationMs = elapsed(call);
      // Kept with the call now, before any response interceptor can replace the Response.
      call.bodyHead = BufferedResponse.headOf(response);
      hooks?.afterResponse(response, durationMs);
      log.end(response, durationMs);
      if (limiter && response.status === 429) await limiter.pauseAfter(token, category, response);
      if (response.status === 401) {
        // Whatever happens next, this token is spent: the next call must not open with it either.
        auth.invalidate?.(token);
        if (!reauthenticated) {
          reauthenticated = true;
          const fresh = await auth.getToken();
          // A provider that hands back the token Zoom just refused would only earn the same 401 again.
          if (fresh !== token) {
            hooks?.beforeReauthentication();
            log.reauthenticate();
            discard(response);
            renewed = fresh;
            continue;
          }
        }
      }
      const wait = retryDelayFor(response, method, retries, settings, Date.now());
      if (wait === undefined) return response;
      hooks?.beforeRetry(wait, response);
      log.retry(wait, response);
      discard(response);
      await sleep(wait, caller);
      retries++;
    }
  }
}
