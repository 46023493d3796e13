// The client every product and every generated default client is made with: hey-api's runtime client,
// whose calls are prepared here before the runtime builds the Request (path parameters checked and
// encoded, the call's state made by the request policy and put on the call's options) and sent through
// the policy (./policy/request-policy.ts). Everything between (URL, body, interceptors) and after
// (parsing) stays the generated runtime's.

import { describeValue, optionalEnv } from '@zoom-api/internal';
import {
  type Config,
  createConfig,
  createClient as createRuntimeClient,
  mergeHeaders,
  type ResponseStyle,
} from './generated/client/index.js';
import { levelFromEnvironment } from './log/level.js';
import type { ZoomClientConfig, ZoomClientOptions } from './options.js';
import { preparePathParams } from './path-params.js';
import { CALL, type Call, callOf } from './policy/call.js';
import { type CallOptions, RequestPolicy, splitPolicy } from './policy/request-policy.js';
import { encodingQuerySerializer, querySerializerOf } from './query.js';
import type { TypedRuntimeClient } from './result.js';
import { BufferedResponse } from './transport/buffered-response.js';

export const DEFAULT_BASE_URL = 'https://api.zoom.us/v2';

/**
 * The client every `create…Client()` returns: hey-api's client, whose `setConfig` and `getConfig` also
 * take and report the policy's options (PolicyOptions in ./options.ts) and `doubleEncodePathParams`.
 * Ours come first so that calls resolve to them; it is still a hey-api Client wherever one is expected.
 */
export type Client = {
  getConfig(): ZoomClientConfig;
  setConfig(config: ZoomClientConfig): ZoomClientConfig;
} & TypedRuntimeClient;

const METHODS = ['connect', 'delete', 'get', 'head', 'options', 'patch', 'post', 'put', 'trace'] as const;

type Send = (
  options: {
    url: string;
    method?: string;
    path?: Record<string, unknown>;
    client?: unknown;
    responseStyle?: ResponseStyle;
    baseUrl?: string;
    querySerializer?: unknown;
    [CALL]?: Call;
  } & CallOptions,
) => Promise<unknown>;

function checkNames(names: unknown): readonly string[] | undefined {
  if (names === undefined) return undefined;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string')) {
    throw new TypeError(
      `doubleEncodePathParams must be an array of path parameter names, e.g. ['sessionId']; got ${describeValue(names)}.`,
    );
  }
  return names;
}

const NAMED: Record<string, string> = { '\t': 'a tab', '\n': 'a line feed', '\r': 'a carriage return', ' ': 'a space' };

// The URL parser drops tabs and line breaks (and trims spaces and controls at either end) without a word, so
// `https://api.zoom.us/\tv2` would quietly become another URL than the one written: a stray character from
// a .env file or a copy, refused with where it is.
function refuseInvisible(text: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: those are the ones refused
  const found = /[\s\u0000-\u001f\u007f-\u009f]/.exec(text);
  if (!found) return;
  const char = found[0];
  const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const what = NAMED[char] ?? (/\s/.test(char) ? `the space character ${code}` : `the control character ${code}`);
  throw new TypeError(
    `baseUrl must not contain ${what} (at character ${found.index + 1}): remove it (often a stray character from a .env file or a copy).`,
  );
}

/**
 * `baseUrl` as the runtime will use it: an absolute http(s) URL without credentials, query, fragment,
 * whitespace or control characters, trailing slashes removed (paths start with one). Checked before any
 * request; the message never repeats the value, which may hold a password.
 */
export function checkBaseUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const example = "such as 'https://api.zoom.us/v2'";
  const text = typeof value === 'string' ? value : '';
  refuseInvisible(text);
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

// JSON as hey-api's runtime recognises it (`application/json`, `…+json`): what it will parse as JSON.
const JSON_TYPE = /^\s*application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

function isJson(response: Response): boolean {
  const type = response.headers.get('content-type');
  return type !== null && JSON_TYPE.test(type);
}

interface CallResult {
  data?: unknown;
  error?: unknown;
  response?: Response;
}

// A response without a body is `data: null`, whatever its Content-Type: the runtime reads an empty body
// by the type it claims (`{}` for JSON, '' for text), which the types and README do not promise. The
// runtime is asked for `{ data, error, response }` in every case, so the check can see the response,
// and the caller's `responseStyle: 'data'` is applied here instead.
function emptyAsNull(result: CallResult, style: ResponseStyle | undefined): unknown {
  // A Response whose body is null had none (204, 205, 304, HEAD, or no bytes: see BufferedResponse).
  if (result.error === undefined && result.response && BufferedResponse.hasNoBody(result.response)) result.data = null;
  if (style !== 'data') return result;
  return result.error === undefined ? result.data : undefined;
}

const BASE_URL_VARIABLE = 'ZOOM_API_BASE_URL';
let lastFromEnvironment: { value: string | undefined; baseUrl: string } | undefined;

/**
 * The base URL of a client created without `baseUrl` (the default clients included): ZOOM_API_BASE_URL,
 * else Zoom's. Read at each call, as ZOOM_API_LOG is, so that it applies however early the client was
 * made; an empty value counts as unset. A bad value fails the call before anything is sent.
 */
function baseUrlFromEnvironment(): string {
  const value = optionalEnv(BASE_URL_VARIABLE) || undefined;
  if (lastFromEnvironment !== undefined && lastFromEnvironment.value === value) return lastFromEnvironment.baseUrl;
  let baseUrl = DEFAULT_BASE_URL;
  if (value !== undefined) {
    try {
      baseUrl = checkBaseUrl(value) as string;
    } catch (error) {
      throw new TypeError(
        `${BASE_URL_VARIABLE} (the base URL of clients created without baseUrl) is not usable: ${(error as Error).message} ` +
          'Fix or unset the variable, or give the client a baseUrl.',
      );
    }
  }
  lastFromEnvironment = { value, baseUrl };
  return baseUrl;
}

