import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createZoomAuth, type MintInfo } from '../src/index.js';
import { API_KEY, API_SECRET, manualClock, secretKeyBytes, splitToken } from './helpers.js';

function countingAuth(
  now: () => number,
  extra: { clockSkew?: number; expiresIn?: number; refreshBefore?: number } = {},
) {
  const mints: MintInfo[] = [];
  const auth = createZoomAuth({ apiKey: API_KEY, apiSecret: API_SECRET, now, onMint: (m) => mints.push(m), ...extra });
  return { auth, mints };
}

describe('invalidate()', () => {
  it('in the same second as the rejected token, the next token differs: iat is one second later', async () => {
    const clock = manualClock(); // frozen: every mint happens in the same second
    const { auth, mints } = countingAuth(clock.now);
    const rejected = await auth.getToken();
    auth.invalidate(rejected);
    const fresh = await auth.getToken();

    expect(fresh).not.toBe(rejected);
    expect(mints).toHaveLength(2);
    const before = splitToken(rejected).payload as { iat: number; exp: number };
    const after = splitToken(fresh).payload as { iat: number; exp: number };
    expect(after.iat).toBe(before.iat + 1);
    expect(after.exp).toBe(after.iat + 3600);
  });

  it('without an argument drops whatever is cached', async () => {
    const clock = manualClock();
    const { auth, mints } = countingAuth(clock.now);
    const first = await auth.getToken();
    auth.invalidate();
    expect(await auth.getToken()).not.toBe(first);
    expect(mints).toHaveLength(2);
  });

  it('after invalidate(), 1,000 concurrent getToken() calls share one mint', async () => {
    const clock = manualClock();
    const { auth, mints } = countingAuth(clock.now);
    const rejected = await auth.getToken();
    auth.invalidate(rejected);
    const tokens = await Promise.all(Array.from({ length: 1_000 }, () => auth.getToken()));
    expect(mints).toHaveLength(2);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(rejected);
  });

  it('1,000 requests that all got a 401 with the same token cause one new mint, not 1,000', async () => {
    const clock = manualClock();
    const { auth, mints } = countingAuth(clock.now);
    const rejected = await auth.getToken();
    const retry = () => {
      auth.invalidate(rejected);
      return auth.getToken();
    };
    // 500 401s arrive together, while the replacement is being minted...
    const early = await Promise.all(Array.from({ length: 500 }, retry));
    // ...and 500 arrive after it was cached: they must not throw the replacement away.
    const late = await Promise.all(Array.from({ length: 500 }, retry));
    expect(mints).toHaveLength(2);
    expect(new Set([...early, ...late]).size).toBe(1);
    expect(early[0]).not.toBe(rejected);
  });

  it('invalidate() during a mint does not throw that mint away (its token was never handed out)', async () => {
    const clock = manualClock();
    const { auth, mints } = countingAuth(clock.now);
    const pending = auth.getToken();
    auth.invalidate();
    const late = auth.getToken();
    expect(await pending).toBe(await late);
    expect(mints).toHaveLength(1);
  });

  it.each([30, 3, 0])(
    '40 invalidations in one second (clockSkew %i): every token new, iat never past the clock',
    async (clockSkew) => {
      const clock = manualClock(Date.UTC(2025, 0, 15, 12, 0, 0, 999)); // frozen, late in its second
      const nowSeconds = Math.floor(clock.ms / 1000);
      const { auth, mints } = countingAuth(clock.now, { clockSkew });
      const tokens: string[] = [];
      for (let i = 0; i < 40; i++) {
        const token = await auth.getToken();
        expect(tokens).not.toContain(token);
        tokens.push(token);
        auth.invalidate(token);
      }
      expect(mints).toHaveLength(40);
      for (const { iat, exp } of mints) {
        expect(iat).toBeLessThanOrEqual(nowSeconds);
        // Still a useful token: it outlives refreshBefore (300 s) by far.
        expect(exp - nowSeconds).toBeGreaterThan(3000);
      }
      // Fresh seconds first: iat climbs from the backdated second to the clock's before anything else changes.
      expect(mints.slice(0, clockSkew + 1).map((m) => m.iat - nowSeconds)).toStrictEqual(
        Array.from({ length: clockSkew + 1 }, (_, i) => i - clockSkew),
      );

      clock.advance(1_000); // the next second is a fresh iat again, with the full lifetime
      await auth.getToken();
      expect(mints.at(-1)).toEqual({ iat: nowSeconds + 1, exp: nowSeconds + 1 + 3600 });
    },
  );

  // Fault injection: at one frozen instant, 4,000 invalidations used to shorten exp by a second each, until
  // tokens were born expired (370 of them) and, living less than refreshBefore, were never cached again.
  it('4,000 invalidations at one frozen instant: each token new, unexpired, cached, and iat never past the clock', async () => {
    const clock = manualClock(Date.UTC(2025, 0, 15, 12, 0, 0, 400));
    const nowSeconds = Math.floor(clock.ms / 1000);
    const { auth, mints } = countingAuth(clock.now);
    const tokens = new Set<string>();
    for (let i = 0; i < 4_000; i++) {
      const token = await auth.getToken();
      expect(tokens.has(token)).toBe(false);
      tokens.add(token);
      // Cached: asking again mints nothing.
      expect(await auth.getToken()).toBe(token);
      auth.invalidate(token);
    }
    expect(mints).toHaveLength(4_000);
    for (const { iat, exp } of mints) {
      expect(iat).toBeLessThanOrEqual(nowSeconds);
      // Outlives refreshBefore (300 s), so a cache keeps it.
      expect(exp * 1000 - clock.ms).toBeGreaterThanOrEqual(300_000);
    }
  });

  it('when every token that can be signed at a frozen instant was refused, getToken() says so rather than repeat one', async () => {
    const clock = manualClock(); // a whole second
    // Tokens of 2 s, iat not backdated, due 0 s before they end: only exp = now + 1 and now + 2 can be signed.
    const { auth, mints } = countingAuth(clock.now, { clockSkew: 0, expiresIn: 2, refreshBefore: 0 });
    const first = await auth.getToken();
    auth.invalidate(first);
    const second = await auth.getToken();
    auth.invalidate(second);
    expect(second).not.toBe(first);
    await expect(auth.getToken()).rejects.toThrow(
      /^createZoomAuth\(\): every token that can be signed at this second was already refused .* check apiKey and apiSecret/,
    );
    expect(mints.map((m) => m.exp - m.iat)).toEqual([2, 1]);
    // The next second has tokens again.
    clock.advance(1_000);
    expect(await auth.getToken()).not.toBe(second);
  });

  // Fault injection: a clock moved forward past the tokens' lifetime, then back, used to forget which
  // claims had been refused and sign one of them again.
  it('a clock moved forward by hours and back never re-issues a refused token', async () => {
    const clock = manualClock();
    const { auth } = countingAuth(clock.now);
    const start = clock.ms;
    const refused = new Set<string>();
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const hour = 3_600_000;
    for (let i = 0; i < 300; i++) {
      // Jumps of up to ±3 hours around the start, and small steps of a few seconds.
      clock.set(
        random() < 0.5 ? start + Math.floor((random() - 0.5) * 6) * hour : clock.ms + Math.floor(random() * 3_000),
      );
      const token = await auth.getToken();
      expect(refused.has(token)).toBe(false);
      refused.add(token);
      auth.invalidate(token);
      expect(splitToken(token).payload.iat).toBeLessThanOrEqual(Math.floor(clock.ms / 1000));
    }
  });

  it('the exact sequence: refused at t, the clock 3 h ahead, back 100 s before t, then t again', async () => {
    const clock = manualClock();
    const t = clock.ms;
    const { auth } = countingAuth(clock.now);
    const refused = new Set<string>();
    for (const at of [t, t + 3 * 3_600_000, t - 100_000, t]) {
      clock.set(at);
      const token = await auth.getToken();
      expect(refused.has(token)).toBe(false);
      refused.add(token);
      auth.invalidate(token);
    }
  });

  it('a token refused after it was replaced is not signed again either', async () => {
    const clock = manualClock();
    const { auth } = countingAuth(clock.now, { clockSkew: 0 });
    const old = await auth.getToken();
    auth.invalidate(); // dropped without being refused by name
    const current = await auth.getToken();
    auth.invalidate(old); // a late 401 for the old one: the current token stays
    expect(await auth.getToken()).toBe(current);
    auth.invalidate(current);
    const next = await auth.getToken();
    expect([old, current]).not.toContain(next);
  });

  it('a clock that steps back never reissues a token nor signs an iat past the clock', async () => {
    const clock = manualClock();
    const start = Math.floor(clock.ms / 1000);
    const { auth, mints } = countingAuth(clock.now, { clockSkew: 0 });
    const tokens = new Set<string>();
    for (const step of [0, 0, 5_000, 0, -5_000, 0, 0, 5_000, 0]) {
      clock.advance(step);
      const token = await auth.getToken();
      expect(tokens.has(token)).toBe(false);
      tokens.add(token);
      auth.invalidate(token);
      expect(mints.at(-1)?.iat).toBeLessThanOrEqual(Math.floor(clock.ms / 1000));
    }
    expect(mints.map((m) => m.iat - start)).toStrictEqual([0, 0, 5, 5, 0, 0, 0, 5, 5]);
  });
});

