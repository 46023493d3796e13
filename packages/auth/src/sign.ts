// The one jose module signing needs: its root import loads every algorithm and format, about twice
// the start-up time (measured: ~100 ms against ~50 ms for this subpath on this machine).
import { CompactSign } from 'jose/jws/compact/sign';
import { readClock, toSeconds } from './clock.js';
import { checkSigningOptions } from './options.js';

/** The whole payload of a Zoom API JWT: nothing more, nothing less. */
export interface ApiJwtClaims {
  /** The API key. */
  iss: string;
  /** Issued at, whole seconds since the epoch (backdated by `clockSkew`). */
  iat: number;
  /**
   * Expires at, whole seconds since the epoch: `iat + expiresIn` (always, for signApiJwt). createZoomAuth()
   * ends a token a second or more earlier only when a storm of 401s has used up every `iat` it may give
   * within one second, so that the new token still differs from the rejected ones (the README's "401 and
   * the same-second problem").
   */
  exp: number;
}

export interface SignApiJwtOptions {
  /** Zoom API key (becomes `iss`). */
  apiKey: string;
  /** Zoom API secret (the HS256 key). */
  apiSecret: string;
  /** Token lifetime in seconds, `exp - iat`. Default 3600, at most 172800 (48 h). */
  expiresIn?: number | undefined;
  /** Seconds `iat` is backdated to tolerate a local clock that runs ahead of Zoom's. Default 30. */
  clockSkew?: number | undefined;
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: (() => number) | undefined;
}

// Exactly this header, in this order: `{"alg":"HS256","typ":"JWT"}`.
const PROTECTED_HEADER = { alg: 'HS256', typ: 'JWT' } as const;

const utf8 = new TextEncoder();

export function encodeSecret(apiSecret: string): Uint8Array {
  return utf8.encode(apiSecret);
}

/**
 * Signs exactly the given claims, in the order iss, iat, exp. A JWT is a JWS whose payload is the
 * claims' JSON, so jose's CompactSign is enough; SignJWT would add claim handling we never use.
 */
export function signClaims(claims: ApiJwtClaims, key: Uint8Array): Promise<string> {
  const payload = JSON.stringify({ iss: claims.iss, iat: claims.iat, exp: claims.exp });
  return new CompactSign(utf8.encode(payload)).setProtectedHeader(PROTECTED_HEADER).sign(key);
}

export function claimsAt(apiKey: string, nowMs: number, expiresIn: number, clockSkew: number): ApiJwtClaims {
  const iat = toSeconds(nowMs) - clockSkew;
  return { iss: apiKey, iat, exp: iat + expiresIn };
}

/**
 * Mints one API JWT, with no caching. Prefer `createZoomAuth()` for requests; this is for one-off
 * tokens (scripts, the `zoom-jwt` command). Rejects with a TypeError/RangeError on a bad option.
 */
export async function signApiJwt(options: SignApiJwtOptions): Promise<string> {
  const { apiKey, apiSecret, clockSkew, expiresIn, now } = checkSigningOptions(options, 'signApiJwt()');
  return signClaims(claimsAt(apiKey, readClock(now), expiresIn, clockSkew), encodeSecret(apiSecret));
}
