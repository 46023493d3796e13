// Checks of caller-supplied options, shared by verifyWebhook, urlValidationResponse and the handler, built
// on the checks auth and core use too (@zoom-api/internal, inlined into this package's bundle).
import { checkNumber, checkString } from '@zoom-api/internal/checks';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export function checkSecretToken(secretToken: unknown): asserts secretToken is string {
  checkString('secretToken', secretToken, "the Secret Token from your Zoom app's Features → Access page");
}

export function checkTolerance(tolerance: unknown): number {
  if (tolerance === undefined) return DEFAULT_TOLERANCE_SECONDS;
  return checkNumber('tolerance', tolerance, { unit: 'seconds', min: 0, why: `default ${DEFAULT_TOLERANCE_SECONDS}` });
}

/** Catches the common mistake of passing the parsed body, whose signature can never match. */
export function checkRawBody(body: unknown): void {
  // Tags rather than instanceof, so bytes from another realm (vm, iframe, worker) are accepted too.
  const tag = Object.prototype.toString.call(body);
  if (typeof body === 'string' || tag === '[object Uint8Array]' || tag === '[object ArrayBuffer]') return;
  const got =
    body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body === 'object' ? 'an object' : typeof body;
  throw new TypeError(
    `body must be the raw request body (string, Uint8Array/Buffer or ArrayBuffer), got ${got}. ` +
      'Pass the bytes as received, before any JSON parsing: Zoom signs those bytes, not the parsed object.',
  );
}
