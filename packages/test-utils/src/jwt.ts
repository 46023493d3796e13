// The bearer JWTs createZoomAuth mints (HS256 over the API secret), checked with node:crypto alone, so a
// test of the signer does not trust the signer.
import { createHmac } from 'node:crypto';

export interface ZoomJwtClaims {
  iss: string;
  iat: number;
  exp: number;
}

/** The claims of an HS256 JWT; throws, naming the secret's role, unless it is signed with `secret`. */
export function jwtClaims(token: string | undefined, secret: string): ZoomJwtClaims {
  const [header, payload, signature] = (token ?? '').split('.');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  if (signature !== expected) throw new Error(`the JWT ${JSON.stringify(token)} is not signed with the API secret`);
  return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
}
