import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runZoomJwt } from '../src/cli.js';
import { createZoomAuth, signApiJwt, ZOOM_AUTH_SECRETS, type ZoomAuthOptions } from '../src/index.js';
import { assertBuilt, runZoomJwtBin } from './cli-helpers.js';
import { API_KEY, API_SECRET, manualClock } from './helpers.js';

/** Every representation of a thrown value a log line might contain. */
function renderings(error: unknown): string[] {
  const e = error as Error & { cause?: unknown };
  return [
    String(e?.message),
    String(e),
    String(e?.stack),
    inspect(e, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
    JSON.stringify(e),
    String(e?.cause),
  ];
}

function expectNoSecretIn(texts: readonly string[], secrets: readonly string[]) {
  for (const text of texts) {
    for (const secret of secrets) {
      // Compare without the secret in the failure output: report only where it leaked.
      if (text.includes(secret)) throw new Error(`a secret leaked into: ${text.replaceAll(secret, '<SECRET>')}`);
    }
  }
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

// The secret in every place a careless caller might put it, and next to every other bad option.
const misuses: Record<string, unknown>[] = [
  { apiSecret: API_SECRET, expiresIn: 0 },
  { apiSecret: API_SECRET, expiresIn: '3600' },
  { apiSecret: API_SECRET, refreshBefore: 9_999 },
  { apiSecret: API_SECRET, clockSkew: -1 },
  { apiSecret: API_SECRET, now: 'Date.now' },
  { apiSecret: API_SECRET, onMint: 1 },
  { apiSecret: `${API_SECRET}\n` },
  { apiSecret: ` ${API_SECRET}` },
  { apiKey: `${API_SECRET}\n`, apiSecret: API_SECRET },
  { apiKey: undefined, apiSecret: API_SECRET },
  { apiSecret: API_SECRET, expiresIn: API_SECRET },
  { apiSecret: API_SECRET, refreshBefore: API_SECRET },
  { apiSecret: API_SECRET, clockSkew: API_SECRET },
  { apiSecret: API_SECRET, now: API_SECRET },
  { apiSecret: API_SECRET, onMint: API_SECRET },
  { apiSecret: [API_SECRET] },
  { apiSecret: { secret: API_SECRET } },
];

describe('the API secret and minted tokens never leak', () => {
  beforeAll(assertBuilt);

  it('not in any error thrown for a bad option, by createZoomAuth() or signApiJwt()', async () => {
    const texts: string[] = [];
    for (const misuse of misuses) {
      const options = { apiKey: API_KEY, ...misuse } as unknown as ZoomAuthOptions;
      texts.push(...renderings(thrownBy(() => createZoomAuth(options))));
      // signApiJwt() has no refreshBefore or onMint, so those misuses don't apply to it.
      if ('refreshBefore' in misuse || 'onMint' in misuse) continue;
      const rejected = await signApiJwt(options).then(
        () => {
          throw new Error('expected a rejection');
        },
        (error: unknown) => error,
      );
      texts.push(...renderings(rejected));
    }
    expect(texts.length).toBeGreaterThan(misuses.length * renderings(null).length);
    expectNoSecretIn(texts, [API_SECRET]);
  });

  it('not in String(), JSON.stringify() or util.inspect() of the auth object, before or after minting', async () => {
    const clock = manualClock();
    const auth = createZoomAuth({ apiKey: API_KEY, apiSecret: API_SECRET, now: clock.now });
    const views = () => [
      String(auth),
      `${auth}`,
      JSON.stringify(auth),
      JSON.stringify({ auth }),
      inspect(auth),
      inspect(auth, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true }),
      inspect({ nested: { auth } }, { depth: Number.POSITIVE_INFINITY }),
      Object.keys(auth).join(','),
    ];
    expectNoSecretIn(views(), [API_SECRET]);

    const token = await auth.getToken();
    auth.invalidate(token);
    const second = await auth.getToken();
    const afterMinting = views();
    expectNoSecretIn(afterMinting, [API_SECRET, token, second]);

    // What they do show: the public settings.
    expect(String(auth)).toBe(`ZoomAuth(apiKey: ${API_KEY}, expiresIn: 3600s, refreshBefore: 300s)`);
    expect(JSON.parse(JSON.stringify(auth))).toStrictEqual({
      apiKey: API_KEY,
      expiresIn: 3600,
      refreshBefore: 300,
      clockSkew: 30,
    });
    expect(inspect(auth, { breakLength: Number.POSITIVE_INFINITY })).toBe(
      `ZoomAuth { apiKey: '${API_KEY}', expiresIn: 3600, refreshBefore: 300, clockSkew: 30 }`,
    );
  });

  it('named to the request policy (to redact it) only through a non-enumerable, registered-symbol method', () => {
    const auth = createZoomAuth({ apiKey: API_KEY, apiSecret: API_SECRET });
    // The registered symbol 1.0 shipped under this string: other copies of auth, and core 1.0, find it.
    const key = Symbol.for('@zoom-api/token-provider-secrets');
    expect(ZOOM_AUTH_SECRETS).toBe(key);
    const descriptor = Object.getOwnPropertyDescriptor(auth, key) ?? {};
    expect(descriptor.enumerable).toBe(false);
    expect((descriptor.value as () => unknown)()).toEqual([API_SECRET]);
    // Copies of the auth object (spread, Object.assign, structured logging of its fields) leave it behind.
    expect(Object.getOwnPropertySymbols({ ...auth })).not.toContain(key);
    expect(Object.getOwnPropertySymbols(Object.assign({}, auth))).not.toContain(key);
  });

  it('not in errors from a failed mint', async () => {
    const auth = createZoomAuth({ apiKey: API_KEY, apiSecret: API_SECRET, now: () => Number.NaN });
    const error = await auth.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expectNoSecretIn(renderings(error), [API_SECRET]);
  });

  it("not on zoom-jwt's stderr, from the built command or from runZoomJwt()", async () => {
    const cases: [string[], Record<string, string>][] = [
      [[], { ZOOM_API_SECRET: API_SECRET }],
      [[], { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: `${API_SECRET}\n` }],
      [[], { ZOOM_API_KEY: `${API_SECRET} `, ZOOM_API_SECRET: API_SECRET }],
      [['--expires-in', '5'], { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET }],
      [['--expires-in', API_SECRET], { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET }],
      [[`--expires-in=${API_SECRET}`], { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET }],
      [[`--secret=${API_SECRET}`], { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET }],
      [[`--${API_SECRET}`], { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET }],
      [[API_SECRET], { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET }],
    ];
    const stderrs: string[] = [];
    for (const [args, env] of cases) {
      const child = await runZoomJwtBin(args, env);
      expect(child.code).toBe(2);
      expect(child.stderr).toMatch(/^zoom-jwt: /);
      stderrs.push(child.stderr);

      let inProcess = '';
      const sink = { write: (t: string) => (inProcess += t) };
      expect(await runZoomJwt(args, env, { stdout: sink, stderr: sink })).toBe(2);
      stderrs.push(inProcess);
    }
    // A signing failure (exit 1) too.
    let failure = '';
    const sink = { write: (t: string) => (failure += t) };
    expect(
      await runZoomJwt(
        [],
        { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET },
        { stdout: sink, stderr: sink, now: () => -1 },
      ),
    ).toBe(1);
    stderrs.push(failure);

    expectNoSecretIn(stderrs, [API_SECRET]);
  });

  it('--decode shows the claims but neither the secret nor the token', async () => {
    const clock = manualClock();
    const env = { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET };
    let token = '';
    await runZoomJwt([], env, {
      stdout: { write: (t: string) => (token = t.trim()) },
      stderr: { write: () => {} },
      now: clock.now,
    });
    let decoded = '';
    await runZoomJwt(['--decode'], env, {
      stdout: { write: (t: string) => (decoded += t) },
      stderr: { write: () => {} },
      now: clock.now,
    });
    expect(decoded).toContain(API_KEY);
    expectNoSecretIn([decoded], [API_SECRET, token, token.split('.')[2] as string]);
  });
});

describe('the leak check itself', () => {
  it('does find a secret when one is there', () => {
    expect(() => expectNoSecretIn([`oops ${API_SECRET}`], [API_SECRET])).toThrow(/a secret leaked into: oops <SECRET>/);
  });
});
