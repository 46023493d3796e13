import { type Client, createConfig, createClient as createRuntimeClient } from './generated/client/index.js';
import type { ZoomClientConfig, ZoomClientOptions } from './options.js';
import { preparePathParams } from './path-params.js';
import { RequestPolicy } from './request-policy.js';
import { toZoomError } from './response-error.js';
import type { FetchLike } from './transport.js';

export const DEFAULT_BASE_URL = 'https://api.zoom.us/v2';

const METHODS = ['connect', 'delete', 'get', 'head', 'options', 'patch', 'post', 'put', 'trace'] as const;

type Send = (options: { url: string; method?: string; path?: Record<string, unknown> }) => Promise<unknown>;

// Path parameters are checked and prepared before the runtime builds the Request, so a bad one
// rejects the call with zero requests and nothing is built twice.
function withPreparedPath(send: Send, method: string | undefined, encodeTwice: ReadonlySet<string>): Send {
  return (options) => {
    let prepared: typeof options;
    try {
      prepared = preparePathParams(options, method ?? options.method, encodeTwice);
    } catch (error) {
      return Promise.reject(error);
    }
    return send(prepared);
  };
}

/**
 * Wraps the generated runtime's `createClient` so that every client — the ones users build and the
 * default client each generated package creates at import — sends through the request policy.
 */
export function createClient(config: ZoomClientConfig = {}): Client {
  const { tokenProvider, doubleEncodePathParams, fetch, timeout, retry, ...runtimeConfig } = config;
  const policy = new RequestPolicy({ auth: tokenProvider, fetch: fetch as FetchLike | undefined, timeout, retry });
  const runtime = createRuntimeClient({ ...runtimeConfig, fetch: policy.fetch as typeof globalThis.fetch });
  runtime.interceptors.request.use(policy.rememberCallOptions);
  runtime.interceptors.error.use(toZoomError);

  const encodeTwice = new Set(doubleEncodePathParams);
  const client: Record<string, unknown> = { ...runtime };
  client.request = withPreparedPath(runtime.request as Send, undefined, encodeTwice);
  for (const name of METHODS) {
    client[name] = withPreparedPath(runtime[name] as Send, name.toUpperCase(), encodeTwice);
  }
  // `fetch`, `timeout` and `retry` belong to the policy; the runtime keeps sending through it.
  client.setConfig = (next: ZoomClientConfig) => {
    const { fetch: nextFetch, timeout: nextTimeout, retry: nextRetry, ...rest } = next;
    policy.update({ fetch: nextFetch as FetchLike | undefined, timeout: nextTimeout, retry: nextRetry });
    return runtime.setConfig(rest);
  };
  return client as Client;
}

/** A product's additions to every client config it creates (the generated default client included). */
export type ProductConfig = (config: ZoomClientConfig) => ZoomClientConfig;

export function withProductDefaults(defaults: Partial<ZoomClientConfig>): ProductConfig {
  return (config) => ({ ...config, ...defaults });
}

/** Builds a product client: Zoom's base URL, thrown errors and the request policy, plus the product's defaults. */
export function createZoomClient(options: ZoomClientOptions = {}, productConfig: ProductConfig = (c) => c): Client {
  const base = createConfig<ZoomClientConfig>({ baseUrl: options.baseUrl ?? DEFAULT_BASE_URL, throwOnError: true });
  return createClient(
    productConfig({
      ...base,
      tokenProvider: options.auth,
      fetch: options.fetch,
      timeout: options.timeout,
      retry: options.retry,
    }),
  );
}
