// The client and its request policy, in one file so that a call crosses as few files as possible on its
// way to the socket (the trace is in the root README). The policy is the one place that decides how a
// request is sent: bearer token, per-attempt timeout, retries with backoff or Retry-After, and one
// re-authentication after a 401. Everything before it (URL, body, interceptors) and after it (parsing)
// stays the generated runtime's.
//
// Per-call options never travel on the Request: an interceptor may replace the Request (`new Request(req,
// …)`), and anything keyed on the old object would be lost. Each call instead gets its own `fetch`, a
// closure over that call's resolved settings, which the runtime calls with whatever Request the
// interceptors end with.

import { checkFunction, describeValue } from '@zoom-api/internal';
import { send as sendByDefault } from '#transport';
import { defaultAuth } from './auth/default-auth.js';
import { secretsOf, type TokenProvider } from './auth/token-provider.js';
import { ZoomConnectionError, ZoomError, ZoomResponseError, ZoomTimeoutError } from './errors/classes.js';
import { refuseHtml, secretsFor, toZoomError } from './errors/from-response.js';
import { targetOf } from './errors/target.js';
import {
  type Config,
  createConfig,
  createClient as createRuntimeClient,
  mergeHeaders,
} from './generated/client/index.js';
import { checkHooks, type ZoomHooks } from './log/hooks.js';
import { checkLogger, checkLogLevel, type LogLevel, PolicyLogger, type ZoomLogger } from './log/logger.js';
import type { ZoomClientConfig, ZoomClientOptions } from './options.js';
import { preparePathParams } from './path-params.js';
import { backoffDelay, isIdempotent, retryDelayFor } from './policy/retry.js';
import { type PolicySettings, type RequestPolicyOptions, resolvePolicy } from './policy/settings.js';
import { sleep } from './policy/sleep.js';
import {
  checkRateLimit,
  RateLimiter,
  type RateLimitOptions,
  RateLimitRefusal,
  refusalError,
} from './rate-limit/limiter.js';
import { DEFAULT_RATE_LIMIT_CATEGORY, type RateLimitCategory, type RateLimitTable } from './rate-limit/store.js';
import type { TypedRuntimeClient } from './result.js';
import { checkProxy, type ProxyOption } from './transport/proxy-option.js';
import {
  AttemptTimeout,
  type FetchLike,
  fetchTransport,
  ResponseTooLarge,
  type Transport,
} from './transport/transport.js';

export const DEFAULT_BASE_URL = 'https://api.zoom.us/v2';

/**
 * The client every `create…Client()` returns: hey-api's client, whose `setConfig` and `getConfig` also
 * take and report the policy's options (`auth`, `timeout`, `retry`, `fetch`, `hooks`, `doubleEncodePathParams`).
 * Ours come first so that calls resolve to them; it is still a hey-api Client wherever one is expected.
 */
export type Client = {
  getConfig(): ZoomClientConfig;
  setConfig(config: ZoomClientConfig): ZoomClientConfig;
} & TypedRuntimeClient;

const METHODS = ['connect', 'delete', 'get', 'head', 'options', 'patch', 'post', 'put', 'trace'] as const;

/** What one call may override, as the caller passes it. */
interface CallOptions extends RequestPolicyOptions {
  fetch?: unknown;
}

type Send = (
  options: { url: string; method?: string; path?: Record<string, unknown> } & CallOptions,
) => Promise<unknown>;

type RuntimeFetch = (request: Request) => Promise<Response>;

function checkAuth(auth: unknown): TokenProvider | undefined {
  if (auth !== undefined && typeof (auth as TokenProvider | null)?.getToken !== 'function') {
    throw new TypeError(
      'auth must have a getToken() method, e.g. createZoomAuth({ apiKey, apiSecret }); ' +
        `got ${describeValue(auth)}. (hey-api's token or token callback is not used by Zoom clients.)`,
    );
  }
  return auth as TokenProvider | undefined;
}

function checkTransport(fetch: unknown): Transport | undefined {
  if (fetch === undefined) return undefined;
  return fetchTransport(checkFunction<FetchLike>('fetch', fetch, 'with the signature of the global fetch'));
}

