// Where --mock finds its document, in order: --spec, ZOOM_SPECS_DIR, the workspace's specs/, the user
// cache, Zoom's official URL (here on a local server standing in for Zoom through ZOOM_API_SPECS_ORIGIN).
// The first three get tiny documents of our own whose example answers say which one was served; the
// download gets the workspace's real cobrowse document, since it must have the hash the CLI was built with.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startServer, type TestServer } from '@zoom-api/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli, WORKSPACE } from './helpers.js';

const CALL = ['cobrowse', 'listLiveSessions', '--mock', '--json'];

/** A one-operation document whose example answer names where it was found. */
function tinyDocument(from: string): string {
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'discovery fixture', version: '1' },
    paths: {
      '/cobrowsesdk/live_sessions': {
        get: {
          responses: {
            200: { description: 'ok', content: { 'application/json': { example: { from } } } },
          },
        },
      },
    },
  });
}

const manifest = JSON.parse(readFileSync(join(WORKSPACE, 'specs/manifest.json'), 'utf8')) as {
  specs: { id: string; file: string; url: string; sha256: string }[];
};
const cobrowse = manifest.specs.find((s) => s.id === 'cobrowse') as (typeof manifest.specs)[number];
const officialPath = new URL(cobrowse.url).pathname;
// Materialised by `pnpm build` (specs:pull checks its hash against the manifest).
const realDocument = () => JSON.parse(readFileSync(join(WORKSPACE, 'specs', cobrowse.file), 'utf8'));

let scratch: string;
let cacheDir: string;
/** A zoom-api workspace whose cobrowse document is not pulled: the nearest workspace for runs from here. */
let emptyWorkspace: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'zoom-api-discovery-'));
  emptyWorkspace = join(scratch, 'workspace');
  mkdirSync(join(emptyWorkspace, 'specs'), { recursive: true });
  writeFileSync(
    join(emptyWorkspace, 'specs/manifest.json'),
    JSON.stringify({ specs: [{ id: 'cobrowse', file: 'cobrowse.json' }] }),
  );
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let caseNumber = 0;

/** An environment with nothing set that points at documents, and a fresh, empty user cache. */
function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  cacheDir = join(scratch, `cache-${++caseNumber}`);
  const env = cleanEnv();
  delete env.ZOOM_SPECS_DIR;
  delete env.ZOOM_API_SPECS_ORIGIN;
  return { ...env, ZOOM_API_CACHE_DIR: cacheDir, ...extra };
}

function fixtureFolder(name: string, from: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cobrowse.json'), tinyDocument(from));
  return dir;
}

