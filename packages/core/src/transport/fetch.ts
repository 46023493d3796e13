// The adapter that turns a fetch-style function (the `fetch` option, or the platform's fetch off Node)
// into a transport. On Node it is loaded only for a client or call with its own `fetch`
// (../policy/request-policy.ts); it is the default transport elsewhere (../transport-fetch.ts).

import { contentLength, readWithin } from '@zoom-api/internal/read-within';
import type { BufferedResponse } from './buffered-response.js';
import { AttemptTimeout, ResponseCutOff, ResponseTooLarge, type Transport } from './transport.js';

/** The `fetch` option: called as fetch(request, { signal }), and must honour the signal. */
export type FetchLike = (request: Request, init: { signal: AbortSignal }) => Promise<Response>;

/**
 * A fetch as a transport. The bearer header goes on the Request for the attempt only (the Request
 * is handed back to the caller, who may log it). The fetch gets one signal that aborts with the
 * caller's reason or when the timeout runs out; the body is read (and counted against
 * `maxResponseBytes`) before the attempt ends, so the timeout covers it too, and the Response handed
 * back is buffered like the Node transport's: a `Buffered` (./buffered-response.ts). The caller hands
 * that class over rather than this module importing it: on Node this module loads on demand, and in a
 * consumer's bundle a start-up module that an on-demand one imports becomes a chunk of its own, loaded
 * at start beside the entry. The timer and the listener on the caller's signal are removed when the
 * attempt ends, so nothing is left behind.
 */
export function fetchTransport(fetch: FetchLike, Buffered: typeof BufferedResponse): Transport {
  return async (request, { signal, timeout, authorization, maxResponseBytes }) => {
    const controller = new AbortController();
    const abort = () => controller.abort(signal.reason);
    const timer = setTimeout(() => controller.abort(), timeout);
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort);
    request.headers.set('authorization', authorization);
    let status: number | undefined;
    try {
      // The body is read here, under the same timer and signal: a body that stalls times out too, and
      // one larger than maxResponseBytes is cancelled as soon as the count passes the limit.
      const response = await fetch(request, { signal: controller.signal });
      status = response.status;
      const bytes = await readBody(response, maxResponseBytes);
      const init = { status: response.status, statusText: response.statusText, headers: response.headers };
      return new Buffered(bytes, init, response.url);
    } catch (error) {
      // Aborted, and not by the caller: the timer did it (whatever the fetch rejected with).
      throw controller.signal.aborted && !signal.aborted ? new AttemptTimeout(status) : error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      request.headers.delete('authorization');
    }
  };
}

function readBody(response: Response, limit: number): Promise<Uint8Array | null> {
  const declaredLength = response.headers.get('content-length');
  return readWithin(response.body, limit, {
    declaredLength,
    tooLarge: () => new ResponseTooLarge(response.status, response.headers.get('content-type') ?? undefined, limit),
    // The server answered and the body broke off (a reset, fewer bytes than Content-Length). An abort
    // (timeout, caller) is told apart by the caller of readBody from its signal.
    broken: (error, received) => new ResponseCutOff(response.status, received, contentLength(declaredLength), error),
  });
}
