import { describe, expect, it } from 'vitest';
import { createZoomAuth, MIN_API_SECRET_LENGTH, signApiJwt, type ZoomAuthOptions } from '../src/index.js';
import { API_KEY, API_SECRET } from './helpers.js';

// Each case: the options (on top of a valid base), the error class, and what the message must say.
type Case = [
  label: string,
  options: Record<string, unknown>,
  error: typeof TypeError | typeof RangeError,
  message: RegExp,
];

const base = { apiKey: API_KEY, apiSecret: API_SECRET };

const badOptions: Case[] = [
  ['missing apiKey', { apiKey: undefined }, TypeError, /^apiKey is required: pass your Zoom API key/],
  ['null apiKey', { apiKey: null }, TypeError, /^apiKey is required/],
  ['empty apiKey', { apiKey: '' }, TypeError, /^apiKey must be a non-empty string.*got an empty or blank string/],
  ['blank apiKey', { apiKey: '   ' }, TypeError, /^apiKey must be a non-empty string/],
  // A credential's value is never echoed, not even a number: it may be the secret in the wrong place.
  ['numeric apiKey', { apiKey: 12345 }, TypeError, /^apiKey must be a non-empty string.*got a number\.$/],
  ['numeric apiSecret', { apiSecret: 12345 }, TypeError, /^apiSecret must be a non-empty string.*got a number\.$/],
  ['boolean apiSecret', { apiSecret: true }, TypeError, /^apiSecret must be a non-empty string.*got a boolean\.$/],
  [
    'apiKey with a trailing newline',
    { apiKey: `${API_KEY}\n` },
    TypeError,
    /^apiKey has leading or trailing whitespace/,
  ],
  ['missing apiSecret', { apiSecret: undefined }, TypeError, /^apiSecret is required: pass your Zoom API secret/],
  ['empty apiSecret', { apiSecret: '' }, TypeError, /^apiSecret must be a non-empty string/],
  [
    'object apiSecret',
    { apiSecret: { value: API_SECRET } },
    TypeError,
    /^apiSecret must be a non-empty string.*got a value of type object/,
  ],
  // Fault injection: a 1-character secret was accepted, then either mangled every message it occurs in or
  // leaked where it could not be told from ordinary text.
  ...[1, 5, 15].map(
    (length): Case => [
      `a ${length}-character apiSecret`,
      { apiSecret: 'k'.repeat(length) },
      TypeError,
      /^apiSecret is shorter than 16 characters, so it cannot be a Zoom API secret .*: copy the whole secret from your app's credentials in the Zoom App Marketplace\.$/,
    ],
  ),
  [
    'apiSecret with spaces around',
    { apiSecret: ` ${API_SECRET} ` },
    TypeError,
    /^apiSecret has leading or trailing whitespace/,
  ],
  [
    'string expiresIn',
    { expiresIn: '3600' },
    TypeError,
    /^expiresIn must be a whole number of seconds from 31 to 172800.*got a string/,
  ],
  [
    'zero expiresIn',
    { expiresIn: 0 },
    RangeError,
    /^expiresIn must be a whole number of seconds from 31 to 172800.*got 0\.$/,
  ],
  ['negative expiresIn', { expiresIn: -60 }, RangeError, /^expiresIn .* from 31 to 172800.*got -60/],
  ['fractional expiresIn', { expiresIn: 3600.5 }, RangeError, /^expiresIn .*whole number.*got 3600\.5/],
  ['NaN expiresIn', { expiresIn: Number.NaN }, RangeError, /^expiresIn .*got NaN/],
  ['expiresIn over 48 h', { expiresIn: 172_801 }, RangeError, /^expiresIn .* to 172800 .*48 hours.*got 172801/],
  ['expiresIn not above clockSkew', { expiresIn: 30 }, RangeError, /^expiresIn .* from 31 .*clockSkew.*got 30/],
  [
    'string refreshBefore',
    { refreshBefore: '300' },
    TypeError,
    /^refreshBefore must be a whole number of seconds from 0 to 3569/,
  ],
  ['negative refreshBefore', { refreshBefore: -1 }, RangeError, /^refreshBefore .* from 0 to 3569.*got -1/],
  ['fractional refreshBefore', { refreshBefore: 0.5 }, RangeError, /^refreshBefore .*whole number.*got 0\.5/],
  [
    'refreshBefore = expiresIn',
    { expiresIn: 600, refreshBefore: 600 },
    RangeError,
    /^refreshBefore .* from 0 to 569 \(smaller than expiresIn minus clockSkew, 600 - 30\); got 600/,
  ],
  ['refreshBefore > expiresIn', { expiresIn: 600, refreshBefore: 900 }, RangeError, /^refreshBefore .*got 900/],
  [
    'an explicit refreshBefore too big for a short expiresIn',
    { expiresIn: 120, refreshBefore: 300 },
    RangeError,
    /^refreshBefore .* from 0 to 89 .*got 300/,
  ],
  [
    'refreshBefore with clockSkew 0',
    { expiresIn: 60, refreshBefore: 60, clockSkew: 0 },
    RangeError,
    /^refreshBefore .* from 0 to 59 \(smaller than expiresIn, 60\); got 60/,
  ],
  [
    'negative clockSkew',
    { clockSkew: -5 },
    RangeError,
    /^clockSkew must be a whole number of seconds from 0 to 600; got -5/,
  ],
  ['huge clockSkew', { clockSkew: 3_600 }, RangeError, /^clockSkew .* from 0 to 600; got 3600/],
  [
    'now not a function',
    { now: 1_700_000_000_000 },
    TypeError,
    /^now must be a function \(returning milliseconds since the epoch\)/,
  ],
  ['onMint not a function', { onMint: 'log' }, TypeError, /^onMint must be a function .*got a string/],
];