// The HTTP layer (in @zoom-api/core) calls invalidate() on a 401 and asks for a token again. This
// plays that part in a few lines against a real server, to show the semantics it relies on.
describe('401 recovery against a real HTTP server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.close();
    if (server) await once(server, 'close');
    server = undefined;
  });

  async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
    server = createServer(handler);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/videosdk/sessions`;
  }

  it('a token the server rejects is replaced, in the same second, by one it accepts', async () => {
    const clock = manualClock();
    const revoked = new Set<string>();
    const received: string[] = [];
    const url = await startServer(async (req, res) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      received.push(token);
      try {
        await jwtVerify(token, secretKeyBytes(API_SECRET), { issuer: API_KEY, currentDate: new Date(clock.ms) });
      } catch {
        res.writeHead(401).end();
        return;
      }
      if (revoked.has(token)) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"sessions":[]}');
    });

    const { auth, mints } = countingAuth(clock.now);
    revoked.add(await auth.getToken()); // the server will refuse the first token

    const call = async () => {
      const send = async () => {
        const token = await auth.getToken();
        return { token, response: await fetch(url, { headers: { authorization: `Bearer ${token}` } }) };
      };
      const first = await send();
      if (first.response.status !== 401) return first.response;
      auth.invalidate(first.token);
      return (await send()).response;
    };

    const response = await call();
    expect(response.status).toBe(200);
    expect(received).toHaveLength(2);
    expect(received[1]).not.toBe(received[0]);
    expect(mints).toHaveLength(2);
  });
  it('a server that always says 401: 40 re-mints never re-send a rejected token, and no iat is in the future', async () => {
    const received: Array<{ token: string; iat: number; nowSeconds: number }> = [];
    const url = await startServer((req, res) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const nowSeconds = Math.floor(Date.now() / 1000);
      received.push({ token, iat: splitToken(token).payload.iat as number, nowSeconds });
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":124,"message":"Invalid access token."}');
    });
    const { auth } = countingAuth(Date.now); // the real clock, as in production
    for (let i = 0; i < 40; i++) {
      const token = await auth.getToken();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      expect(response.status).toBe(401);
      auth.invalidate(token);
    }
    expect(received).toHaveLength(40);
    const rejected = new Set<string>();
    const resent = received.filter(({ token }) => rejected.has(token) || !rejected.add(token));
    expect(resent).toHaveLength(0);
    expect(received.filter(({ iat, nowSeconds }) => iat > nowSeconds)).toEqual([]);
  });
});
