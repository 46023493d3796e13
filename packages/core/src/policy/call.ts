// One call's state, from the moment the call is prepared (client.ts, before the runtime builds its
// Request) until its error, if any, is built. It travels with the call's options under CALL: hey-api
// spreads those options into the ones it hands the request, response and error interceptors, and the
// runtime sends the call through the `fetch` the client made for it, which the policy runs with this
// object. Nothing is kept on the Request or the Response: an interceptor may replace either
// (`new Request(req, …)`, `new Response(res.body, res)`), and whatever was keyed on the old object
// would be lost (the body excerpt of an error, the redaction of the call's token and the API secret).
import type { Listing } from '../paginate.js';
import type { RateLimitCategory } from '../rate-limit/store.js';
import type { Transport } from '../transport/transport.js';
import type { PolicySettings } from './settings.js';

/** The key of a call's options that holds its Call; a symbol, so `new Request(url, options)` ignores it. */
export const CALL: unique symbol = Symbol('zoom-api.call');

let lastId = 0;

export class Call {
  /** The attempt in flight: 1 for the first, then 2, 3, … for the repeats (retries and the re-authentication). */
  attempt = 0;
  /** When the attempt in flight was handed to the transport (`performance.now()`). */
  startedAt = 0;
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
    /** From the method and path template; draws on the rate limiter's budget of that category. */
    readonly category: RateLimitCategory,
    /** The paginate() listing this call is a page of, when a rate limiter is on (it may warn about the next page). */
    readonly listing?: Listing,
  ) {}

  /** `req_7`: shared by the call's log lines and hook events; numbered when first asked for. */
  get requestId(): string {
    this.#id ??= `req_${++lastId}`;
    return this.#id;
  }
}

/** The Call of a call's options (as the runtime hands them to an interceptor), if the client made one. */
export function callOf(options: unknown): Call | undefined {
  const call = (options as { [CALL]?: unknown } | null | undefined)?.[CALL];
  return call instanceof Call ? call : undefined;
}
