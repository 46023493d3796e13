// The request policy: the one place that decides how a request is sent: bearer token, per-attempt
// timeout, retries with backoff or Retry-After, and one re-authentication after a 401. The runtime
// calls it, after the interceptors, through the `fetch` the client made for the call; it hands each
// attempt to a transport.
//
// What only some calls need is loaded on demand (`import()`), so a client that does not use it, and a
// bundle of such a client, carries none of it: ./recovery.ts when an attempt fails or is answered 401,
// 429 or 5xx (retries, re-authentication, the error thrown), the rate limiter for a client with
// `rateLimit` (with its product's table of operations), the lines of the log when one is due (a call at
// `debug`, a retry), the hooks' events for a client with hooks, and the proxy agents in the Node transport.
//
// Per-call options and state never travel on the Request or the Response: an interceptor may replace
// either, and anything keyed on the old object would be lost. `prepare()` makes each call its own Call
// (./call.ts) before the runtime builds the Request; the call's options carry it to the policy and to
// the error interceptor.

import type { ZoomAuth } from '@zoom-api/auth';
import { describeValue } from '@zoom-api/internal';
import { checkFunction } from '@zoom-api/internal/checks';
import { send as sendByDefault } from '#transport';
import { defaultAuth } from '../auth/default-auth.js';
import { secretsOf } from '../auth/secrets.js';
import { checkLogLevel } from '../log/level.js';
import { checkLogger, LogSettings } from '../log/logger.js';
import type { PolicyLogger } from '../log/policy-logger.js';
import type { RequestLog } from '../log/request-log.js';
import type { PolicyOptions, ZoomClientConfig } from '../options.js';
import type { RateLimiter } from '../rate-limit/limiter.js';
import type { RateLimitOptions } from '../rate-limit/plans.js';
import type { RateLimitTableSource } from '../rate-limit/store.js';
import { BufferedResponse } from '../transport/buffered-response.js';
import type { FetchLike } from '../transport/fetch.js';
import { checkProxy, type ProxyOption } from '../transport/proxy-option.js';
import type { Transport } from '../transport/transport.js';
import { Call, LISTING, type Listing } from './call.js';
import type { CallHooks } from './call-hooks.js';
import { checkHooks, type HookName, hasHooks, type ZoomHooks } from './hooks.js';
import type { Attempts } from './recovery.js';
import { type PolicySettings, type RequestPolicyOptions, resolvePolicy } from './settings.js';

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

