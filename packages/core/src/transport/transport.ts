// What the policy hands a transport for one attempt, and how an attempt can fail. The transports are
// ./node.ts (Node's default) and ./fetch.ts (a fetch-style function: the `fetch` option, or the
// platform's fetch off Node). The Node transport loads this module's errors when an attempt fails
// (`import()`): only code that runs on a failure refers to them, so a call that succeeds loads none.

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
  /**
   * Largest body to read; a larger one rejects with ResponseTooLarge. Always given: the policy resolves
   * the option with its default (../policy/settings.ts), so the transports, which may load on demand,
   * need nothing from that start-up module.
   */
  maxResponseBytes: number;
}

/** Sends one attempt. It may read `request`'s body: the policy passes a copy when a repeat may follow. */
export type Transport = (request: Request, attempt: Attempt) => Promise<Response>;

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
