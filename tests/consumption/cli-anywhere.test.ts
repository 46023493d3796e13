// The `zoom-api` command as a user outside this repository gets it: the CLI's tarball and those of the
// packages it depends on, installed with npm into a scratch project. The install must stay small and
// quiet (Prism is an optional peer, so none of its Node >= 24.18 engine warnings), and --mock must
// still work: the document from ZOOM_SPECS_DIR, Prism from the user cache, or installed there by `npm`
// once the user agrees. That npm is a stub first on PATH (this machine has no internet): it records its
// arguments and lays out the prefix it is given with a link to the workspace's own Prism.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envWithoutCredentials, installTarballs, type RunOptions, runNode, runProcess } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSourceDir, isClientPackage, readRegistry } from '../../scripts/specs/lib.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** The CLI and what it depends on (core, auth, every client package): none is on a registry this test can reach. */
const PACKAGES = [
  'core',
  'auth',
  ...readRegistry(root)
    .filter(isClientPackage)
    .map((pkg) => path.basename(pkg.dir)),
  'cli',
];

const cliManifest = JSON.parse(readFileSync(path.join(root, 'packages/cli/package.json'), 'utf8'));
const PRISM_VERSION: string = cliManifest.devDependencies['@stoplight/prism-cli'];
/** The workspace's Prism (the CLI's devDependency), real path. */
const WORKSPACE_PRISM = realpathSync(path.join(root, 'packages/cli/node_modules/@stoplight/prism-cli'));
/** Where the other tests read Zoom's documents from (ZOOM_SPECS_DIR, relative to the root, or the mirror). */
const SPECS_DIR = defaultSourceDir(root) ?? path.join(root, 'specs');

const CALL = ['videosdk', 'listSessions', '--query.from', '2022-09-01', '--query.to', '2022-09-02', '--mock'];

const STUB_NPM = `#!/bin/sh
# Records its arguments, then installs "Prism" into --prefix by linking the workspace's copy.
printf '%s\\n' "$@" >> "$NPM_STUB_LOG"
prefix=""
previous=""
for arg in "$@"; do
  if [ "$previous" = "--prefix" ]; then prefix="$arg"; fi
  previous="$arg"
done
mkdir -p "$prefix/node_modules/@stoplight"
ln -s "$NPM_STUB_PRISM" "$prefix/node_modules/@stoplight/prism-cli"
`;

