import { type Clock, readClock, toSeconds } from './clock.js';
import {
  checkClockSkew,
  checkCredential,
  checkExpiresIn,
  checkFunction,
  checkOptionsObject,
  checkRefreshBefore,
  DEFAULT_CLOCK_SKEW,
  DEFAULT_EXPIRES_IN,
  defaultRefreshBefore,
} from './options.js';
import { type ApiJwtClaims, encodeSecret, signClaims } from './sign.js';

/**
 * Key of a ZoomAuth's optional method that returns the strings it signs with (an API secret), which
 * @zoom-api/core then keeps out of every error message and log line it writes, as it does the token and
 * ZOOM_API_SECRET. A registered symbol, so that every copy of this package (and a source written without
 * importing it, through `Symbol.for`) uses the same key; the string stays as @zoom-api/core 1.0 shipped it.
 * Define the method non-enumerable, so that printing or serialising the source does not point at it.
 */
export const ZOOM_AUTH_SECRETS: unique symbol = Symbol.for('@zoom-api/token-provider-secrets');

/**
 * A source of bearer tokens: what every @zoom-api client (`auth`), `zoomAuthFetch()` and
 * `zoomAuthInterceptor()` take, and what `createZoomAuth()` returns. Anything with `getToken()` is one.
 */
export interface ZoomAuth {
  getToken(): Promise<string>;
  /**
   * Drops the cached token, so that the next `getToken()` hands out a new one; called with the token
   * Zoom answered 401 to. Pass the token that was rejected: if the cache already holds a newer one
   * (another request got its 401 first), nothing is dropped and no extra mint happens. Optional for a
   * source that does not cache; `createZoomAuth()`'s always has it.
   */
  invalidate?(rejectedToken?: string): void;
  /** Strings to keep out of errors and logs (see ZOOM_AUTH_SECRETS). */
  [ZOOM_AUTH_SECRETS]?(): readonly string[];
}

/** What `onMint` is told about each signature: times only, never the secret or the token. */
export interface MintInfo {
  iat: number;
  exp: number;
}

export interface ZoomAuthOptions {
  /** Zoom API key (becomes `iss`). */
  apiKey: string;
  /** Zoom API secret (the HS256 key). Kept in a closure; never printed. */
  apiSecret: string;
  /** Token lifetime in seconds, `exp - iat`. Default 3600, at most 172800 (48 h). */
  expiresIn?: number;
  /**
   * Mint a new token once fewer than this many seconds are left. Default 300, or half of `expiresIn`
   * for a shorter-lived token (and always less than `expiresIn - clockSkew`).
   */
  refreshBefore?: number;
  /** Seconds `iat` is backdated to tolerate a local clock that runs ahead of Zoom's. Default 30. */
  clockSkew?: number;
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Called once per signature, after signing and before the token is handed out. */
  onMint?: (info: MintInfo) => void;
}

interface CachedToken {
  token: string;
  exp: number;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Creates a token source for Zoom's API JWT: mints on first use, hands out the cached token until
 * fewer than `refreshBefore` seconds are left, and lets concurrent callers share one mint.
 * Every option is checked here, so a bad one throws before any request is made.
 */
export function createZoomAuth(options: ZoomAuthOptions): ZoomAuth & Required<Pick<ZoomAuth, 'invalidate'>> {
  const given = checkOptionsObject(options, 'createZoomAuth()');
  const apiKey = checkCredential('apiKey', given.apiKey, 'your Zoom API key');
  const apiSecret = checkCredential('apiSecret', given.apiSecret, 'your Zoom API secret');
  const secretKey = encodeSecret(apiSecret);
  const clockSkew = checkClockSkew('clockSkew', given.clockSkew ?? DEFAULT_CLOCK_SKEW);
  const expiresIn = checkExpiresIn('expiresIn', given.expiresIn ?? DEFAULT_EXPIRES_IN, clockSkew);
  const refreshBefore = checkRefreshBefore(
    'refreshBefore',
    given.refreshBefore ?? defaultRefreshBefore(expiresIn, clockSkew),
    expiresIn,
    clockSkew,
  );
  const now = checkFunction<Clock>('now', given.now ?? Date.now, 'returning milliseconds since the epoch');
  const onMint =
    given.onMint === undefined ? undefined : checkFunction<(info: MintInfo) => void>('onMint', given.onMint, 'a hook');

  let cached: CachedToken | undefined;
  let flight: Promise<string> | undefined;
  let lastIat = Number.NEGATIVE_INFINITY;

  const isFresh = (entry: CachedToken, nowMs: number) => entry.exp * 1000 - nowMs >= refreshBefore * 1000;

  // HS256 is deterministic: the same claims give the same string, so a token minted after
  // invalidate() must differ in iat or exp from every token handed out before, without ever putting
  // iat past our clock (Zoom refuses a token "issued in the future"). Each new token takes the next
  // second after the last iat, from the backdated `now - clockSkew` up to `now`; once those seconds
  // are used (many 401s within one second), it keeps iat at `now` and ends its life one second
  // earlier than the last token with that iat did. `shortened` counts, per iat, the tokens already
  // signed with it; entries whose tokens have all expired are dropped, so it stays small.
  const shortened = new Map<number, number>();
  const nextClaims = (nowMs: number): ApiJwtClaims => {
    const nowSeconds = toSeconds(nowMs);
    const iat = Math.min(Math.max(nowSeconds - clockSkew, lastIat + 1), nowSeconds);
    for (const [usedIat] of shortened) if (usedIat + expiresIn <= nowSeconds) shortened.delete(usedIat);
    const earlier = shortened.get(iat) ?? 0;
    shortened.set(iat, earlier + 1);
    return { iss: apiKey, iat, exp: iat + expiresIn - earlier };
  };

  const mint = async (): Promise<string> => {
    const claims = nextClaims(readClock(now));
    const token = await signClaims(claims, secretKey);
    lastIat = claims.iat;
    onMint?.({ iat: claims.iat, exp: claims.exp });
    cached = { token, exp: claims.exp };
    return token;
  };

  const getToken = async (): Promise<string> => {
    // A mint in flight means the cache is empty or due: everyone waits for that one mint.
    if (flight) return flight;
    if (cached && isFresh(cached, readClock(now))) return cached.token;
    const current = mint();
    flight = current;
    const land = () => {
      if (flight === current) flight = undefined;
    };
    current.then(land, land);
    return current;
  };

  const invalidate = (rejectedToken?: string): void => {
    // A mint in flight is left alone: its token has not been handed out, so it was not rejected.
    if (typeof rejectedToken === 'string' && cached?.token !== rejectedToken) return;
    cached = undefined;
  };

  // What String(), JSON.stringify() and util.inspect() show: the public settings, never the
  // secret or a token (those live only in this closure).
  const publicSettings = () => ({ apiKey, expiresIn, refreshBefore, clockSkew });

  const auth = {
    getToken,
    invalidate,
    toString: () => `ZoomAuth(apiKey: ${apiKey}, expiresIn: ${expiresIn}s, refreshBefore: ${refreshBefore}s)`,
    toJSON: publicSettings,
    // Node (>= 16.14) passes its own inspect as the third argument.
    [INSPECT]: (_depth: number, inspectOptions: unknown, inspect: (value: unknown, options: unknown) => string) =>
      `ZoomAuth ${inspect(publicSettings(), inspectOptions)}`,
  };
  // Not enumerable: no spread, Object.assign, JSON or inspect of the auth copies or mentions it.
  Object.defineProperty(auth, ZOOM_AUTH_SECRETS, { value: () => [apiSecret] });
  return Object.freeze(auth);
}
