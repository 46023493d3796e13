import type { Config, ResponseStyle, Options as RuntimeOptions, TDataShape } from './generated/client/index.js';
import type { RequestPolicyOptions } from './policy-options.js';
import type { TokenProvider } from './token-provider.js';

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

/** Options every product's `create…Client()` accepts. */
export interface ZoomClientOptions extends RequestPolicyOptions {
  /** Supplies the bearer token; default: createZoomAuth() over ZOOM_API_KEY / ZOOM_API_SECRET. */
  auth?: TokenProvider;
  /** Defaults to `https://api.zoom.us/v2`. */
  baseUrl?: string;
  /**
   * Sends each attempt instead of the default transport (keep-alive node:http on Node, the global
   * `fetch` elsewhere). Called as `fetch(request, { signal })`; must honour the signal.
   */
  fetch?: typeof fetch;
}

/** Config keys the generated product code passes through `createClientConfig`. */
export interface ZoomClientConfig extends Config, RequestPolicyOptions {
  /** Named apart from hey-api's own `auth` option, which this policy replaces. */
  tokenProvider?: TokenProvider;
  /** Path parameters Zoom asks to be double-encoded (derived from the spec at generation time). */
  doubleEncodePathParams?: readonly string[];
}
