// Issue 26's budget for consumer (a), one Video SDK operation through the full client, is 12 KiB gzipped
// for what it loads to make its call. It is not met yet (the bench prints by how much), so the test holds
// (a) to a ceiling that only ever goes down (GZIP_CEILING_BYTES). (a) is measured as section 3 of
// `pnpm bench` measures it (esbuild, minified, everything bundled, platform node, splitting).
// Bundle sizes are deterministic, so this is a plain assertion on bytes, not a timing. The bundle is also
// run: its successful call must need nothing but what loads at start (the on-demand chunks are deleted
// first), and with HTTP_PROXY set the same bundle must still reach the server through the proxy (the proxy
// chunk loads then).
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { type Finished, json, runNode, startProxy, startServer, type TestServer } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BundleResult,
  bundleTo,
  GZIP_CEILING_BYTES,
  GZIP_TARGET_BYTES,
  loadedAtStart,
  measureOneOperation,
  ONE_OPERATION,
} from '../src/bundle.ts';
import { BENCH_PACKAGE_DIR } from '../src/paths.ts';

const SESSIONS = { sessions: [{ id: 'a' }, { id: 'b' }], next_page_token: '' };

describe('consumer (a) bundled, as section 3 measures it', () => {
  let measured: BundleResult;
  let dir: string;
  let server: TestServer;

  beforeAll(async () => {
    measured = await measureOneOperation();
    dir = await mkdtemp(join(tmpdir(), 'zoom-api-bundle-a-'));
    server = await startServer(json(200, SESSIONS));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** (a) written to `outdir`; the paths of its files that load at start and of those loaded on demand. */
  async function written(outdir: string) {
    const metafile = await bundleTo(ONE_OPERATION, outdir);
    const atStart = loadedAtStart(metafile);
    const all = Object.keys(metafile.outputs).map((path) => resolve(BENCH_PACKAGE_DIR, path));
    const start = [...atStart].map((path) => resolve(BENCH_PACKAGE_DIR, path));
    return { start, onDemand: all.filter((path) => !start.includes(path)) };
  }

  /** Runs the bundle's entry with only the variables it reads: credentials, the server, and `extra`. */
  function run(entry: string, extra: Record<string, string> = {}): Promise<Finished> {
    return runNode(entry, [], {
      env: {
        PATH: process.env.PATH ?? '',
        ZOOM_API_KEY: 'bundle-test-key',
        ZOOM_API_SECRET: 'bundle-test-secret-of-some-length',
        ZOOM_API_BASE_URL: server.baseUrl,
        ...extra,
      },
      killAfter: 30_000,
    });
  }

  it(`loads at most ${GZIP_CEILING_BYTES} B gzipped at start (the ceiling on the way to ${GZIP_TARGET_BYTES} B)`, () => {
    const start = measured.chunks.filter((chunk) => chunk.loaded === 'at start');
    expect(start.reduce((sum, chunk) => sum + chunk.gzipBytes, 0)).toBe(measured.gzipBytes);
    expect(
      measured.gzipBytes,
      `(a) at start: ${start.map((c) => `${c.file} ${c.gzipBytes} B`).join(', ')}`,
    ).toBeLessThanOrEqual(GZIP_CEILING_BYTES);
  });

  it('keeps what only options and failures need out of what loads at start', () => {
    const atStart = measured.chunks.filter((chunk) => chunk.loaded === 'at start').flatMap((chunk) => chunk.modules);
    const onDemand = measured.chunks.filter((chunk) => chunk.loaded === 'on demand').flatMap((c) => c.modules);
    const names = (modules: typeof atStart) => modules.map((m) => m.module).join('\n');
    const parts = [
      'rate-limit/limiter',
      'transport/proxy.',
      'policy/recovery',
      'errors/from-response',
      'log/policy-logger',
      'log/request-log',
      'policy/call-hooks',
      // A transport's own failures, a `fetch` of the user's, and the wording of errors that only a failed call shows.
      'transport/transport.',
      'transport/fetch.',
      'auth/credentials-refused',
      'tokens-exhausted',
    ];
    for (const part of parts) {
      expect(names(atStart)).not.toContain(part);
      expect(names(onDemand)).toContain(part);
    }
  });

  it('makes its call with what loads at start alone', async () => {
    const out = join(dir, 'start-only');
    const { start, onDemand } = await written(out);
    expect(onDemand.length).toBeGreaterThan(0);
    for (const file of onDemand) await unlink(file);
    const entry = start.find((path) => path.endsWith('one-operation.mjs')) as string;
    const before = server.requests.length;
    const { code, stdout, stderr } = await run(entry);
    expect({ code, stdout: stdout.trim() }, stderr).toEqual({ code: 0, stdout: '2' });
    expect(server.requests.length - before).toBe(1);
    expect(relative(out, entry)).toBe('one-operation.mjs');
  });

  it('still goes through HTTP_PROXY on Node: the proxy chunk loads then', async () => {
    const out = join(dir, 'whole');
    const { start } = await written(out);
    const proxy = await startProxy();
    try {
      const entry = start.find((path) => path.endsWith('one-operation.mjs')) as string;
      const { code, stdout, stderr } = await run(entry, { HTTP_PROXY: proxy.url });
      expect({ code, stdout: stdout.trim() }, stderr).toEqual({ code: 0, stdout: '2' });
      expect(proxy.passed).toEqual([
        expect.objectContaining({
          method: 'GET',
          target: expect.stringContaining(`${server.baseUrl}/videosdk/sessions`),
        }),
      ]);
    } finally {
      await proxy.close();
    }
  });
});
