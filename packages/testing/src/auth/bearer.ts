// The fake's check of the `Authorization: Bearer <API JWT>` Zoom's REST API wants: HS256, signed with the
// API secret, `iss` the API key, not expired. Anything else is Zoom's 401 with code 124. The token is never
// echoed in an answer.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface BearerProblem {
  code: 124;
  message: string;
}

const INVALID: BearerProblem = { code: 124, message: 'Invalid access token.' };
const EXPIRED: BearerProblem = { code: 124, message: 'Access token is expired.' };

function json(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why `authorization` would not get past Zoom, or undefined when it would. `now` is in milliseconds; `iss`
 * is returned for a good token, so rate limits can count per account.
 */
export function checkBearer(
  authorization: string | undefined,
  credentials: { apiKey: string; apiSecret: string },
  now: number,
): { problem: BearerProblem } | { iss: string } {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization?.trim() ?? '');
  if (!match) return { problem: INVALID };
  const [, headerPart, payloadPart, signaturePart] = match as unknown as [string, string, string, string];
  const header = json(headerPart);
  const payload = json(payloadPart);
  if (header?.alg !== 'HS256' || !payload) return { problem: INVALID };
  const expected = createHmac('sha256', credentials.apiSecret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: INVALID };
  if (payload.iss !== credentials.apiKey) return { problem: INVALID };
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now) return { problem: EXPIRED };
  return { iss: payload.iss };
}
