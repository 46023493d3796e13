// Checks for every option, shared by createZoomAuth(), signApiJwt() and the zoom-jwt command, built on
// the checks core and webhooks use too (@zoom-api/internal, inlined into this package's bundle).
// Messages name the option and the allowed range, and never repeat a string value: a string
// could be the API secret (or a token) passed in the wrong place.
import { checkFunction, checkNumber, checkObject, checkString } from '@zoom-api/internal/checks';
import { MIN_API_SECRET_LENGTH } from './api-secret.js';
import type { Clock } from './clock.js';

/** Zoom accepts API JWTs for at most 48 hours; we refuse to mint longer-lived ones. */
export const MAX_EXPIRES_IN = 172_800;
export const DEFAULT_EXPIRES_IN = 3_600;
export const DEFAULT_REFRESH_BEFORE = 300;
/** Zoom's own sample backdates `iat` by 30 s; see the README's "Clock skew". */
export const DEFAULT_CLOCK_SKEW = 30;
export const MAX_CLOCK_SKEW = 600;

export { describeValue } from '@zoom-api/internal';
export { checkFunction } from '@zoom-api/internal/checks';

/**
 * The default `refreshBefore`: 300 s, but at most half of `expiresIn` (a 5-minute token is used for
 * 2.5 minutes, not refused), and below `expiresIn - clockSkew`, the most a fresh token has left.
 */
export function defaultRefreshBefore(expiresIn: number, clockSkew: number): number {
  return Math.max(0, Math.min(DEFAULT_REFRESH_BEFORE, Math.floor(expiresIn / 2), expiresIn - clockSkew - 1));
}

/**
 * A credential: a non-empty string without surrounding whitespace. Zoom's keys and secrets never
 * contain whitespace, so a leading or trailing one is a copy-paste or .env mistake that would
 * otherwise surface much later as a 401.
 */
export function checkCredential(name: string, value: unknown, what: string): string {
  if (value == null) throw new TypeError(`${name} is required: pass ${what} as a non-empty string.`);
  checkString(name, value, what);
  if ((value as string).trim() !== value) {
    throw new TypeError(
      `${name} has leading or trailing whitespace (often a stray newline from a .env file or a copy); remove it.`,
    );
  }
  return value as string;
}

/** An API secret: a credential (see checkCredential) of at least MIN_API_SECRET_LENGTH characters. */
export function checkApiSecret(name: string, value: unknown): string {
  const secret = checkCredential(name, value, 'your Zoom API secret');
  if (secret.length < MIN_API_SECRET_LENGTH) {
    throw new TypeError(
      `${name} is shorter than ${MIN_API_SECRET_LENGTH} characters, so it cannot be a Zoom API secret (Zoom's are ` +
        "longer): copy the whole secret from your app's credentials in the Zoom App Marketplace.",
    );
  }
  return secret;
}

/** A whole number of seconds in [min, max]; `why` explains a bound that depends on other options. */
export function checkSeconds(name: string, value: unknown, min: number, max: number, why = ''): number {
  return checkNumber(name, value, { unit: 'seconds', min, max, whole: true, why });
}

export function checkOptionsObject(value: unknown, caller: string): Record<string, unknown> {
  return checkObject(`${caller}'s options`, value, '{ apiKey, apiSecret }');
}

/** The smallest lifetime that leaves a token unexpired after backdating `iat` by `clockSkew`. */
export function checkExpiresIn(name: string, value: unknown, clockSkew: number): number {
  const backdated = clockSkew > 0 ? `longer than the ${clockSkew} s iat is backdated by (clockSkew); ` : '';
  return checkSeconds(name, value, clockSkew + 1, MAX_EXPIRES_IN, `${backdated}at most 48 hours`);
}

export function checkClockSkew(name: string, value: unknown): number {
  return checkSeconds(name, value, 0, MAX_CLOCK_SKEW);
}

/**
 * A fresh token has `expiresIn - clockSkew` seconds left on our clock; `refreshBefore` must be
 * smaller, or every call would find the token already due and mint again.
 */
export function checkRefreshBefore(name: string, value: unknown, expiresIn: number, clockSkew: number): number {
  const bound = clockSkew > 0 ? ` minus clockSkew, ${expiresIn} - ${clockSkew}` : `, ${expiresIn}`;
  return checkSeconds(name, value, 0, expiresIn - clockSkew - 1, `smaller than expiresIn${bound}`);
}

/** What createZoomAuth() and signApiJwt() both take, checked alike and in the same order, defaults applied. */
export function checkSigningOptions(options: unknown, caller: string) {
  const given = checkOptionsObject(options, caller);
  const apiKey = checkCredential('apiKey', given.apiKey, 'your Zoom API key');
  const apiSecret = checkApiSecret('apiSecret', given.apiSecret);
  const clockSkew = checkClockSkew('clockSkew', given.clockSkew ?? DEFAULT_CLOCK_SKEW);
  const expiresIn = checkExpiresIn('expiresIn', given.expiresIn ?? DEFAULT_EXPIRES_IN, clockSkew);
  const now = checkFunction<Clock>('now', given.now ?? Date.now, 'returning milliseconds since the epoch');
  return { given, apiKey, apiSecret, clockSkew, expiresIn, now };
}
