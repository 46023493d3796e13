// The JavaScript runtimes the packed packages are tested in (tests/runtimes), each installed from the npm
// package that ships its binary, once, into a cache that later runs reuse. RUNTIME_MATRIX is the one
// place their versions are pinned: the README's runtime table, the packages' `engines` and the CI cache
// key (.github/workflows/ci.yml hashes this file) follow it.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export type RuntimeKind = 'node' | 'bun' | 'deno' | 'workerd';

export interface RuntimePin {
  /** Names the runtime in test titles and the README table, e.g. `node-20`. */
  id: string;
  kind: RuntimeKind;
  /** Exact version of the npm package (for workerd, its date-based package version). */
  version: string;
  /** What the README table says about it, when there is more to say than the version. */
  note?: string;
}

export const RUNTIME_MATRIX: readonly RuntimePin[] = [
  { id: 'node-20', kind: 'node', version: '20.19.0', note: 'the `engines` floor' },
  { id: 'node-22', kind: 'node', version: '22.23.5' },
  { id: 'node-24', kind: 'node', version: '24.22.3' },
  { id: 'node-26', kind: 'node', version: '26.12.1', note: 'the newest release when pinned' },
  { id: 'bun', kind: 'bun', version: '1.4.5' },
  { id: 'deno', kind: 'deno', version: '2.9.6' },
  { id: 'workerd', kind: 'workerd', version: '1.20261123.1', note: "Cloudflare Workers' runtime" },
];

/** The npm package that holds a runtime's binary on this platform, and the binary's path inside it. */
export function runtimePackage(kind: RuntimeKind, platform = process.platform, arch = process.arch) {
  const supported = (platform === 'linux' || platform === 'darwin') && (arch === 'x64' || arch === 'arm64');
  if (!supported) {
    throw new Error(
      `The runtime matrix installs its runtimes for Linux and macOS on x64 or arm64; this is ${platform}-${arch}. ` +
        'Run it on one of those (CI does), or add the npm package names for this platform to runtimePackage().',
    );
  }
  switch (kind) {
    case 'node':
      return { name: `node-${platform}-${arch}`, binary: 'bin/node' };
    case 'bun':
      return { name: `@oven/bun-${platform}-${arch === 'arm64' ? 'aarch64' : 'x64'}`, binary: 'bin/bun' };
    case 'deno':
      return { name: `@deno/${platform}-${arch}${platform === 'linux' ? '-glibc' : ''}`, binary: 'deno' };
    case 'workerd':
      return { name: `@cloudflare/workerd-${platform}-${arch === 'x64' ? '64' : 'arm64'}`, binary: 'bin/workerd' };
  }
}

/**
 * Where installed runtimes are kept: `$ZOOM_API_TEST_RUNTIMES_DIR`, else `$XDG_CACHE_HOME/zoom-api-test-runtimes`,
 * else `~/.cache/zoom-api-test-runtimes`. Outside the repository, so clones and worktrees share one copy
 * (the seven take about 1 GB unpacked) and `git clean` keeps them.
 */
export function runtimeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ZOOM_API_TEST_RUNTIMES_DIR) return path.resolve(env.ZOOM_API_TEST_RUNTIMES_DIR);
  const xdg = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  return path.join(xdg ?? path.join(env.HOME || homedir(), '.cache'), 'zoom-api-test-runtimes');
}

export interface InstalledRuntime extends RuntimePin {
  /** Absolute path of the runtime's executable. */
  binary: string;
  /** Whether this call installed it (false: it was in the cache). */
  installed: boolean;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The runtime's binary from the cache, installed there first when missing: `npm install` of its package at
 * the pinned version (from the registry npm is configured with; no install scripts run) into a temporary
 * folder in the cache, of which only the binary is kept (Node's package also holds 60 MB of C headers), and
 * which is then renamed into place, so an interrupted install or two installs at once (parallel test runs,
 * several clones) never leave a half-written runtime behind.
 */
export async function installRuntime(pin: RuntimePin, cacheDir = runtimeCacheDir()): Promise<InstalledRuntime> {
  const pkg = runtimePackage(pin.kind);
  const folder = path.join(cacheDir, `${pkg.name.replace('/', '+')}@${pin.version}`);
  const binary = path.join(folder, path.basename(pkg.binary));
  if (isExecutable(binary)) return { ...pin, binary, installed: false };

  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(path.join(cacheDir, `.installing-${pin.id}-`));
  const spec = `${pkg.name}@${pin.version}`;
  try {
    const prefix = path.join(staging, 'npm');
    try {
      await promisify(execFile)(
        'npm',
        [
          'install',
          '--prefix',
          prefix,
          '--no-save',
          '--no-package-lock',
          '--ignore-scripts',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          '--loglevel=error',
          spec,
        ],
        { cwd: staging, maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (error) {
      const { stderr = '', stdout = '' } = error as { stderr?: string; stdout?: string };
      throw new Error(
        `Could not install ${pin.id} (${spec}) with npm. It comes from the registry npm is configured with: ` +
          `check that it is reachable, or put the runtime's executable at ${binary} yourself.\n${stdout}${stderr}`,
        { cause: error },
      );
    }
    const installed = path.join(prefix, 'node_modules', pkg.name, pkg.binary);
    if (!isExecutable(installed)) {
      throw new Error(
        `${spec} installed, but has no executable ${pkg.binary}: its layout changed; update runtimePackage().`,
      );
    }
    renameSync(installed, path.join(staging, path.basename(pkg.binary)));
    rmSync(prefix, { recursive: true, force: true });
    try {
      renameSync(staging, folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      // Another install of the same runtime finished first: keep that one. A folder without the binary
      // is not one of ours (installs are renamed in whole): replace it.
      if (!isExecutable(binary)) {
        rmSync(folder, { recursive: true, force: true });
        renameSync(staging, folder);
      }
    }
    return { ...pin, binary, installed: true };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
