import {
  createClient as createRuntimeClient,
  createConfig,
  type Client,
  type Config,
} from './generated/client/index.js';
import type { TokenProvider } from './token-provider.js';

export const DEFAULT_BASE_URL = 'https://api.zoom.us/v2';

/** Options every product's `create…Client()` accepts. */
export interface ZoomClientOptions {
  /** Supplies the bearer token for every request. */
  auth?: TokenProvider;
  /** Defaults to `https://api.zoom.us/v2`. */
  baseUrl?: string;
  /** The `fetch` to send requests with; defaults to the global one. */
  fetch?: typeof fetch;
}

/** Config keys the generated product code passes through `createClientConfig`. */
export interface ZoomClientConfig extends Config {
  /** Named apart from hey-api's own `auth` option, which this policy replaces. */
  tokenProvider?: TokenProvider;
  /** Path parameters Zoom asks to be double-encoded (derived from the spec at generation time). */
  doubleEncodePathParams?: readonly string[];
}

function missingAuth(): never {
  throw new TypeError(
    'No credentials: pass `auth` (e.g. createZoomAuth({ apiKey, apiSecret })) to the client factory, ' +
      'or pass `client` to the call.',
  );
}

/**
 * Wraps the generated runtime's `createClient` so that every client — the ones users build and the
 * default client each generated package creates at import — carries the bearer header.
 */
export function createClient(config: ZoomClientConfig = {}): Client {
  const { tokenProvider, doubleEncodePathParams: _doubleEncoded, fetch: baseFetch, ...rest } = config;
  const send = baseFetch ?? ((input: Request) => globalThis.fetch(input));
  const policyFetch = async (request: Request): Promise<Response> => {
    const token = await (tokenProvider ?? { getToken: missingAuth }).getToken();
    request.headers.set('Authorization', `Bearer ${token}`);
    return send(request);
  };
  return createRuntimeClient({ ...rest, fetch: policyFetch as typeof fetch });
}

/** A product's additions to every client config it creates (the generated default client included). */
export type ProductConfig = (config: ZoomClientConfig) => ZoomClientConfig;

export function withProductDefaults(defaults: Partial<ZoomClientConfig>): ProductConfig {
  return (config) => ({ ...config, ...defaults });
}

/** Builds a product client: Zoom's base URL and thrown errors by default, plus the product's defaults. */
export function createZoomClient(options: ZoomClientOptions = {}, productConfig: ProductConfig = (c) => c): Client {
  const base = createConfig<ZoomClientConfig>({ baseUrl: options.baseUrl ?? DEFAULT_BASE_URL, throwOnError: true });
  return createClient(productConfig({ ...base, tokenProvider: options.auth, fetch: options.fetch }));
}
