// What the request policy hands a transport for one attempt, and the adapter that turns a
// fetch-style function (the `fetch` option, or the platform's fetch) into a transport.

import { contentLength, readWithin } from '@zoom-api/internal/read-within';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../policy/settings.js';
import { BufferedResponse } from './buffered-response.js';
import type { ProxyOption } from './proxy-option.js';

/** One attempt of a request, as the policy hands it to a transport. */
export interface Attempt {
  /** The caller's signal: when it aborts, the transport rejects with its reason. */
  signal: AbortSignal;
  /** Milliseconds the attempt may take; then the transport rejects with an AttemptTimeout. */
  timeout: number;
  /** The `Authorization` header of this attempt. */
  authorization: string;
  /** The client's `proxy` option (the Node transport's; a `fetch` brings its own networking). */
  proxy?: ProxyOption | undefined;
  /** Largest body to read; a larger one rejects with ResponseTooLarge. Default DEFAULT_MAX_RESPONSE_BYTES. */
  maxResponseBytes?: number;
}

/** Sends one attempt. It may read `request`'s body: the policy passes a copy when a repeat may follow. */
export type Transport = (request: Request, attempt: Attempt) => Promise<Response>;

/** The `fetch` option: called as fetch(request, { signal }), and must honour the signal. */
export type FetchLike = (request: Request, init: { signal: AbortSignal }) => Promise<Response>;

/** A transport's rejection when the attempt's `timeout` ran out. */
export class AttemptTimeout extends Error {
  constructor(
    /** The status of response headers that had arrived when time ran out (a stalled body); else undefined. */
    readonly status?: number,
  ) {
    super('the attempt timed out');
  }
}

/**
 * A transport's rejection when the connection ended after the response headers and before the whole
 * body (fewer bytes than Content-Length, or a reset): the server was reached, so this is not a
 * failure to connect. `cause` is the network error.
 */
export class ResponseCutOff extends Error {
  constructor(
    /** The status the headers announced. */
    readonly status: number,
    /** Body bytes that arrived. */
    readonly received: number,
    /** The declared Content-Length, when there was one. */
    readonly expected: number | undefined,
    cause: unknown,
  ) {
    super('the response was cut off', { cause });
  }
}

/**
 * A transport's rejection when the proxy itself refused the request: its answer to CONNECT (the tunnel
 * for an https: target) was not 200, or it answered a forwarded request 407. Nothing reached Zoom.
 * `proxy` is the proxy's URL with any credentials replaced by `***`.
 */
export class ProxyRefused extends Error {
  constructor(
    readonly proxy: string,
    readonly status: number,
    statusText: string | undefined,
    tunnel: boolean,
  ) {
    const answer = `${tunnel ? 'CONNECT answered ' : 'answered '}${status}${statusText ? ` ${statusText}` : ''}`;
    const fix =
      status === 407
        ? 'check the user and password in the proxy URL (HTTPS_PROXY / HTTP_PROXY, or the proxy option)'
        : "the proxy's rules may not allow this host; set NO_PROXY or the proxy option if it should not be used";
    super(`the proxy ${proxy} refused the ${tunnel ? 'tunnel' : 'request'} (${answer}): ${fix}`);
  }
}

/** A transport's rejection when the body is larger than `maxResponseBytes`; what was read is dropped. */
export class ResponseTooLarge extends Error {
  constructor(
    readonly status: number,
    readonly contentType: string | undefined,
    readonly limit: number,
  ) {
    super('the response is larger than maxResponseBytes');
  }
}

/**
 * A fetch as a transport. The bearer header goes on the Request for the attempt only (the Request
 * is handed back to the caller, who may log it). The fetch gets one signal that aborts with the
 * caller's reason or when the timeout runs out; the body is read (and counted against
 * `maxResponseBytes`) before the attempt ends, so the timeout covers it too, and the Response handed
 * back is buffered like the Node transport's. The timer and the listener on the caller's signal are
 * removed when the attempt ends, so nothing is left behind.
 */
export function fetchTransport(fetch: FetchLike): Transport {
  return async (request, { signal, timeout, authorization, maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES }) => {
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
      return new BufferedResponse(bytes, init, response.url);
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
