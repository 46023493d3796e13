// The built @zoom-api/auth, as ESM and as CommonJS: when every token it may sign at this second has been
// refused, getToken() rejects with the error that says so. Its wording is a chunk of its own in the
// package (loaded when that happens), so this checks that each build finds and loads it.
import { createRequire } from 'node:module';
import * as esm from '@zoom-api/auth';
import { describe, expect, it } from 'vitest';

const cjs = createRequire(import.meta.url)('@zoom-api/auth') as typeof esm;

const EXHAUSTED = /^createZoomAuth\(\): every token that can be signed at this second was already refused/;

describe.each([
  ['ESM', esm],
  ['CommonJS', cjs],
])('the built package (%s)', (_build, { createZoomAuth }) => {
  it('rejects once every token of the second was refused, with the error that says so', async () => {
    // A frozen clock, no backdating and a 2 s lifetime leave two tokens at this second (exp in 2 s, then in 1 s).
    const auth = createZoomAuth({
      apiKey: 'exhausted-key',
      apiSecret: 'exhausted-secret-of-some-length',
      clockSkew: 0,
      expiresIn: 2,
      refreshBefore: 0,
      now: () => 1_700_000_000_000,
    });
    const tokens = [];
    for (let i = 0; i < 2; i++) {
      const token = await auth.getToken();
      tokens.push(token);
      auth.invalidate(token);
    }
    expect(new Set(tokens).size).toBe(2);
    await expect(auth.getToken()).rejects.toThrow(EXHAUSTED);
  });
});
