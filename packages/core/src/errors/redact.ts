import { optionalEnv } from '@zoom-api/internal';
import { redact as redactText } from '@zoom-api/internal/redact';

/**
 * `text` without anything that can authenticate (the one redaction, `@zoom-api/internal/redact`: tokens,
 * JWTs, URL credentials, `secrets`), and without the API secret of the environment (ZOOM_API_SECRET, which
 * the default auth signs with). Every ZoomError message and cause, and every log line, goes through it.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  return redactText(text, [...secrets, optionalEnv('ZOOM_API_SECRET')]);
}

/**
 * An error as `util.inspect` and `console.error` print it (message, stack, own properties such as Node's
 * `input` of an invalid URL, and its causes), with every string redacted. The same error when nothing needed
 * hiding; otherwise a copy of the same class. Anything that is not an Error is returned as it is.
 */
export function redactCause(cause: unknown, secrets: readonly (string | undefined)[] = [], depth = 0): unknown {
  if (!(cause instanceof Error) || depth > 8) return cause;
  const copy = Object.create(Object.getPrototypeOf(cause)) as Error;
  let changed = false;
  for (const key of Reflect.ownKeys(cause)) {
    const descriptor = Object.getOwnPropertyDescriptor(cause, key) as PropertyDescriptor;
    // `stack` may be an accessor (it is on some engines): its text is what gets printed.
    const value = 'value' in descriptor ? descriptor.value : key === 'stack' ? cause.stack : undefined;
    if (!('value' in descriptor) && key !== 'stack') {
      Object.defineProperty(copy, key, descriptor);
      continue;
    }
    let safe: unknown = value;
    if (typeof value === 'string') safe = redact(value, secrets);
    else if (value instanceof Error) safe = redactCause(value, secrets, depth + 1);
    else if (Array.isArray(value) && value.some((item) => item instanceof Error)) {
      const items = value.map((item) => redactCause(item, secrets, depth + 1));
      if (items.some((item, i) => item !== value[i])) safe = items;
    }
    if (safe !== value) changed = true;
    Object.defineProperty(copy, key, {
      value: safe,
      writable: true,
      configurable: true,
      enumerable: descriptor.enumerable ?? false,
    });
  }
  return changed ? copy : cause;
}

/**
 * A network error as its name and code (`Error ECONNRESET`), never its message: the message may quote a
 * URL with credentials (a proxy's). For log lines and hook events.
 */
export function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? (error.name === 'Error' ? error.constructor.name : error.name) : typeof error;
  return typeof code === 'string' ? `${name} ${code}` : name;
}