/** A `fetch` (the client's or a call's) as a transport; its adapter (../transport/fetch.ts) loads at its first attempt. */
function checkTransport(fetch: unknown): Transport | undefined {
  if (fetch === undefined) return undefined;
  const given = checkFunction<FetchLike>('fetch', fetch, 'with the signature of the global fetch');
  let adapted: Transport | undefined;
  return async (request, attempt) => {
    adapted ??= (await import('../transport/fetch.js')).fetchTransport(given, BufferedResponse);
    return adapted(request, attempt);
  };
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

/** A response the policy may repeat the request after: 401 (re-authentication), 429 and 5xx (retries). */
const mayRecover = (status: number) => status === 401 || status === 429 || status >= 500;

/**
 * The rate limiter of a `rateLimit` option, made when the first call needs it: its module (with the
 * option's check) and the product's table load then.
 */
function loadLimiter(options: RateLimitOptions, table: RateLimitTableSource | undefined): Promise<RateLimiter> {
  return import('../rate-limit/limiter.js').then(async ({ limiterFor }) =>
    limiterFor(options, typeof table === 'function' ? await table() : table),
  );
}

export class RequestPolicy {
  #auth: ZoomAuth | undefined;
  #options: RequestPolicyOptions = {};
  #defaults!: PolicySettings;
  #fetch: typeof fetch | undefined;
  #transport: Transport = sendByDefault;
  #proxy: ProxyOption | undefined;
  readonly #log = new LogSettings();
  /** What writes the lines, loaded by the first call that may write one. */
  #lines: Promise<PolicyLogger> | undefined;
  #hooks: ZoomHooks | undefined;
  /** The hooks that have failed already: each failure is reported once per client (and set of hooks). */
  readonly #failedHooks = new Set<HookName>();
  /** As given: checked when the limiter is made. */
  #rateLimit: RateLimitOptions | undefined;
  #rateLimitTable: RateLimitTableSource | undefined;
  #limiter: Promise<RateLimiter> | undefined;

  constructor(config: PolicyConfig) {
    this.update(config);
  }

  /** Sets client-level options, at creation and later (the client's `setConfig`); omitted ones stay. */
  update(config: PolicyConfig): void {
    const { auth, fetch, timeout, retry, maxResponseBytes, proxy, logger, logLevel, hooks, rateLimit, rateLimitTable } =
      config;
    // Everything is checked before anything changes; `rateLimit` with the limiter, which loads at the
    // first call, before anything is sent (its checks are as large as the rest of the rate-limit code,
    // which a client without the option never loads).
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
    // A set of hooks replaces the whole set (`{}` removes them).
    if (observers !== undefined) {
      this.#hooks = observers;
      this.#failedHooks.clear();
    }
    if (fetch !== undefined) this.#fetch = fetch;
    if (rateLimit !== undefined) this.#rateLimit = rateLimit;
    if (rateLimitTable !== undefined) this.#rateLimitTable = rateLimitTable;
    // Made again by the next call that needs it.
    if (rateLimit !== undefined || rateLimitTable !== undefined) this.#limiter = undefined;
  }

  /** The client-level options as they were given, for `getConfig()`. */
  options(): PolicyConfig {
    const given: PolicyConfig = { ...this.#options, ...this.#log.options() };
    if (given.maxResponseBytes === undefined) delete given.maxResponseBytes;
    if (this.#hooks) given.hooks = this.#hooks;
    if (this.#auth) given.auth = this.#auth;
    if (this.#fetch !== undefined) given.fetch = this.#fetch;
    if (this.#proxy !== undefined) given.proxy = this.#proxy;
    if (this.#rateLimit) given.rateLimit = this.#rateLimit;
    if (this.#rateLimitTable) given.rateLimitTable = this.#rateLimitTable;
    return given;
  }

  /**
   * One call's state: its own timeout, retry and transport over the client's, resolved now (a bad one
   * throws, before anything is sent), and its route (`GET /videosdk/sessions/{sessionId}`), from which a
   * rate limiter tells its category. The client settings in force now are the call's.
   */
  prepare(options: CallOptions, method: string | undefined, path: string | undefined): Call {
    const overridden = CALL_OPTIONS.some((name) => options[name] !== undefined);
    const settings = overridden ? resolvePolicy(this.#options, options) : this.#defaults;
    const route = path === undefined ? undefined : `${method ?? 'GET'} ${path}`;
    // ZOOM_API_LOG is read per call: a value that names no level fails the call here, before anything is sent.
    this.#log.level();
    // A page of a paginate() listing: the limiter may warn that the listing's next page outwaits maxWait.
    const listing = this.#rateLimit ? (options as { [LISTING]?: Listing })[LISTING] : undefined;
    return new Call(settings, checkTransport(options.fetch) ?? this.#transport, route, listing);
  }

  /** The client's line writer, its module loaded by the first call that needs it. */
  #linesNow(): Promise<PolicyLogger> {
    if (!this.#lines) {
      const loaded = import('../log/policy-logger.js').then(({ PolicyLogger }) => new PolicyLogger(this.#log));
      this.#lines = loaded;
      // A failed load is not kept: the call that asked rejects with it, the next one tries again.
      loaded.catch(() => {
        if (this.#lines === loaded) this.#lines = undefined;
      });
    }
    return this.#lines;
  }

  /** The client's rate limiter, made (and its module loaded) by the first call that needs it. */
  #limiterNow(): Promise<RateLimiter> | undefined {
    if (!this.#rateLimit) return undefined;
    if (!this.#limiter) {
      const made = Promise.all([loadLimiter(this.#rateLimit, this.#rateLimitTable), this.#linesNow()]).then(
        ([limiter, lines]) => {
          // The leveled logger reads the client's logger and level when it writes, so later changes apply.
          limiter.attach(lines.leveled());
          return limiter;
        },
      );
      this.#limiter = made;
      made.catch(() => {
        if (this.#limiter === made) this.#limiter = undefined;
      });
    }
    return this.#limiter;
  }

  /** Sends one prepared call's Request, whatever Request the interceptors ended with. */
  async send(request: Request, call: Call): Promise<Response> {
    const auth = this.#auth ?? (await defaultAuth());
    const hasBody = request.body !== null;
    const { settings, transport } = call;
    const { timeout, maxResponseBytes } = settings;
    const hidden = secretsOf(auth);
    // The level in force when the call is sent is the level of all its lines. Its lines are made when
    // the first is due: at once at `debug`, else when a retry, a re-authentication or the rate limiter
    // has something to say (each of which loads its own module anyway).
    const level = this.#log.level();
    let log: RequestLog | undefined;
    const openLog = async () => {
      log ??= (await this.#linesNow()).forRequest(request, call, level);
      return log;
    };
    if (level === 'debug') await openLog();
    let hooks: CallHooks | undefined;
    const observers = this.#hooks;
    if (hasHooks(observers)) {
      const lines = await this.#linesNow();
      const { CallHooks } = await import('./call-hooks.js');
      const failed = this.#failedHooks;
      hooks = new CallHooks(observers, call, request, (hook, error) => {
        if (!failed.has(hook) && lines.hookFailed(hook, error, call.secrets)) failed.add(hook);
      });
    }
    const limiter = await this.#limiterNow();
    const attempts: Attempts = { request, call, auth, token: '', hidden, log: openLog, hooks, limiter };

    for (;;) {
      let token = call.renewed ?? (await auth.getToken());
      call.renewed = undefined;
      // What no log line, hook event or error of this call may show from here on.
      call.secrets = [token, ...hidden];
      if (limiter) {
        // A long wait for the rate limit hands back a fresh token.
        token = await limiter.admit(token, call, request, auth, openLog);
        call.secrets = [token, ...hidden];
      }
      attempts.token = token;
      // A body can be read only once: while another attempt may follow, send a copy and keep the original.
      const mayRepeat = !call.reauthenticated || call.retries < settings.maxRetries;
      const outgoing = hasBody && mayRepeat ? request.clone() : request;
      let response: Response;
      call.attempt++;
      call.startedAt = performance.now();
      hooks?.beforeRequest();
      log?.start();
      try {
        const authorization = `Bearer ${token}`;
        response = await transport(outgoing, {
          signal: request.signal,
          timeout,
          authorization,
          maxResponseBytes,
          proxy: this.#proxy,
        });
      } catch (error) {
        // Resolves when another attempt may go; else throws what the call ends with.
        await (await import('./recovery.js')).afterFailure(error, attempts);
        continue;
      }

      const durationMs = call.elapsed();
      // Kept with the call now, before any response interceptor can replace the Response.
      call.bodyHead = BufferedResponse.headOf(response);
      hooks?.afterResponse(response, durationMs);
      log?.end(response, durationMs);
      if (!mayRecover(response.status) || !(await (await import('./recovery.js')).afterResponse(response, attempts))) {
        return response;
      }
    }
  }
}