function checkNames(names: unknown): readonly string[] | undefined {
  if (names === undefined) return undefined;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) {
    throw new TypeError(
      `doubleEncodePathParams must be an array of path parameter names, e.g. ['sessionId']; got ${describeValue(names)}.`,
    );
  }
  return names;
}

/**
 * `baseUrl` as the runtime will use it: an absolute http(s) URL without credentials, query or fragment,
 * trailing slashes removed (paths start with one). Checked before any request; the message never
 * repeats the value, which may hold a password.
 */
export function checkBaseUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const example = "such as 'https://api.zoom.us/v2'";
  const text = typeof value === 'string' ? value : '';
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {}
  if (!url || !/^https?:\/\/[^/?#\s]/i.test(text)) {
    throw new TypeError(
      `baseUrl must be an absolute http(s) URL ${example}, with its scheme and host; got ${describeValue(value)} that is not one.`,
    );
  }
  const authority = /^https?:\/\/([^/?#]*)/i.exec(text)?.[1] ?? '';
  if (url.username || url.password || authority.includes('@')) {
    throw new TypeError(
      'baseUrl must not contain credentials (a name or password before @): remove them; the token comes from the auth option.',
    );
  }
  if (url.search || text.includes('?')) {
    throw new TypeError("baseUrl must not contain a query ('?…'): remove it and pass query parameters per call.");
  }
  if (url.hash || text.includes('#')) {
    throw new TypeError("baseUrl must not contain a fragment ('#…'): remove it.");
  }
  return text.replace(/\/+$/, '');
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

interface PolicyConfig extends RequestPolicyOptions {
  auth?: TokenProvider;
  fetch?: typeof fetch;
  proxy?: ProxyOption;
  logger?: ZoomLogger;
  logLevel?: LogLevel;
  hooks?: ZoomHooks;
  rateLimit?: RateLimitOptions;
  rateLimitTable?: RateLimitTable;
}

// The options the request policy owns, in one list: creating a client, `setConfig` and the product
// factories all split a config with it, so a new policy option is added here and nowhere else.
const POLICY_OPTIONS = [
  'auth',
  'fetch',
  'timeout',
  'retry',
  'maxResponseBytes',
  'proxy',
  'logger',
  'logLevel',
  'hooks',
  'rateLimit',
  'rateLimitTable',
] as const satisfies readonly (keyof PolicyConfig)[];

/** Splits a config into the policy's options and the rest (the runtime's). */
function splitPolicy<T extends object>(config: T): { policy: PolicyConfig; rest: Omit<T, keyof PolicyConfig> } {
  const rest = { ...config } as Record<string, unknown>;
  const policy: Record<string, unknown> = {};
  for (const name of POLICY_OPTIONS) {
    policy[name] = rest[name];
    delete rest[name];
  }
  return { policy: policy as PolicyConfig, rest: rest as Omit<T, keyof PolicyConfig> };
}

class RequestPolicy {
  #auth: TokenProvider | undefined;
  #options: RequestPolicyOptions = {};
  #defaults!: PolicySettings;
  #fetch: typeof fetch | undefined;
  #transport: Transport = sendByDefault;
  #proxy: ProxyOption | undefined;
  readonly #log = new PolicyLogger();
  #limiter: RateLimiter | undefined;
  #rateLimitTable: RateLimitTable | undefined;

  /** The `fetch` of calls that override nothing: reads the client's settings when it is called. */
  readonly fetch: RuntimeFetch = (request) => this.send(request, this.#defaults, this.#transport);

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
    const log = [checkLogger(logger), checkLogLevel(logLevel), checkHooks(hooks)] as const;
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
    if (fetch !== undefined) this.#fetch = fetch;
    this.#limiter = limiter;
    this.#rateLimitTable = table;
    // The leveled logger reads the client's logger and level when it writes, so later changes apply.
    if (limiter && limiter !== previous) limiter.attach(this.#log.leveled());
  }

  /** The client-level options as they were given, for `getConfig()`. */
  options(): PolicyConfig {
    const given: PolicyConfig = { ...this.#options, ...this.#log.options() };
    if (given.maxResponseBytes === undefined) delete given.maxResponseBytes;
    if (this.#auth) given.auth = this.#auth;
    if (this.#fetch !== undefined) given.fetch = this.#fetch;
    if (this.#proxy !== undefined) given.proxy = this.#proxy;
    if (this.#limiter) given.rateLimit = this.#limiter.options;
    if (this.#rateLimitTable) given.rateLimitTable = this.#rateLimitTable;
    return given;
  }

  /**
   * The `fetch` one call runs on: its own timeout, retry and transport, resolved now (a bad one throws),
   * and its rate-limit category, from the method and path template (`/videosdk/sessions/{sessionId}`).
   */
  fetchFor(call: CallOptions, method: string | undefined, path: string): RuntimeFetch {
    const { timeout, retry, fetch, maxResponseBytes } = call;
    const category = this.#limiter?.categoryOf(method ?? 'GET', path);
    if (timeout === undefined && retry === undefined && fetch === undefined && maxResponseBytes === undefined) {
      return category === undefined
        ? this.fetch
        : (request) => this.send(request, this.#defaults, this.#transport, category);
    }
    const settings = resolvePolicy(this.#options, call);
    const transport = checkTransport(call.fetch) ?? this.#transport;
    return (request) => this.send(request, settings, transport, category);
  }

  async send(
    request: Request,
    settings: PolicySettings,
    transport: Transport,
    category: RateLimitCategory = DEFAULT_RATE_LIMIT_CATEGORY,
  ): Promise<Response> {
    const auth = this.#auth ?? defaultAuth();
    const caller = request.signal;
    const method = request.method;
    const hasBody = request.body !== null;
    const { timeout, maxResponseBytes } = settings;
    let retries = 0;
    let reauthenticated = false;
    const hidden = secretsOf(auth);
    const log = this.#log.forRequest(request, hidden);

    for (;;) {
      let token = await auth.getToken();
      const limiter = this.#limiter;
      if (limiter) {
        // Every attempt is a call to Zoom and draws from the budget, retries included.
        try {
          const waited = await limiter.acquire(token, category, caller);
          if (waited > 0) {
            log.rateLimitWaited(category, waited);
            // A long wait may have outlived the token.
            token = await auth.getToken();
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
        log.failed(error);
        if (caller.aborted) throw caller.reason;
        if (error instanceof AttemptTimeout) throw new ZoomTimeoutError(targetOf(request), timeout);
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
        const failure = new ZoomConnectionError(targetOf(request), error);
        if (!isIdempotent(method) || retries >= settings.maxRetries) throw failure;
        const delay = backoffDelay(retries, settings);
        log.retry(delay, error);
        await sleep(delay, caller);
        retries++;
        continue;
      }

      log.end(response);
      if (limiter && response.status === 429) await limiter.pauseAfter(token, category, response);
      if (response.status === 401 && !reauthenticated) {
        log.reauthenticate();
        reauthenticated = true;
        discard(response);
        auth.invalidate?.(token);
        continue;
      }
      const wait = retryDelayFor(response, method, retries, settings, Date.now());
      if (wait === undefined) {
        secretsFor.set(response, [token, ...hidden]);
        return response;
      }
      log.retry(wait, response);
      discard(response);
      await sleep(wait, caller);
      retries++;
    }
  }
}

// Before the runtime builds the Request: path parameters are checked and prepared (a bad one rejects
// the call with zero requests), and the call's options become the call's own `fetch`.
function prepared(send: Send, method: string | undefined, encodeTwice: Set<string>, policy: RequestPolicy): Send {
  return (options) => {
    let call: Parameters<Send>[0];
    try {
      call = preparePathParams(options, method ?? options.method, encodeTwice);
      call = { ...call, fetch: policy.fetchFor(call, (method ?? options.method)?.toUpperCase(), options.url) };
    } catch (error) {
      return Promise.reject(error);
    }
    return send(call);
  };
}

/**
 * Wraps the generated runtime's `createClient` so that every client — the ones users build and the
 * default client each generated package creates at import — sends through the request policy.
 * Accepts the runtime's Config too (the generated default clients pass one); hey-api's own `auth`
 * (a token or a callback) is refused, since the token comes from the policy's `auth`.
 */
export function createClient(config: ZoomClientConfig | Config = {}): Client {
  const { policy: policyConfig, rest } = splitPolicy(config as ZoomClientConfig);
  const { doubleEncodePathParams, userAgent, ...runtimeConfig } = rest;
  const baseUrl = checkBaseUrl(runtimeConfig.baseUrl);
  if (baseUrl !== undefined) runtimeConfig.baseUrl = baseUrl;
  const policy = new RequestPolicy(policyConfig);
  // The product's User-Agent is a default header: the caller's own (client `headers`, `setConfig`, or
  // per call) replaces it, as any header given later does.
  if (userAgent !== undefined) runtimeConfig.headers = mergeHeaders({ 'User-Agent': userAgent }, runtimeConfig.headers);
  const runtime = createRuntimeClient({ ...runtimeConfig, fetch: policy.fetch as typeof globalThis.fetch });
  runtime.interceptors.response.use(refuseHtml);
  runtime.interceptors.error.use((error, response, request, options) => {
    const failure = toZoomError(error, response, request);
    // With `throwOnError: false` the call resolves to `{ error }` only for what Zoom or the network
    // did (a ZoomError: the type says so); an abort or a bad option rejects, as a missing path
    // parameter already does.
    const throwing = options?.throwOnError ?? runtime.getConfig().throwOnError;
    if (!throwing && !(failure instanceof ZoomError)) throw failure;
    return failure;
  });

  const encodeTwice = new Set(checkNames(doubleEncodePathParams));
  const client: Record<string, unknown> = { ...runtime };
  client.request = prepared(runtime.request as Send, undefined, encodeTwice, policy);
  for (const name of METHODS) {
    client[name] = prepared(runtime[name] as Send, name.toUpperCase(), encodeTwice, policy);
  }
  const getConfig = (): ZoomClientConfig => {
    const current: ZoomClientConfig = { ...(runtime.getConfig() as ZoomClientConfig), ...policy.options() };
    // The runtime's own `fetch` is the policy; report the caller's (or none), not that.
    if (current.fetch === policy.fetch) delete current.fetch;
    if (encodeTwice.size > 0) current.doubleEncodePathParams = [...encodeTwice];
    return current;
  };
  client.getConfig = getConfig;
  // Every option applies: the policy's go to the policy (checked first, so a bad one changes nothing),
  // the rest to the runtime.
  client.setConfig = (next: ZoomClientConfig) => {
    const { policy: policyConfig, rest: given } = splitPolicy(next);
    const { doubleEncodePathParams, ...rest } = given;
    const names = checkNames(doubleEncodePathParams);
    const baseUrl = checkBaseUrl(rest.baseUrl);
    if (baseUrl !== undefined) rest.baseUrl = baseUrl;
    policy.update(policyConfig);
    if (names !== undefined) {
      encodeTwice.clear();
      for (const name of names) encodeTwice.add(name);
    }
    runtime.setConfig(rest as Config);
    return getConfig();
  };
  return client as Client;
}

/** A product's additions to every client config it creates (the generated default client included). */
export type ProductConfig = (config: ZoomClientConfig | Config) => ZoomClientConfig;

export function withProductDefaults(defaults: Partial<ZoomClientConfig>): ProductConfig {
  return (config) => ({ ...(config as ZoomClientConfig), ...defaults });
}

/** Builds a product client: Zoom's base URL, thrown errors and the request policy, plus the product's defaults. */
export function createZoomClient(
  options: ZoomClientOptions = {},
  productConfig: ProductConfig = (c) => c as ZoomClientConfig,
): Client {
  const base = createConfig<ZoomClientConfig>({ baseUrl: options.baseUrl ?? DEFAULT_BASE_URL, throwOnError: true });
  const { policy } = splitPolicy(options);
  return createClient(productConfig({ ...(base as ZoomClientConfig), headers: options.headers, ...policy }));
}