describe('the order of the places', () => {
  it('--spec comes before ZOOM_SPECS_DIR', async () => {
    const specsDir = fixtureFolder('specs-dir-1', 'ZOOM_SPECS_DIR');
    const spec = join(fixtureFolder('spec-flag', '--spec'), 'cobrowse.json');
    const run = await runCli([...CALL, '--spec', spec], { env: isolatedEnv({ ZOOM_SPECS_DIR: specsDir }) });
    expect(run.stderr).toContain(`serving ${spec}`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ from: '--spec' });
  });

  it('ZOOM_SPECS_DIR (relative to the working directory) comes before the workspace', async () => {
    fixtureFolder('specs-dir-2', 'ZOOM_SPECS_DIR');
    // The real workspace has specs/cobrowse.json, and ZOOM_SPECS_DIR still wins.
    const run = await runCli(CALL, {
      cwd: WORKSPACE,
      env: isolatedEnv({ ZOOM_SPECS_DIR: relative(WORKSPACE, join(scratch, 'specs-dir-2')) }),
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ from: 'ZOOM_SPECS_DIR' });
  });

  it('the nearest workspace comes before the user cache', async () => {
    const workspace = join(scratch, 'workspace-with-doc');
    mkdirSync(join(workspace, 'specs', 'sub'), { recursive: true });
    writeFileSync(
      join(workspace, 'specs/manifest.json'),
      JSON.stringify({ specs: [{ id: 'cobrowse', file: 'cobrowse.json' }] }),
    );
    writeFileSync(join(workspace, 'specs/cobrowse.json'), tinyDocument('workspace'));
    const env = isolatedEnv();
    mkdirSync(join(cacheDir, 'specs'), { recursive: true });
    writeFileSync(join(cacheDir, 'specs', `cobrowse-${cobrowse.sha256}.json`), tinyDocument('cache'));
    // From a folder inside it: the workspace is found by walking up.
    const run = await runCli(CALL, { cwd: join(workspace, 'specs', 'sub'), env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ from: 'workspace' });
  });

  it('the user cache comes before the download', async () => {
    const env = isolatedEnv();
    mkdirSync(join(cacheDir, 'specs'), { recursive: true });
    writeFileSync(join(cacheDir, 'specs', `cobrowse-${cobrowse.sha256}.json`), tinyDocument('cache'));
    const server = await startServer((_req, res) => res.writeHead(500).end());
    try {
      const run = await runCli(CALL, { cwd: emptyWorkspace, env: { ...env, ZOOM_API_SPECS_ORIGIN: server.baseUrl } });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ from: 'cache' });
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("the download from Zoom's URL", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('is verified by canonical hash, cached, and not fetched again', async () => {
    // Other whitespace than the file on disk: the canonical hash does not see it.
    server = await startServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(realDocument())),
    );
    const env = { ...isolatedEnv(), ZOOM_API_SPECS_ORIGIN: server.baseUrl };
    const cached = join(cacheDir, 'specs', `cobrowse-${cobrowse.sha256}.json`);

    const first = await runCli(CALL, { cwd: emptyWorkspace, env });
    expect(first.stderr).toContain('canonical sha256 verified');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toHaveProperty('sessions');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${officialPath}`]);
    expect(existsSync(cached)).toBe(true);
    // Only the document: no temporary file left beside it.
    expect(readdirSync(join(cacheDir, 'specs'))).toEqual([`cobrowse-${cobrowse.sha256}.json`]);

    const second = await runCli(CALL, { cwd: emptyWorkspace, env });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`serving ${cached}`);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a document with another hash and caches nothing', async () => {
    const changed = realDocument();
    changed.info.title = `${changed.info.title} (changed on the way)`;
    server = await startServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(changed)),
    );
    const env = { ...isolatedEnv(), ZOOM_API_SPECS_ORIGIN: server.baseUrl };
    const run = await runCli(CALL, { cwd: emptyWorkspace, env });
    expect(run.code).toBe(2);
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8'));
    expect(run.stderr).toContain(`not the ${cobrowse.sha256} this CLI (@zoom-api/cli ${version}) was built for`);
    expect(run.stderr).toContain('refused and not cached');
    expect(run.stderr).toContain('run `npm update @zoom-api/cli`');
    expect(run.stderr).not.toContain('Prism (pid');
    expect(server.requests).toHaveLength(1);
    expect(existsSync(join(cacheDir, 'specs')) ? readdirSync(join(cacheDir, 'specs')) : []).toEqual([]);
  });
});

describe('when nothing has the document', () => {
  it('lists every place it tried, in order, with the reason, and how to fix it', async () => {
    const server = await startServer((_req, res) => res.writeHead(404).end());
    try {
      const missingDir = join(scratch, 'no-such-folder');
      const env = { ...isolatedEnv({ ZOOM_SPECS_DIR: missingDir }), ZOOM_API_SPECS_ORIGIN: server.baseUrl };
      const run = await runCli(CALL, { cwd: emptyWorkspace, env });
      expect(run.code).toBe(2);
      const lines = run.stderr.split('\n');
      expect(lines[0]).toBe(
        "zoom-api: --mock needs Zoom's OpenAPI document 'cobrowse' and found it nowhere. Tried, in order:",
      );
      expect(lines.slice(1, 5)).toEqual([
        `  1. ZOOM_SPECS_DIR (${join(missingDir, 'cobrowse.json')}): no such file`,
        `  2. ${join(emptyWorkspace, 'specs', 'cobrowse.json')}: not there yet (\`pnpm specs:pull\` in ${emptyWorkspace} materialises it)`,
        `  3. the user cache (${join(cacheDir, 'specs', `cobrowse-${cobrowse.sha256}.json`)}): not there yet (ZOOM_API_CACHE_DIR moves the cache)`,
        `  4. ${server.baseUrl}${officialPath}: answered HTTP 404 Not Found`,
      ]);
      expect(lines[5]).toContain('--spec FILE');
      expect(lines[5]).toContain('ZOOM_SPECS_DIR');
      expect(lines[5]).toContain('ZOOM_API_SPECS_ORIGIN');
      expect(run.stderr).not.toContain('Prism (pid');
    } finally {
      await server.close();
    }
  });

  it('names an unreachable origin and a bad ZOOM_API_SPECS_ORIGIN', async () => {
    const closed = await startServer(() => {});
    const origin = closed.baseUrl;
    await closed.close();
    const unreachable = await runCli(CALL, {
      cwd: emptyWorkspace,
      env: { ...isolatedEnv(), ZOOM_API_SPECS_ORIGIN: origin },
    });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`  4. ${origin}${officialPath}: could not be fetched (ECONNREFUSED)`);

    const bad = await runCli(CALL, {
      cwd: emptyWorkspace,
      env: { ...isolatedEnv(), ZOOM_API_SPECS_ORIGIN: 'mirror.example' },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ZOOM_API_SPECS_ORIGIN must be an http(s) URL such as https://mirror.example.com.');
  });

  it("sends a mirror's user and password as Basic authorization and never prints the password", async () => {
    const server = await startServer((_req, res) => res.writeHead(404).end());
    try {
      const withCredentials = server.baseUrl.replace('http://', 'http://mirror-user:s3cret%2Fpass@');
      const run = await runCli(CALL, {
        cwd: emptyWorkspace,
        env: { ...isolatedEnv(), ZOOM_API_SPECS_ORIGIN: withCredentials },
      });
      expect(run.code).toBe(2);
      expect(server.requests.map((r) => r.headers.authorization)).toEqual([
        `Basic ${Buffer.from('mirror-user:s3cret/pass').toString('base64')}`,
      ]);
      expect(run.stderr).toContain(`  4. ${server.baseUrl}${officialPath}: answered HTTP 404 Not Found`);
      expect(run.stderr).not.toMatch(/s3cret|mirror-user/);
    } finally {
      await server.close();
    }
  });
});
