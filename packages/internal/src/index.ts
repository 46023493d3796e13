// The one way @zoom-api/auth, core and webhooks check the options they are given, so that the same
// mistake gets the same kind of error everywhere:
// - a value that is missing or of the wrong kind (a string where a number goes, no function, an empty
//   or blank string where text is required) is a TypeError;
// - a number outside what is allowed (negative, too large, a fraction where a whole number goes, NaN,
//   Infinity) is a RangeError;
// - the message names the option, says what was given and what to pass instead, and never repeats a
//   string's content: it could be a secret or a token passed in the wrong place.
//
// This package is private and source-only: consumers list it in devDependencies, which tsdown bundles,
// so each published package carries its own copy and no published package depends on it.

/** What was given, for a message: never a string's content. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (value == null || typeof value === 'number') return String(value);
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

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

/** Node's timers hold at most 2^31-1 ms (about 24.8 days): a longer delay fires after 1 ms, with a warning. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A URL as a message may show it: a user name and a password, each where present, replaced by `***`;
 * `(not a URL)` for a string that does not parse (it could be a secret passed in the wrong place).
 */
export function describeUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.username) url.username = '***';
    if (url.password) url.password = '***';
    return url.href;
  } catch {
    return '(not a URL)';
  }
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

// Environment variables that only tune behaviour (ZOOM_API_LOG, the API secret to keep out of messages),
// read where reading may not be allowed: Deno without `--allow-env` throws on every read, and a call must
// not fail over a setting the user never made.
//
// Here rather than in a module of its own: core's start-up code and its on-demand chunks both read the
// environment, and in a consumer's bundle code they share becomes a chunk of its own, loaded at start;
// one module of such code makes one chunk.
/**
 * The variable's value; undefined when it is unset, where there is no `process` (browsers, Workers), and
 * where the runtime refuses the read (Deno without `--allow-env` for it), as a setting we may not read is
 * one the user did not make for us.
 */
export function optionalEnv(name: string): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    return undefined;
  }
}
