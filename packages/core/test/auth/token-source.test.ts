// One token-source type for every package: @zoom-api/auth's ZoomAuth, which core exports too. The names
// core and auth 1.0 exported for it (TokenProvider, TOKEN_PROVIDER_SECRETS, BearerSource) are aliases of
// it, kept for code written against 1.0. This file is also type-checked (`pnpm typecheck`).
import { type BearerSource, createZoomAuth, ZOOM_AUTH_SECRETS, type ZoomAuth } from '@zoom-api/auth';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/index.js';

describe('the token source', () => {
  it('core exports auth’s secrets key, and 1.0’s name for it is the same symbol', () => {
    expect(core.ZOOM_AUTH_SECRETS).toBe(ZOOM_AUTH_SECRETS);
    expect(core.TOKEN_PROVIDER_SECRETS).toBe(ZOOM_AUTH_SECRETS);
  });

  it('is one type under every name: createZoomAuth()’s result and a bare getToken() both fit each', () => {
    const minted = createZoomAuth({ apiKey: 'key', apiSecret: 'token-source-test-secret' });
    const bare = { getToken: async () => 'token' };
    const sources: Array<ZoomAuth | core.ZoomAuth | core.TokenProvider | BearerSource> = [minted, bare];
    const back: ZoomAuth[] = sources;
    expect(back).toHaveLength(2);
    // createZoomAuth()'s always has invalidate(), without a check.
    minted.invalidate();
    // @ts-expect-error a source without getToken() is none
    const none: ZoomAuth = { invalidate: () => {} };
    expect(none).toBeDefined();
  });
});
