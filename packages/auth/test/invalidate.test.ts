import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createZoomAuth, type MintInfo } from '../src/index.js';
import { API_KEY, API_SECRET, manualClock, secretKeyBytes, splitToken } from './helpers.js';

function countingAuth(now: () => number, extra: { clockSkew?: number } = {}) {
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

  it('repeated invalidations in one second never push iat more than one second ahead of the clock', async () => {
    const clock = manualClock();
    const nowSeconds = clock.ms / 1000;
    const { auth } = countingAuth(clock.now, { clockSkew: 3 });
    const iats: number[] = [];
    for (let i = 0; i < 8; i++) {
      const token = await auth.getToken();
      iats.push(splitToken(token).payload.iat as number);
      auth.invalidate(token);
    }
    // nowSeconds - 3, then +1 per invalidation, capped at nowSeconds + 1.
    expect(iats).toStrictEqual([-3, -2, -1, 0, 1, 1, 1, 1].map((d) => nowSeconds + d));

    clock.advance(1_000); // a new second lifts the cap again
    const token = await auth.getToken();
    expect(splitToken(token).payload.iat).toBe(nowSeconds + 2);
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
});
