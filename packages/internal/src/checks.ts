// The one way @zoom-api/auth, core and webhooks check the options they are given, so that the same
// mistake gets the same kind of error everywhere:
// - a value that is missing or of the wrong kind (a string where a number goes, no function, an empty
//   or blank string where text is required) is a TypeError;
// - a number outside what is allowed (negative, too large, a fraction where a whole number goes, NaN,
//   Infinity) is a RangeError;
// - the message names the option, says what was given and what to pass instead, and never repeats a
//   string's content: it could be a secret or a token passed in the wrong place.
//
// A module apart from ./index.ts: only code that runs when a client or an auth is made calls these
// checks, never core's modules loaded on demand, so in a consumer's bundle they stay in the entry
// beside the other copy (auth's build and core's each inline this package) instead of in the start-up
// chunk that ./index.ts's shared helpers make.
import { describeValue } from './index.js';

/**
 * The kind of a value (`a number`, `an array`, …), never the value: for options that should hold a
 * secret, where a number given by mistake may well be the secret itself.
 */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'undefined' ? 'undefined' : type === 'object' ? 'a value of type object' : `a ${type}`;
}

export interface NumberRule {
  /** What the number counts, e.g. `seconds`, `milliseconds`, `retries`. */
  unit: string;
  min: number;
  /** Omitted: no upper bound (the value must still be finite). */
  max?: number;
  /** Only whole numbers. */
  whole?: boolean;
  /** Why a bound is where it is, e.g. `at most 48 hours`; added in parentheses. */
  why?: string;
}

/** A finite number within `rule`; TypeError for a non-number, RangeError for a number outside it. */
export function checkNumber(name: string, value: unknown, rule: NumberRule): number {
  const kind = rule.whole ? 'a whole number' : 'a number';
  const range =
    rule.max === undefined ? `of ${rule.unit}, ${rule.min} or more` : `of ${rule.unit} from ${rule.min} to ${rule.max}`;
  const expected = `${kind} ${range}${rule.why ? ` (${rule.why})` : ''}`;
  if (typeof value !== 'number') throw new TypeError(`${name} must be ${expected}; got ${describeValue(value)}.`);
  const inRange =
    Number.isFinite(value) &&
    value >= rule.min &&
    (rule.max === undefined || value <= rule.max) &&
    (!rule.whole || Number.isInteger(value));
  if (!inRange) throw new RangeError(`${name} must be ${expected}; got ${describeValue(value)}.`);
  return value;
}

/** A function; `what` says what it is for, e.g. `returning milliseconds since the epoch`. */
export function checkFunction<T>(name: string, value: unknown, what: string): T {
  if (typeof value !== 'function') {
    throw new TypeError(`${name} must be a function (${what}); got ${describeValue(value)}.`);
  }
  return value as T;
}

/** A plain object (not null, not an array); `example` shows one, e.g. `{ apiKey, apiSecret }`. */
export function checkObject(name: string, value: unknown, example: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object such as ${example}; got ${describeValue(value)}.`);
  }
  return value as Record<string, unknown>;
}

/**
 * A string with something in it; `what` says what it is, e.g. `your Zoom API key`. Whatever was
 * given is never echoed, not even a number: strings are where secrets go.
 */
export function checkString(name: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? 'an empty or blank string' : describeKind(value);
    throw new TypeError(`${name} must be a non-empty string (${what}); got ${got}.`);
  }
  return value;
}
