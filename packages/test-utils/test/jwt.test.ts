// jwtClaims() is what the auth tests trust to say a bearer was signed with the API secret: it must refuse
// one that was not, and a token that is not a JWT.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jwtClaims } from '../src/jwt.js';

function signed(claims: object, secret: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('jwtClaims', () => {
  const claims = { iss: 'key', iat: 1_700_000_000, exp: 1_700_003_600 };

  it('returns the claims of a token signed with the secret', () => {
    expect(jwtClaims(signed(claims, 'the-secret'), 'the-secret')).toEqual(claims);
  });

  it('refuses a token signed with another secret, a tampered payload and no token', () => {
    expect(() => jwtClaims(signed(claims, 'another-secret'), 'the-secret')).toThrow(/not signed with the API secret/);
    const [header, , signature] = signed(claims, 'the-secret').split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, iss: 'other' })).toString('base64url');
    expect(() => jwtClaims(`${header}.${forged}.${signature}`, 'the-secret')).toThrow(/not signed/);
    expect(() => jwtClaims(undefined, 'the-secret')).toThrow(/not signed/);
  });
});
