import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createZoomAuth, signApiJwt } from '../src/index.js';
import { API_KEY, API_SECRET, expectedToken, manualClock, secretKeyBytes, splitToken } from './helpers.js';

const HEADER_SEGMENT = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');

describe('token anatomy', () => {
  it('verifies with jose.jwtVerify using the secret, with the exact header and exactly iss, iat, exp', async () => {
    const auth = createZoomAuth({ apiKey: API_KEY, apiSecret: API_SECRET });
    const token = await auth.getToken();

    const { payload, protectedHeader } = await jwtVerify(token, secretKeyBytes(API_SECRET), {
      algorithms: ['HS256'],
      issuer: API_KEY,
    });
    expect(protectedHeader).toStrictEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(payload)).toStrictEqual(['iss', 'iat', 'exp']);
    expect(payload.iss).toBe(API_KEY);
    expect(payload.exp).toBe((payload.iat as number) + 3600);

    // Byte-exact header, not just an equal object.
    expect(splitToken(token).headerSegment).toBe(HEADER_SEGMENT);
  });

  it('does not verify with a different secret', async () => {
    const token = await signApiJwt({ apiKey: API_KEY, apiSecret: API_SECRET });
    await expect(jwtVerify(token, secretKeyBytes(`${API_SECRET}x`))).rejects.toThrow(/signature/i);
  });

  it('is byte-for-byte the token an independent HMAC-SHA256 implementation produces', async () => {
    const clock = manualClock(Date.UTC(2025, 5, 1, 8, 30, 0) + 999);
    const token = await signApiJwt({ apiKey: API_KEY, apiSecret: API_SECRET, expiresIn: 900, now: clock.now });
    const iat = Math.floor(clock.ms / 1000) - 30;
    expect(token).toBe(expectedToken(API_KEY, API_SECRET, iat, iat + 900));
  });

  it('uses whole seconds, rounding the clock down, with exp = iat + expiresIn', async () => {
    const clock = manualClock(1_750_000_000_999);
    const auth = createZoomAuth({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      expiresIn: 1200,
      clockSkew: 0,
      now: clock.now,
    });
    const { payload } = splitToken(await auth.getToken());
    expect(payload).toStrictEqual({ iss: API_KEY, iat: 1_750_000_000, exp: 1_750_001_200 });
  });

  it('accepts the 48-hour maximum lifetime and the token verifies at the 48-hour mark', async () => {
    const clock = manualClock();
    const token = await signApiJwt({ apiKey: API_KEY, apiSecret: API_SECRET, expiresIn: 172_800, now: clock.now });
    const { payload } = splitToken(token);
    expect((payload.exp as number) - (payload.iat as number)).toBe(172_800);
    const justBeforeExpiry = new Date(((payload.exp as number) - 1) * 1000);
    await expect(jwtVerify(token, secretKeyBytes(API_SECRET), { currentDate: justBeforeExpiry })).resolves.toBeTruthy();
  });
});

describe('clock skew: iat is backdated by clockSkew (default 30 s)', () => {
  it('backdates iat by 30 s by default, like Zoom sample code, and keeps exp = iat + expiresIn', async () => {
    const clock = manualClock(Date.UTC(2025, 0, 15, 12, 0, 0));
    const nowSeconds = clock.ms / 1000;
    const auth = createZoomAuth({ apiKey: API_KEY, apiSecret: API_SECRET, now: clock.now });
    const { payload } = splitToken(await auth.getToken());
    expect(payload.iat).toBe(nowSeconds - 30);
    expect(payload.exp).toBe(nowSeconds - 30 + 3600);

    const stateless = splitToken(await signApiJwt({ apiKey: API_KEY, apiSecret: API_SECRET, now: clock.now }));
    expect(stateless.payload).toStrictEqual(payload);
  });

  it('is accepted by a verifier whose clock is up to clockSkew seconds behind ours, with no leeway', async () => {
    const clock = manualClock();
    const token = await signApiJwt({ apiKey: API_KEY, apiSecret: API_SECRET, now: clock.now });
    // jose rejects iat in the future only with maxTokenAge; use it to model a strict verifier.
    const verifierBehindBy = async (seconds: number) =>
      jwtVerify(token, secretKeyBytes(API_SECRET), {
        currentDate: new Date(clock.ms - seconds * 1000),
        maxTokenAge: '2h',
      });
    await expect(verifierBehindBy(30)).resolves.toBeTruthy();
    await expect(verifierBehindBy(31)).rejects.toThrow(/iat|future/i);
  });

  it('clockSkew: 0 stamps the local clock unchanged; clockSkew: 120 backdates 120 s', async () => {
    const clock = manualClock();
    const nowSeconds = clock.ms / 1000;
    const unskewed = splitToken(
      await signApiJwt({ apiKey: API_KEY, apiSecret: API_SECRET, clockSkew: 0, now: clock.now }),
    );
    expect(unskewed.payload.iat).toBe(nowSeconds);
    const generous = splitToken(
      await signApiJwt({ apiKey: API_KEY, apiSecret: API_SECRET, clockSkew: 120, now: clock.now }),
    );
    expect(generous.payload.iat).toBe(nowSeconds - 120);
    expect(generous.payload.exp).toBe(nowSeconds - 120 + 3600);
  });
});
