import type { ZoomAuth } from '@zoom-api/auth';
import type { Config, ResponseStyle, Options as RuntimeOptions, TDataShape } from './generated/client/index.js';
import type { LogLevel, ZoomLogger } from './log/logger.js';
import type { ZoomHooks } from './policy/hooks.js';
import type { RequestPolicyOptions } from './policy/settings.js';
import type { RateLimitOptions } from './rate-limit/plans.js';
import type { RateLimitTableSource } from './rate-limit/store.js';
import type { ProxyOption } from './transport/proxy-option.js';

/**
 * The options of one generated call (`listSessions({ client, query, timeout: 5000 })`): the runtime's
 * options plus the request policy's per-call overrides. Generated code imports this as `Options`.
 */
export type Options<
  TData extends TDataShape = TDataShape,
  ThrowOnError extends boolean = boolean,
  TResponse = unknown,
  TResponseStyle extends ResponseStyle = 'fields',
> = RuntimeOptions<TData, ThrowOnError, TResponse, TResponseStyle> & RequestPolicyOptions;

/**
 * The options the request policy owns, each described once, here (an option given as `undefined` is one
 * not given, here and in every options type of these packages): every product's `create…Client()`,
 * `setConfig` and `getConfig` take and report them, and the policy's one list of their names
 * (./policy/request-policy.ts) must name every key of this type, or it does not compile.
 */
export interface PolicyOptions extends RequestPolicyOptions {
  /** Supplies the bearer token; default: createZoomAuth() over ZOOM_API_KEY / ZOOM_API_SECRET. */
  auth?: ZoomAuth | undefined;
  /**
   * Sends each attempt instead of the default transport (keep-alive node:http on Node, the global
   * `fetch` elsewhere). Called as `fetch(request, { signal })`; must honour the signal.
   */
  fetch?: typeof fetch | undefined;
  /**
   * Node's default transport only: the proxy every request goes through (`http://user:pass@host:port`),
   * or `false` for none. Default: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY, either case.
   */
  proxy?: ProxyOption | undefined;
  /** Where the policy's lines go (request start/end, retries, re-authentication). Default `console`. */
  logger?: ZoomLogger | undefined;
  /** The least severe level logged. Default: `ZOOM_API_LOG` (debug, info, warn, error, off), else `warn`. */
  logLevel?: LogLevel | undefined;
  /**
   * Called for every attempt (for metrics): `beforeRequest`, `afterResponse`, `beforeRetry`. Observers
   * only: not awaited, and one that throws is reported once through `logger` and otherwise ignored.
   */
  hooks?: ZoomHooks | undefined;
  /**
   * Keeps calls within your account's rate limits (`{ plan: 'pro' }`): calls over budget wait in a queue
   * per category instead of earning a 429. Off when absent. See "Rate limits" in @zoom-api/core's README.
   */
  rateLimit?: RateLimitOptions | undefined;
}

/** Options every product's `create…Client()` accepts: the policy's, Zoom's base URL and headers. */
export interface ZoomClientOptions extends PolicyOptions {
  /** Default: `ZOOM_API_BASE_URL`, read at each call, else `https://api.zoom.us/v2`. */
  baseUrl?: string | undefined;
  /** Headers sent with every call; a `User-Agent` here replaces the client's own. */
  headers?: Config['headers'] | undefined;
}

/**
 * A client's whole configuration: the runtime's, with the policy's options (hey-api's own `auth`, a
 * token or token callback for `security` schemes, is not used: the policy sets the bearer header; its
 * `fetch` is the policy's `fetch`), and what a product adds to every client it makes.
 */
export interface ZoomClientConfig extends Omit<Config, keyof PolicyOptions>, PolicyOptions {
  /** Path parameters Zoom asks to be double-encoded (derived from the spec at generation time). */
  doubleEncodePathParams?: readonly string[] | undefined;
  /** The product's User-Agent (see userAgentFor), sent unless the caller gives one. */
  userAgent?: string | undefined;
  /**
   * Internal, set by products: each operation's name and rate-limit category (`rate-limits.gen.ts`), or a
   * function that loads them; read (and loaded) only when `rateLimit` is set.
   */
  rateLimitTable?: RateLimitTableSource | undefined;
}