describe('createZoomAuth() checks every option at construction', () => {
  it.each(badOptions)('%s', (_label, override, ErrorClass, message) => {
    let clockReads = 0;
    const options = { ...base, now: () => ++clockReads && Date.now(), onMint: () => {}, ...override };
    const construct = () => createZoomAuth(options as unknown as ZoomAuthOptions);
    expect(construct).toThrow(ErrorClass);
    expect(construct).toThrow(message);
    // Thrown before any token work: the clock was never read.
    expect(clockReads).toBe(0);
  });

  it('rejects a missing or non-object options argument', () => {
    expect(() => (createZoomAuth as (o?: unknown) => unknown)()).toThrow(
      /^createZoomAuth\(\)'s options must be an object such as \{ apiKey, apiSecret \}; got undefined/,
    );
    expect(() => createZoomAuth('key:secret' as unknown as ZoomAuthOptions)).toThrow(TypeError);
  });

  it('accepts an apiSecret of exactly 16 characters, the shortest (MIN_API_SECRET_LENGTH)', () => {
    expect(MIN_API_SECRET_LENGTH).toBe(16);
    expect(() => createZoomAuth({ ...base, apiSecret: 'k'.repeat(16) })).not.toThrow();
  });

  it('accepts the boundaries of every range', () => {
    expect(() => createZoomAuth({ ...base, expiresIn: 172_800, refreshBefore: 172_769 })).not.toThrow();
    expect(() => createZoomAuth({ ...base, expiresIn: 31, refreshBefore: 0 })).not.toThrow();
    expect(() => createZoomAuth({ ...base, expiresIn: 1, refreshBefore: 0, clockSkew: 0 })).not.toThrow();
    expect(() => createZoomAuth({ ...base, clockSkew: 600, expiresIn: 3600, refreshBefore: 2999 })).not.toThrow();
  });
});

describe('credentials are refused without echoing their value', () => {
  it.each([12345, 12345n, 9.87e21, Number.NaN])('apiSecret: %s', (value) => {
    const error = (() => {
      try {
        createZoomAuth({ ...base, apiSecret: value } as unknown as ZoomAuthOptions);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(
      /^apiSecret must be a non-empty string \(your Zoom API secret\); got a (number|bigint)\.$/,
    );
    expect(error.message).not.toContain(String(value));
  });
});

describe('refreshBefore defaults to at most half of expiresIn', () => {
  const refreshBeforeOf = (options: Partial<ZoomAuthOptions>): number =>
    JSON.parse(JSON.stringify(createZoomAuth({ ...base, ...options }))).refreshBefore;

  it('createZoomAuth({ expiresIn: 300 }) works, refreshing after half the lifetime', () => {
    expect(() => createZoomAuth({ ...base, expiresIn: 300 })).not.toThrow();
    expect(refreshBeforeOf({ expiresIn: 300 })).toBe(150);
  });

  it('300 s when expiresIn allows it; never past what clockSkew leaves; an explicit value is kept', () => {
    expect(refreshBeforeOf({})).toBe(300);
    expect(refreshBeforeOf({ expiresIn: 600 })).toBe(300);
    expect(refreshBeforeOf({ expiresIn: 599 })).toBe(299);
    expect(refreshBeforeOf({ expiresIn: 120 })).toBe(60);
    expect(refreshBeforeOf({ expiresIn: 50 })).toBe(19); // 50 - clockSkew 30 - 1
    expect(refreshBeforeOf({ expiresIn: 31 })).toBe(0);
    expect(refreshBeforeOf({ expiresIn: 1, clockSkew: 0 })).toBe(0);
    expect(refreshBeforeOf({ expiresIn: 300, refreshBefore: 200 })).toBe(200);
  });
});

describe('signApiJwt() checks its options too', () => {
  const relevant = badOptions.filter(([label]) => !/refreshBefore|onMint/.test(label));
  it.each(relevant)('%s', async (_label, override, ErrorClass, message) => {
    const promise = signApiJwt({ ...base, ...override } as never);
    await expect(promise).rejects.toThrow(ErrorClass);
    await expect(promise).rejects.toThrow(message);
  });
});
