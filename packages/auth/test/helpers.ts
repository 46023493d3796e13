// Shared test helpers: a clock the test moves by hand, and an independent view of a JWT's parts.
import { createHmac } from 'node:crypto';

export const API_KEY = 'test-api-key-Zx9';
// Distinctive enough that a substring search cannot hit by accident.
export const API_SECRET = 'S3cr3t-Value-Never-Printed-7f1c2e9a';

/** A clock that only moves when the test says so. Starts on a whole second. */
export function manualClock(startMs = Date.UTC(2025, 0, 15, 12, 0, 0)) {
  let ms = startMs;
  return {
    now: () => ms,
    set(value: number) {
      ms = value;
    },
    advance(byMs: number) {
      ms += byMs;
    },
    get ms() {
      return ms;
    },
  };
}

export function decodeSegment(segment: string): unknown {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

/** Splits a compact JWT and decodes header and payload without any JWT library. */
export function splitToken(token: string) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error(`expected three segments, got ${parts.length}`);
  const [header, payload, signature] = parts as [string, string, string];
  return {
    headerSegment: header,
    payloadSegment: payload,
    signature,
    header: decodeSegment(header) as Record<string, unknown>,
    payload: decodeSegment(payload) as Record<string, unknown>,
  };
}

/** The token Zoom expects, computed with node:crypto alone (no jose), for cross-checking. */
export function expectedToken(apiKey: string, apiSecret: string, iat: number, exp: number): string {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ iss: apiKey, iat, exp })).toString('base64url');
  const signature = createHmac('sha256', apiSecret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export const secretKeyBytes = (secret: string) => new TextEncoder().encode(secret);
