import { readClock, toSeconds } from './clock.js';
import { checkFunction, checkRefreshBefore, checkSigningOptions, defaultRefreshBefore } from './options.js';
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
  expiresIn?: number | undefined;
  /**
   * Mint a new token once fewer than this many seconds are left. Default 300, or half of `expiresIn`
   * for a shorter-lived token (and always less than `expiresIn - clockSkew`).
   */
  refreshBefore?: number | undefined;
  /** Seconds `iat` is backdated to tolerate a local clock that runs ahead of Zoom's. Default 30. */
  clockSkew?: number | undefined;
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** Called once per signature, after signing and before the token is handed out. */
  onMint?: ((info: MintInfo) => void) | undefined;
}

interface CachedToken {
  token: string;
  iat: number;
  exp: number;
}

/** How many rejected tokens' claims are remembered (the oldest are forgotten first): about 0.5 MB. */
const MAX_REMEMBERED_REJECTIONS = 10_000;

/** The `iat` and `exp` of a token this module signed, read back from it; undefined for anything else. */
function claimsOf(token: string): { iat: number; exp: number } | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const { iat, exp } = JSON.parse(json) as { iat?: unknown; exp?: unknown };
    return typeof iat === 'number' && typeof exp === 'number' ? { iat, exp } : undefined;
  } catch {
    return undefined;
  }
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Creates a token source for Zoom's API JWT: mints on first use, hands out the cached token until
 * fewer than `refreshBefore` seconds are left, and lets concurrent callers share one mint.
 * Every option is checked here, so a bad one throws before any request is made.
 */
export function createZoomAuth(options: ZoomAuthOptions): ZoomAuth & Required<Pick<ZoomAuth, 'invalidate'>> {
  const { given, apiKey, apiSecret, clockSkew, expiresIn, now } = checkSigningOptions(options, 'createZoomAuth()');
  const secretKey = encodeSecret(apiSecret);
  const refreshBefore = checkRefreshBefore(
    'refreshBefore',
    given.refreshBefore ?? defaultRefreshBefore(expiresIn, clockSkew),
    expiresIn,
    clockSkew,
  );
  const onMint =
    given.onMint === undefined ? undefined : checkFunction<(info: MintInfo) => void>('onMint', given.onMint, 'a hook');

  let cached: CachedToken | undefined;
  let flight: Promise<string> | undefined;

  const isFresh = (entry: CachedToken, nowMs: number) => entry.exp * 1000 - nowMs >= refreshBefore * 1000;

  // HS256 is deterministic: the same claims give the same string, so a token minted after invalidate()
  // must differ in iat or exp from every token rejected before, or it would be the refused token again.
  // `rejected` remembers their claims (`iat:exp`) whatever the clock does since: a clock set back brings
  // old claims into reach again, so nothing is forgotten because it looks expired now (only the oldest,
  // past MAX_REMEMBERED_REJECTIONS).
  //
  // The candidates for a new token at `now`, best first: the full lifetime with iat from the backdated
  // `now - clockSkew` up to `now` (never past our clock: Zoom refuses a token "issued in the future");
  // then, for many 401s within one second, exp one second earlier over every iat of that window, then two,
  // and so on. None is taken that would not outlive refreshBefore: it would be due at once, and every
  // getToken() would mint again. With the defaults that is (clockSkew + 1) × (expiresIn − refreshBefore −
  // clockSkew) or so distinct tokens per second; past the last, getToken() rejects rather than hand out a
  // refused or useless token (./tokens-exhausted.ts).
  const rejected = new Set<string>();
  const reject = (claims: { iat: number; exp: number } | undefined) => {
    if (!claims) return;
    rejected.add(`${claims.iat}:${claims.exp}`);
    if (rejected.size > MAX_REMEMBERED_REJECTIONS) rejected.delete(rejected.values().next().value as string);
  };
  // Where the last search at this second stopped: the candidates before it were all rejected.
  let resume = { second: Number.NaN, cut: 0, step: 0 };
  const nextClaims = (nowMs: number): ApiJwtClaims | undefined => {
    const nowSeconds = toSeconds(nowMs);
    // Unexpired, and at least refreshBefore seconds to live.
    const minExp = Math.max(Math.ceil(nowMs / 1000 + refreshBefore), nowSeconds + 1);
    const start = resume.second === nowSeconds ? resume : { second: nowSeconds, cut: 0, step: 0 };
    for (let cut = start.cut; nowSeconds + expiresIn - cut >= minExp; cut++) {
      for (let step = cut === start.cut ? start.step : 0; step <= clockSkew; step++) {
        const iat = cut === 0 ? nowSeconds - clockSkew + step : nowSeconds - step;
        const exp = iat + expiresIn - cut;
        if (exp >= minExp && !rejected.has(`${iat}:${exp}`)) {
          resume = { second: nowSeconds, cut, step };
          return { iss: apiKey, iat, exp };
        }
      }
    }
    return undefined;
  };

  const mint = async (): Promise<string> => {
    const claims = nextClaims(readClock(now));
    if (!claims) throw (await import('./tokens-exhausted.js')).tokensExhausted();
    const token = await signClaims(claims, secretKey);
    onMint?.({ iat: claims.iat, exp: claims.exp });
    cached = { token, iat: claims.iat, exp: claims.exp };
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
    if (typeof rejectedToken === 'string' && cached?.token !== rejectedToken) {
      // An older token, already replaced: still never to be signed again.
      reject(claimsOf(rejectedToken));
      return;
    }
    reject(cached);
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