describe('the zoom-api command installed with npm into another project', () => {
  let scratch: string;
  let app: string;
  let bin: string;
  let stubBin: string;
  let installOutput: string;
  let caseNumber = 0;

  beforeAll(async () => {
    scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'zoom-cli-anywhere-')));
    stubBin = path.join(scratch, 'stub-bin');
    mkdirSync(stubBin);
    writeFileSync(path.join(stubBin, 'npm'), STUB_NPM);
    chmodSync(path.join(stubBin, 'npm'), 0o755);
    // The real npm (not the stub): what a user runs. Its whole output is kept for the warnings check.
    const installed = await installTarballs(scratch, PACKAGES, { projectName: 'elsewhere' });
    app = installed.app;
    expect(installed.tarballs).toHaveLength(PACKAGES.length);
    installOutput = installed.output;
    bin = path.join(app, 'node_modules/.bin/zoom-api');
  }, 300_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** A fresh, empty user cache, the stub npm first on PATH, and nothing else that says where documents are. */
  function environment(extra: Record<string, string> = {}) {
    const cache = path.join(scratch, `cache-${++caseNumber}`);
    const npmLog = path.join(scratch, `npm-${caseNumber}.log`);
    const env = envWithoutCredentials();
    delete env.ZOOM_SPECS_DIR;
    delete env.ZOOM_API_INSTALL_MOCK;
    delete env.ZOOM_API_SPECS_ORIGIN;
    // pnpm exec points NODE_PATH at the workspace's hoisted packages, Prism among them; a user has no such thing.
    delete env.NODE_PATH;
    return {
      cache,
      npmLog,
      prismPrefix: path.join(cache, `prism-${PRISM_VERSION}`),
      env: {
        ...env,
        PATH: `${stubBin}${path.delimiter}${env.PATH}`,
        ZOOM_API_CACHE_DIR: cache,
        NPM_STUB_LOG: npmLog,
        NPM_STUB_PRISM: WORKSPACE_PRISM,
        ...extra,
      } as NodeJS.ProcessEnv,
    };
  }

  const zoomApi = (args: readonly string[], options: RunOptions) => runNode(bin, args, { cwd: app, ...options });

  it('installs a few packages, without Prism and without engine warnings', () => {
    expect(installOutput).not.toMatch(/EBADENGINE/);
    expect(existsSync(path.join(app, 'node_modules/@stoplight'))).toBe(false);
    const lock = JSON.parse(readFileSync(path.join(app, 'package-lock.json'), 'utf8')).packages;
    const installed = Object.keys(lock).filter((key) => key.startsWith('node_modules/'));
    // Prism alone brought 214; the CLI, its six packages and their few dependencies are far fewer.
    expect(installed.length).toBeLessThan(40);
    expect(installed).toContain('node_modules/@zoom-api/cli');
  });

  it('--mock serves the document from ZOOM_SPECS_DIR with Prism from the user cache', async () => {
    const { env, prismPrefix, npmLog } = environment({ ZOOM_SPECS_DIR: SPECS_DIR });
    mkdirSync(path.join(prismPrefix, 'node_modules/@stoplight'), { recursive: true });
    symlinkSync(WORKSPACE_PRISM, path.join(prismPrefix, 'node_modules/@stoplight/prism-cli'));
    const result = await zoomApi(CALL, { env });
    expect(result.stderr).toContain(`serving ${path.join(SPECS_DIR, 'videosdk.json')}`);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty('sessions');
    expect(existsSync(npmLog)).toBe(false);
  });

  it('without Prism and without consent, exits 2 naming the flag, the variable and the manual install', async () => {
    const { env, npmLog, prismPrefix } = environment({ ZOOM_SPECS_DIR: SPECS_DIR });
    const result = await zoomApi(CALL, { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--install-mock');
    expect(result.stderr).toContain('ZOOM_API_INSTALL_MOCK=1');
    expect(result.stderr).toContain(`npm i -D @stoplight/prism-cli@${PRISM_VERSION}`);
    expect(result.stderr).toContain(prismPrefix);
    expect(result.stderr).not.toContain('Prism (pid');
    expect(existsSync(npmLog)).toBe(false);
  });

  it.each([
    ['--install-mock', [...CALL, '--install-mock'], {}],
    ['ZOOM_API_INSTALL_MOCK=1', CALL, { ZOOM_API_INSTALL_MOCK: '1' }],
  ])('with %s, installs the pinned Prism into the user cache with npm, once', async (_how, args, extra) => {
    const { env, npmLog, prismPrefix } = environment({ ZOOM_SPECS_DIR: SPECS_DIR, ...extra });
    const first = await zoomApi(args, { env });
    expect(first.stderr).toContain(`installing @stoplight/prism-cli@${PRISM_VERSION} into ${prismPrefix}`);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toHaveProperty('sessions');
    const argv = readFileSync(npmLog, 'utf8').trimEnd().split('\n');
    expect(argv.slice(0, 4)).toEqual(['install', '--prefix', prismPrefix, `@stoplight/prism-cli@${PRISM_VERSION}`]);
    expect(argv).toContain('--ignore-scripts');

    const second = await zoomApi(args, { env });
    expect(second.code).toBe(0);
    // npm ran once: the second run found Prism in the cache.
    expect(readFileSync(npmLog, 'utf8').trimEnd().split('\n')).toEqual(argv);
  });

  it('asks on a terminal, and installs only after a yes', async () => {
    const { env, npmLog } = environment({ ZOOM_SPECS_DIR: SPECS_DIR });
    // script(1) gives the command a terminal for stdin and stderr; what is typed comes from our stdin.
    const command = [process.execPath, bin, ...CALL].map((word) => `'${word}'`).join(' ');
    const declined = await runProcess('script', ['-qec', command, '/dev/null'], { cwd: app, env, stdin: 'n\n' });
    expect(declined.stdout).toMatch(/Install it into .*\? \[y\/N\]/);
    expect(declined.stdout).toContain('not installing Prism');
    expect(existsSync(npmLog)).toBe(false);

    const accepted = await runProcess('script', ['-qec', command, '/dev/null'], { cwd: app, env, stdin: 'y\n' });
    expect(accepted.stdout).toContain('"sessions"');
    expect(existsSync(npmLog)).toBe(true);
  });

  it('without any document, lists what it tried (no workspace here) and how to fix it', async () => {
    const { env } = environment({ ZOOM_API_SPECS_ORIGIN: 'http://127.0.0.1:9' });
    const result = await zoomApi(CALL, { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  1. ZOOM_SPECS_DIR: not set');
    expect(result.stderr).toMatch(/ {2}2\. the zoom-api workspace: no specs\/manifest\.json in /);
    expect(result.stderr).toMatch(/ {2}3\. the user cache \(.*videosdk-[0-9a-f]{64}\.json\): not there yet/);
    expect(result.stderr).toContain(
      '  4. http://127.0.0.1:9/api-hub/video-sdk/methods/endpoints.json: could not be fetched',
    );
    expect(result.stderr).toContain('--spec FILE');
  });
});
