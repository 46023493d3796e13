// What `pnpm release:publish` asks a registry directly (scripts/release/registry.ts): one GET of each
// package's packument, without credentials unless the registry wants them even for reading; the removal of
// a tarball the registry kept without its version; `latest` moved. A local server plays the registry; the
// credentials come from an .npmrc of this test's, read as npm reads it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sendJson, startServer, type TestServer } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpmrcFiles } from '../../scripts/release/npmrc.ts';
import { latestShouldMove, RegistryClient, tarballName } from '../../scripts/release/registry.ts';

const TOKEN = 'registry-query-test-token';
const packument = (name: string, versions: string[]) => ({
  name,
  _rev: '3-abc',
  'dist-tags': { latest: versions.at(-1) },
  versions: Object.fromEntries(versions.map((version) => [version, { name, version }])),
});

let registry: TestServer;
let dir: string;
let client: RegistryClient;

beforeAll(async () => {
  registry = await startServer((req, res) => {
    const name = decodeURIComponent(req.url ?? '').slice(1);
    if (req.method === 'DELETE' || req.method === 'PUT')
      return req.headers.authorization === `Bearer ${TOKEN}`
        ? sendJson(res, 201, { ok: true })
        : sendJson(res, 401, {});
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
  writeFileSync(path.join(dir, 'user.npmrc'), `//${host}/:_authToken=\${REGISTRY_TOKEN}\n`);
  const files = readNpmrcFiles(dir, {
    NPM_CONFIG_USERCONFIG: path.join(dir, 'user.npmrc'),
    NPM_CONFIG_GLOBALCONFIG: path.join(dir, 'none'),
    REGISTRY_TOKEN: TOKEN,
  });
  client = new RegistryClient(`${registry.baseUrl}/`, files);
});

afterAll(async () => {
  await registry?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('which versions a registry holds', () => {
  it('reads the packument once per package, without credentials', async () => {
    const before = registry.requests.length;
    expect(await client.versions('@zoom-api/open')).toEqual(['1.0.0', '1.1.0']);
    const asked = registry.requests.slice(before);
    expect(asked.map((r) => r.url)).toEqual(['/@zoom-api%2fopen']);
    expect(asked[0]?.headers.authorization).toBeUndefined();
  });

  it('a package the registry does not know has no versions', async () => {
    expect(await client.versions('@zoom-api/nowhere')).toEqual([]);
  });

  it("a registry that wants a token for reading is asked again with the user's npm credentials for its host", async () => {
    const before = registry.requests.length;
    expect(await client.versions('@zoom-api/locked')).toEqual(['2.0.0']);
    const asked = registry.requests.slice(before);
    expect(asked.map((r) => r.headers.authorization)).toEqual([undefined, `Bearer ${TOKEN}`]);
  });

  it('any other answer is an error naming the registry and the package, not a guess', async () => {
    await expect(client.versions('@zoom-api/broken')).rejects.toThrow(
      `Cannot ask ${registry.baseUrl}/ about @zoom-api/broken: HTTP 500`,
    );
  });
});

describe('repairs after an interrupted publish', () => {
  it("removes a kept tarball with npm's request for one file, with the user's credentials", async () => {
    const before = registry.requests.length;
    expect(await client.removeTarball('@zoom-api/open', tarballName('@zoom-api/open', '1.2.0'))).toBe(201);
    const asked = registry.requests.slice(before);
    expect(asked.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /@zoom-api%2fopen',
      'DELETE /@zoom-api%2fopen/-/open-1.2.0.tgz/-rev/3-abc',
    ]);
    expect(asked[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('points latest at a version', async () => {
    const before = registry.requests.length;
    expect(await client.setDistTag('@zoom-api/open', 'latest', '1.1.0')).toBe(201);
    const [put] = registry.requests.slice(before);
    expect(`${put?.method} ${put?.url}`).toBe('PUT /-/package/@zoom-api%2fopen/dist-tags/latest');
    expect(put?.body).toBe('"1.1.0"');
    expect(put?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('moves latest only forward, and off a prerelease', () => {
    expect(latestShouldMove(undefined, '1.0.0')).toBe(true);
    expect(latestShouldMove('1.0.0', '1.0.1')).toBe(true);
    expect(latestShouldMove('1.9.9', '2.0.0')).toBe(true);
    expect(latestShouldMove('2.0.0-beta.1', '2.0.0')).toBe(true);
    expect(latestShouldMove('1.0.1', '1.0.1')).toBe(false);
    expect(latestShouldMove('2.0.0', '1.0.2')).toBe(false);
  });
});
