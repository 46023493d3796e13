// Issue 13, in child processes: a 1 GB response is refused with bounded memory on both transports,
// and NODE_DEBUG output never shows the bearer token.
import path from 'node:path';
import { bearerOf, type Handler, json, runNode, scriptedServerPerTest } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';

const serve = scriptedServerPerTest();
const fixtures = path.join(import.meta.dirname, 'fixtures');
const root = path.resolve(import.meta.dirname, '../..');

// 1 GB in 64 KiB chunks, without Content-Length: only counting while it streams can stop it.
const GIGABYTE = 1024 * 1024 * 1024;
const streamGigabyte: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const more = () => {
    while (sent < GIGABYTE && !res.destroyed) {
      sent += chunk.byteLength;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    res.end();
  };
  res.on('error', () => {});
  more();
};

describe.each(['node', 'fetch'])('a 1 GB streamed response (%s transport)', (transport) => {
  it('is rejected with ZoomResponseError by the default maxResponseBytes, RSS growing < 200 MB', async () => {
    const s = await serve(streamGigabyte);
    const { code, output, stdout } = await runNode(path.join(fixtures, 'huge-response.mjs'), [transport], {
      cwd: root,
      env: { ...process.env, SERVER_URL: s.baseUrl },
      killAfter: 60_000,
    });
    expect(code, output).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    console.log(`${transport} transport, 1 GB response:`, result);
    expect(result.outcome).toMatch(/^ZoomResponseError: .*67108864 bytes \(maxResponseBytes\)/);
    expect(result.rssGrowthMB).toBeLessThan(200);
    expect(result.maxRssGrowthMB).toBeLessThan(200);
  });
});

describe('NODE_DEBUG=http,net,undici', () => {
  it('never prints the bearer token, on either transport', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJkZWJ1ZyJ9.ZGVidWctc2lnbmF0dXJl';
    const s = await serve(json(200, { sessions: [] }));
    const { code, output, stderr } = await runNode(path.join(fixtures, 'debug-token.mjs'), [], {
      cwd: root,
      env: { ...process.env, SERVER_URL: s.baseUrl, TOKEN: token, NODE_DEBUG: 'http,net,undici' },
      killAfter: 20_000,
    });
    expect(code, output).toBe(0);
    expect(output).toContain('node: 200');
    expect(output).toContain('fetch: 200');
    // The debug output is there (else the check below proves nothing), and the token reached the server.
    expect(stderr).toMatch(/^HTTP \d+:/m);
    expect(s.requests.map(bearerOf)).toEqual([token, token]);
    expect(stderr).not.toContain(token);
    expect(stderr).not.toContain('ZGVidWctc2lnbmF0dXJl');
  });
});
