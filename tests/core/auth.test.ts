// The default client's credentials from the environment, with the real createZoomAuth, in a child process
// that runs the built product package (its default client is made when it is imported).
import path from 'node:path';
import { bearerOf, envWithoutCredentials, json, jwtClaims, runNode, scriptedServerPerTest } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';

const API_KEY = 'policy-test-key';
const API_SECRET = 'policy-test-secret-9c1d';
const ok = json(200, { sessions: [] });
const verified = (token: string | undefined) => jwtClaims(token, API_SECRET);

const serve = scriptedServerPerTest();

describe('credentials from the environment', () => {
  it('the default client and a client without auth: a clear error and no request while unset or unusable, then ZOOM_API_KEY / ZOOM_API_SECRET', async () => {
    const s = await serve(ok);
    const script = path.join(import.meta.dirname, 'fixtures', 'default-client.mjs');
    const env = envWithoutCredentials({ SERVER_URL: s.baseUrl, API_KEY, API_SECRET });
    const { code, stdout, stderr } = await runNode(script, [], { env, killAfter: 20_000 });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      unset: { name: string; message: string };
      unsetOwnClient: { message: string };
      onlyKey: { message: string };
      unusable: { name: string; message: string };
      set: { status: number };
    };
    expect(report.unset.name).toBe('TypeError');
    expect(report.unset.message).toMatch(/ZOOM_API_KEY and ZOOM_API_SECRET are not set/);
    expect(report.unset.message).toContain('`auth`');
    expect(report.unsetOwnClient.message).toMatch(/ZOOM_API_KEY and ZOOM_API_SECRET are not set/);
    expect(report.onlyKey.message).toMatch(/ZOOM_API_SECRET is not set/);
    // Values createZoomAuth() refuses: its message, under the variables' names, without the value.
    expect(report.unusable.name).toBe('TypeError');
    expect(report.unusable.message).toMatch(
      /^ZOOM_API_KEY \/ ZOOM_API_SECRET: apiSecret is shorter than 16 characters/,
    );
    expect(report.unusable.message).not.toContain('too-short');
    expect(report.set.status).toBe(200);
    // Only the two calls made once both variables were set reached the server, signed with that secret,
    // and the two clients shared the one token source.
    expect(s.requests).toHaveLength(2);
    for (const request of s.requests) expect(verified(bearerOf(request)).iss).toBe(API_KEY);
    expect(bearerOf(s.requests[0] as never)).toBe(bearerOf(s.requests[1] as never));
  });
});
