// One call's state, from the moment the call is prepared (client.ts, before the runtime builds its
// Request) until its error, if any, is built. It travels with the call's options under CALL: hey-api
// spreads those options into the ones it hands the request, response and error interceptors, and the
// runtime sends the call through the `fetch` the client made for it, which the policy runs with this
// object. Nothing is kept on the Request or the Response: an interceptor may replace either
// (`new Request(req, …)`, `new Response(res.body, res)`), and whatever was keyed on the old object
// would be lost (the body excerpt of an error, the redaction of the call's token and the API secret).
import type { Transport } from '../transport/transport.js';
import type { PolicySettings } from './settings.js';

/**
 * One listing's state, handed to the request policy with each page's call under this key (a call
 * option; symbols never reach the Request): a client with `rateLimit` warns once per listing when the
 * next page cannot get its turn within `maxWait`. From the global registry, so that a paginate() of
 * one copy of core and a client of another understand each other.
 */
export const LISTING = Symbol.for('zoom-api.paginate.listing');

export interface Listing {
  /** When the listing's last page was let through by the rate limiter (epoch ms). */
  lastSentAt?: number;
  /** The once-per-listing warning was written. */
  warned?: boolean;
}

/** The key of a call's options that holds its Call; a symbol, so `new Request(url, options)` ignores it. */
export const CALL: unique symbol = Symbol('zoom-api.call');

let lastId = 0;

export class Call {
  /** The attempt in flight: 1 for the first, then 2, 3, … for the repeats (retries and the re-authentication). */
  attempt = 0;
  /** When the attempt in flight was handed to the transport (`performance.now()`). */
  startedAt = 0;
  /** Repeats after failures so far (counted against `maxRetries`; the re-authentication is not one). */
  retries = 0;
  /** A 401 was answered with a new token (once per call). */
  reauthenticated = false;
  /** The token minted after a 401, already asked for to see that it differs from the refused one. */
  renewed: string | undefined;
  /** What no error, log line or hook event of this call may show: its latest token and the auth's secrets. */
  secrets: readonly string[] = [];
  /** The first bytes of the body of the last response the transport read, for an error that quotes them. */
  bodyHead: Uint8Array | undefined;
  #id: string | undefined;

  constructor(
    /** Timeout, retry and maxResponseBytes: the client's, with the call's own over them. */
    readonly settings: PolicySettings,
    /** The call's `fetch` as a transport, else the client's, else the default one. */
    readonly transport: Transport,
    /** `GET /videosdk/sessions/{sessionId}`: the method and path template, for the rate limiter's category. */
    readonly route: string | undefined,
    /** The paginate() listing this call is a page of, when a rate limiter is on (it may warn about the next page). */
    readonly listing?: Listing,
  ) {}

  /** `req_7`: shared by the call's log lines and hook events; numbered when first asked for. */
  get requestId(): string {
    this.#id ??= `req_${++lastId}`;
    return this.#id;
  }

  /** Milliseconds since the attempt in flight was sent, whole. */
  elapsed(): number {
    return Math.round(performance.now() - this.startedAt);
  }
}

/** The Call of a call's options (as the runtime hands them to an interceptor), if the client made one. */
export function callOf(options: unknown): Call | undefined {
  const call = (options as { [CALL]?: unknown } | null | undefined)?.[CALL];
  return call instanceof Call ? call : undefined;
}
