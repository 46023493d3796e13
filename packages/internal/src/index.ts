// What the published packages share without a published package for it: how a message describes a value
// or a URL, the longest timer, reading a tuning variable. The option checks built on them are in
// ./checks.ts (the subpath `@zoom-api/internal/checks`).
//
// This package is private and source-only: consumers list it in devDependencies, which tsdown bundles,
// so each published package carries its own copy and no published package depends on it.

/** What was given, for a message: never a string's content. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (value == null || typeof value === 'number') return String(value);
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
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

// Environment variables that only tune behaviour (ZOOM_API_LOG, the API secret to keep out of messages),
// read where reading may not be allowed: Deno without `--allow-env` throws on every read, and a call must
// not fail over a setting the user never made.
//
// Here rather than in a module of its own: core's start-up code and its on-demand chunks both use this
// module, and in a consumer's bundle the code they share becomes a chunk of its own, loaded at start;
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
