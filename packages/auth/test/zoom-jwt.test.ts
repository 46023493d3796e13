import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { runZoomJwt } from '../src/cli.js';
import { assertBuilt, BIN_PATH, run, runZoomJwtBin } from './cli-helpers.js';
import { API_KEY, API_SECRET, expectedToken, manualClock, secretKeyBytes, splitToken } from './helpers.js';

const credentials = { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET };

describe('zoom-jwt, the built command run as a child process', () => {
  beforeAll(assertBuilt);

  it('prints one verifiable token followed by a newline, and nothing on stderr', async () => {
    const result = await runZoomJwtBin([], credentials);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const { payload, protectedHeader } = await jwtVerify(result.stdout.trim(), secretKeyBytes(API_SECRET));
    expect(protectedHeader).toStrictEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(payload)).toStrictEqual(['iss', 'iat', 'exp']);
    expect(payload.iss).toBe(API_KEY);
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
  });

  it('--expires-in sets the lifetime (both "--expires-in N" and "--expires-in=N")', async () => {
    for (const args of [['--expires-in', '900'], ['--expires-in=900']]) {
      const result = await runZoomJwtBin(args, credentials);
      expect(result.code).toBe(0);
      const { iat, exp } = splitToken(result.stdout.trim()).payload as { iat: number; exp: number };
      expect(exp - iat).toBe(900);
    }
  });

  it('--decode prints the header and payload as JSON', async () => {
    const result = await runZoomJwtBin(['--decode', '--expires-in', '600'], credentials);
    expect(result.code).toBe(0);
    const decoded = JSON.parse(result.stdout);
    expect(Object.keys(decoded)).toStrictEqual(['header', 'payload']);
    expect(decoded.header).toStrictEqual({ alg: 'HS256', typ: 'JWT' });
    expect(Object.keys(decoded.payload)).toStrictEqual(['iss', 'iat', 'exp']);
    expect(decoded.payload.iss).toBe(API_KEY);
    expect(decoded.payload.exp - decoded.payload.iat).toBe(600);
    expect(Math.abs(decoded.payload.iat - (Math.floor(Date.now() / 1000) - 30))).toBeLessThanOrEqual(5);
  });

  it.each([
    [{ ZOOM_API_SECRET: API_SECRET }, /^zoom-jwt: ZOOM_API_KEY is not set\./],
    [{ ZOOM_API_KEY: API_KEY }, /^zoom-jwt: ZOOM_API_SECRET is not set\./],
    [{ ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: '' }, /^zoom-jwt: ZOOM_API_SECRET is not set\./],
    [{}, /^zoom-jwt: ZOOM_API_KEY and ZOOM_API_SECRET are not set\./],
  ])('exits 2 naming the missing variable (%o)', async (env, message) => {
    const result = await runZoomJwtBin([], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it.each([
    [
      ['--expires-in', 'soon'],
      /--expires-in must be a whole number of seconds from 31 to 172800; got a value that is not a whole number/,
    ],
    [['--expires-in', '172801'], /--expires-in must be .* from 31 to 172800 .*got 172801/],
    [['--expires-in', '10'], /--expires-in must be .* from 31 .*got 10/],
    [['--expires-in', '1.5'], /--expires-in must be a whole number .*got '1\.5'/],
    [['--expires-in'], /--expires-in needs a number of seconds/],
    [['--expiry', '60'], /unknown option '--expiry'/],
    [['token'], /takes no positional arguments/],
  ])('exits 2 with a message for bad arguments %j', async (args, message) => {
    const result = await runZoomJwtBin(args, credentials);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('--help prints usage to stdout and exits 0, even without credentials', async () => {
    const result = await runZoomJwtBin(['--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: zoom-jwt \[--expires-in <seconds>\] \[--decode\]/);
    expect(result.stdout).toContain('ZOOM_API_KEY');
  });

  it('is an executable with a node shebang, so it runs as `zoom-jwt` from PATH', async () => {
    expect(readFileSync(BIN_PATH, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BIN_PATH).mode & 0o111).not.toBe(0);
  });

  it('works as in the README: curl -H "Authorization: Bearer $(zoom-jwt)" against a real server', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/videosdk/sessions`;
    // Link the built file under its command name, the way a package manager installs a bin.
    const binDir = mkdtempSync(join(tmpdir(), 'zoom-jwt-bin-'));
    symlinkSync(BIN_PATH, join(binDir, 'zoom-jwt'));
    try {
      const result = await run('sh', ['-c', `curl -sS --fail -H "Authorization: Bearer $(zoom-jwt)" "${url}"`], {
        ...credentials,
        PATH: `${binDir}:${process.env.PATH}`,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('{"ok":true}');
      expect(seen).toHaveLength(1);
      const token = (seen[0] as string).replace(/^Bearer /, '');
      await expect(jwtVerify(token, secretKeyBytes(API_SECRET), { issuer: API_KEY })).resolves.toBeTruthy();
    } finally {
      server.close();
      rmSync(binDir, { recursive: true, force: true });
    }
  });
});

describe('runZoomJwt(), the same logic as a function', () => {
  const capture = () => {
    let stdout = '';
    let stderr = '';
    return {
      io: { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
      get stdout() {
        return stdout;
      },
      get stderr() {
        return stderr;
      },
    };
  };

  it('signs with the injected clock, producing exactly the expected token', async () => {
    const clock = manualClock();
    const out = capture();
    const code = await runZoomJwt(['--expires-in', '120'], credentials, { ...out.io, now: clock.now });
    expect(code).toBe(0);
    const iat = clock.ms / 1000 - 30;
    expect(out.stdout).toBe(`${expectedToken(API_KEY, API_SECRET, iat, iat + 120)}\n`);
    expect(out.stderr).toBe('');
  });

  it('returns 2 for a blank secret, naming the variable', async () => {
    const out = capture();
    const code = await runZoomJwt([], { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: ' \n' }, out.io);
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/^zoom-jwt: ZOOM_API_SECRET must be a non-empty string/);
  });

  it('returns 2 for a secret too short to be Zoom’s, naming the variable and never the value', async () => {
    const out = capture();
    const code = await runZoomJwt([], { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: 'sh0rt' }, out.io);
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/^zoom-jwt: ZOOM_API_SECRET is shorter than 16 characters/);
    expect(out.stderr).not.toContain('sh0rt');
    expect(out.stdout).toBe('');
  });

  it('returns 1 when signing fails (a broken clock), with the reason', async () => {
    const out = capture();
    const code = await runZoomJwt([], credentials, { ...out.io, now: () => Number.NaN });
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/^zoom-jwt: could not sign the token: now\(\) must return milliseconds/);
    expect(out.stdout).toBe('');
  });
});