// Before the runtime builds the Request: path parameters are checked and prepared (a bad one rejects
// the call with zero requests), and the policy makes the call's state from its options (a bad one
// rejects the same way). The state goes on the call's options under CALL, where the error interceptor
// finds it, and the runtime's `fetch` for this call is the policy sending with it. The `client` option
// has done its job (the generated function picked this client with it) and is dropped: the runtime
// spreads the call's options into `new Request(url, init)`, and Deno reads `client` there as its own
// Deno.HttpClient and throws (hey-api/hey-api#4177; tests/runtimes runs the calls on Deno).
function prepared(
  send: Send,
  method: string | undefined,
  encodeTwice: Set<string>,
  policy: RequestPolicy,
  configuredStyle: () => ResponseStyle | undefined,
  followsEnvironment: () => boolean,
): Send {
  return ({ client: _chosen, ...options }) => {
    let ready: Parameters<Send>[0];
    try {
      let withPath = preparePathParams(options, method ?? options.method, encodeTwice);
      if (options.baseUrl === undefined && followsEnvironment()) {
        withPath = { ...withPath, baseUrl: baseUrlFromEnvironment() };
      }
      const call = policy.prepare(withPath, (method ?? options.method)?.toUpperCase(), options.url);
      ready = { ...withPath, [CALL]: call, fetch: (request: Request) => policy.send(request, call) };
      if (ready.querySerializer !== undefined) ready.querySerializer = querySerializerOf(ready.querySerializer);
    } catch (error) {
      return Promise.reject(error);
    }
    const style = options.responseStyle ?? configuredStyle();
    return send({ ...ready, responseStyle: 'fields' }).then((result) => emptyAsNull(result as CallResult, style));
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
  // Without a baseUrl of its own, a client follows ZOOM_API_BASE_URL (else Zoom's) until one is set.
  let followsEnvironment = baseUrl === undefined;
  runtimeConfig.querySerializer = querySerializerOf(runtimeConfig.querySerializer) ?? encodingQuerySerializer();
  const policy = new RequestPolicy(policyConfig);
  // The product's User-Agent is a default header: the caller's own (client `headers`, `setConfig`, or
  // per call) replaces it, as any header given later does.
  if (userAgent !== undefined) runtimeConfig.headers = mergeHeaders({ 'User-Agent': userAgent }, runtimeConfig.headers);
  // Every call brings its own `fetch` (prepared() above): the runtime's own is never used.
  const runtime = createRuntimeClient(runtimeConfig as Config);
  // What turns a failure or an unexpected answer into our errors is loaded when one happens.
  runtime.interceptors.response.use((response, request, options) =>
    !response.ok || (options.parseAs ?? 'auto') !== 'auto' || isJson(response)
      ? response
      : import('./errors/from-response.js').then((errors) => errors.refuseNonJson(response, request, callOf(options))),
  );
  runtime.interceptors.error.use(async (error, response, request, options) => {
    const throwing = options?.throwOnError ?? runtime.getConfig().throwOnError;
    return (await import('./errors/from-response.js')).callError(error, response, request, callOf(options), !!throwing);
  });

  const encodeTwice = new Set(checkNames(doubleEncodePathParams));
  const client: Record<string, unknown> = { ...runtime };
  const configuredStyle = () => runtime.getConfig().responseStyle;
  const follows = () => followsEnvironment;
  client.request = prepared(runtime.request as Send, undefined, encodeTwice, policy, configuredStyle, follows);
  for (const name of METHODS) {
    client[name] = prepared(runtime[name] as Send, name.toUpperCase(), encodeTwice, policy, configuredStyle, follows);
  }
  const buildUrl: typeof runtime.buildUrl = (options) =>
    runtime.buildUrl(
      options.baseUrl === undefined && followsEnvironment ? { ...options, baseUrl: baseUrlFromEnvironment() } : options,
    );
  client.buildUrl = buildUrl;
  const getConfig = (): ZoomClientConfig => {
    const current: ZoomClientConfig = { ...(runtime.getConfig() as ZoomClientConfig), ...policy.options() };
    if (followsEnvironment) {
      try {
        current.baseUrl = baseUrlFromEnvironment();
      } catch {
        // A bad ZOOM_API_BASE_URL is reported by the call that would use it; the config has no base URL.
      }
    }
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
    const querySerializer = querySerializerOf(rest.querySerializer);
    if (querySerializer !== undefined) rest.querySerializer = querySerializer;
    policy.update(policyConfig);
    if (baseUrl !== undefined) followsEnvironment = false;
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

/**
 * Builds a product client: thrown errors and the request policy, plus the product's defaults. Without
 * `baseUrl` it sends to ZOOM_API_BASE_URL, else Zoom's, read at each call.
 */
export function createZoomClient(
  options: ZoomClientOptions = {},
  productConfig: ProductConfig = (c) => c as ZoomClientConfig,
): Client {
  // A ZOOM_API_LOG that names no level is refused when the client is made, as well as by each call (it is
  // read per call). Not in createClient: the generated default clients are made at import, which must not throw.
  if (options.logLevel === undefined) levelFromEnvironment();
  const base = createConfig<ZoomClientConfig>({
    throwOnError: true,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  });
  const { policy } = splitPolicy(options);
  return createClient(productConfig({ ...(base as ZoomClientConfig), headers: options.headers, ...policy }));
}
