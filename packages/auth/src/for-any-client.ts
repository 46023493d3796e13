// Our bearer handling for clients we don't generate: another repo's hey-api client (from a document we
// don't package) or any fetch-based code. Core's request policy does the same for our own clients.
//
// - zoomAuthInterceptor(auth): a hey-api request interceptor (`client.interceptors.request.use(…)`) that
//   sets `Authorization: Bearer <token>` on every request. It cannot repeat a request, so a 401 is the
//   caller's; use zoomAuthFetch for that.
// - zoomAuthFetch(auth, fetch?): a `fetch` that sets the header and, on a 401, invalidates that token,
//   mints a new one and sends the request once more (its body replayed from a copy). Pass it as hey-api's
//   `fetch` option, or call it like fetch.
import type { ZoomAuth } from './auth.js';
import { checkFunction } from './options.js';

/** @deprecated Use `ZoomAuth`, the one token-source type (the same shape); kept because 1.0 exported it. */
export type BearerSource = ZoomAuth;

/** A `fetch`: the global one's signature. */
export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

function checkSource(auth: unknown, caller: string): ZoomAuth {
  if (typeof (auth as ZoomAuth | null)?.getToken !== 'function') {
    throw new TypeError(`${caller} needs an auth with getToken(), e.g. createZoomAuth({ apiKey, apiSecret }).`);
  }
  return auth as ZoomAuth;
}

/** A hey-api request interceptor that sets the bearer header from `auth` on every request. */
export function zoomAuthInterceptor(auth: ZoomAuth): (request: Request) => Promise<Request> {
  const source = checkSource(auth, 'zoomAuthInterceptor()');
  return async (request) => {
    request.headers.set('authorization', `Bearer ${await source.getToken()}`);
    return request;
  };
}

/**
 * A `fetch` that sends every request with the bearer header from `auth` and, when the answer is 401,
 * drops that token (`auth.invalidate(token)`), mints a new one and sends the request once more; a
 * second 401 is returned as it is. `fetch` defaults to the global one, looked up per call.
 */
export function zoomAuthFetch(auth: ZoomAuth, fetch?: FetchFunction): FetchFunction {
  const source = checkSource(auth, 'zoomAuthFetch()');
  const given =
    fetch === undefined ? undefined : checkFunction<FetchFunction>('fetch', fetch, 'with the signature of fetch');
  const send = (request: Request) => (given ?? globalThis.fetch)(request);
  const attempt = async (request: Request) => {
    const token = await source.getToken();
    request.headers.set('authorization', `Bearer ${token}`);
    return { token, response: await send(request) };
  };
  return async (input, init) => {
    const original = new Request(input, init);
    // The first attempt sends a copy, so the body can be sent again after a 401.
    const first = await attempt(original.clone());
    if (first.response.status !== 401) return first.response;
    await first.response.body?.cancel().catch(() => {});
    source.invalidate?.(first.token);
    return (await attempt(original)).response;
  };
}
