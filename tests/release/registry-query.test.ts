// How `pnpm release:publish` learns which versions a registry holds (scripts/release/publish.ts): one GET
// of each package's packument, and `npm view` with npm's own credentials only when the registry wants them
// for reading. A local server plays the registry; npm's user config is a file of this test's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sendJson, startServer, type TestServer } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspacePackage } from '../../scripts/release/checks.ts';
import { isPublished } from '../../scripts/release/publish.ts';

const TOKEN = 'registry-query-test-token';
const packument = (name: string, versions: string[]) => ({
  name,
  'dist-tags': { latest: versions.at(-1) },
  versions: Object.fromEntries(versions.map((version) => [version, { name, version }])),
});

let registry: TestServer;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  registry = await startServer((req, res) => {
    const name = decodeURIComponent(req.url ?? '').slice(1);
    if (name === '@zoom-api/open') return sendJson(res, 200, packument(name, ['1.0.0', '1.1.0']));
    if (name === '@zoom-api/locked')
      return req.headers.authorization === `Bearer ${TOKEN}`
        ? sendJson(res, 200, packument(name, ['2.0.0']))
        : sendJson(res, 401, { error: 'authentication required' });
    if (name === '@zoom-api/broken') return sendJson(res, 500, { error: 'down' });
    return sendJson(res, 404, { error: 'not found' });
  });
  // A folder with no .npmrc of its own, and npm's user config holding the token for this registry.
  dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-registry-query-'));
  const host = new URL(registry.baseUrl).host;
  writeFileSync(path.join(dir, 'user.npmrc'), `//${host}/:_authToken=${TOKEN}\n`);
  for (const key of Object.keys(process.env)) if (/^npm_config_/i.test(key)) delete process.env[key];
  process.env.NPM_CONFIG_USERCONFIG = path.join(dir, 'user.npmrc');
  process.env.NPM_CONFIG_CACHE = path.join(dir, 'npm-cache');
  process.env.NPM_CONFIG_UPDATE_NOTIFIER = 'false';
});

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await registry?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pkg = (name: string, version: string): WorkspacePackage => ({ name, version, dir, manifest: { name, version } });
const url = () => `${registry.baseUrl}/`;

describe('which versions a registry holds', () => {
  it('reads the packument once per package, without credentials', async () => {
    const before = registry.requests.length;
    expect(await isPublished(pkg('@zoom-api/open', '1.1.0'), url(), dir)).toBe(true);
    expect(await isPublished(pkg('@zoom-api/open', '1.2.0'), url(), dir)).toBe(false);
    const asked = registry.requests.slice(before);
    expect(asked.map((r) => r.url)).toEqual(['/@zoom-api%2fopen', '/@zoom-api%2fopen']);
    expect(asked.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('a package the registry does not know is not published', async () => {
    expect(await isPublished(pkg('@zoom-api/nowhere', '1.0.0'), url(), dir)).toBe(false);
  });

  it("a registry that wants a token for reading is asked again through npm view, with npm's credentials", async () => {
    const before = registry.requests.length;
    expect(await isPublished(pkg('@zoom-api/locked', '2.0.0'), url(), dir)).toBe(true);
    const asked = registry.requests.slice(before);
    expect(asked[0]?.headers.authorization).toBeUndefined();
    expect(asked.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(await isPublished(pkg('@zoom-api/locked', '2.0.1'), url(), dir)).toBe(false);
  }, 60_000);

  it('any other answer is an error naming the registry and the package, not a guess', async () => {
    await expect(isPublished(pkg('@zoom-api/broken', '1.0.0'), url(), dir)).rejects.toThrow(
      `Cannot ask ${url()} about @zoom-api/broken@1.0.0: HTTP 500`,
    );
  });
});
