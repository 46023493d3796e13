// The `zoom-api` command as a user outside this repository gets it: the CLI's tarball and those of the
// packages it depends on, installed with npm into a scratch project. The install must stay small and quiet
// (Prism is an optional peer, so none of its Node >= 24.18 engine warnings), and --mock must work there with
// nothing else: no document to find, no Prism to download, no question asked, no network. An `npm` stub first
// on PATH records any attempt to install something; a preload refuses every connection that is not to
// 127.0.0.1, as a machine without a network would.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envWithoutCredentials, installTarballs, type RunOptions, runNode, runProcess } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistry } from '../../scripts/specs/lib.ts';

// The CLI and what it depends on (core, auth, every package of the registry, the fake Zoom of --mock among
// them): none of them is on a registry this test can reach.
const PACKAGES = [
  'core',
  'auth',
  ...readRegistry(path.resolve(import.meta.dirname, '../..')).map((pkg) => path.basename(pkg.dir)),
  'cli',
];

const CALL = ['videosdk', 'listSessions', '--query.from', '2022-09-01', '--query.to', '2022-09-02', '--mock'];

const STUB_NPM = `#!/bin/sh
# Records that something tried to run npm.
printf '%s\\n' "$@" >> "$NPM_STUB_LOG"
exit 1
`;

// Loaded with --import: a connection to anything but loopback fails, and so does every other DNS lookup.
const OFFLINE = `
import dns from 'node:dns';
import net from 'node:net';
const loopback = (host) => host === undefined || host === '127.0.0.1' || host === '::1' || host === 'localhost';
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  if (!options.path && !loopback(options.host)) throw new Error('offline: no connection to ' + options.host);
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = (host, ...rest) =>
  loopback(host)
    ? lookup(host, ...rest)
    : rest.at(-1)(Object.assign(new Error('offline: no DNS for ' + host), { code: 'ENOTFOUND' }));
`;

describe('the zoom-api command installed with npm into another project', () => {
  let scratch: string;
  let app: string;
  let bin: string;
  let env: NodeJS.ProcessEnv;
  let npmLog: string;
  let offline: string;
  let installOutput: string;

  beforeAll(async () => {
    scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'zoom-cli-anywhere-')));
    const stubBin = path.join(scratch, 'stub-bin');
    mkdirSync(stubBin);
    writeFileSync(path.join(stubBin, 'npm'), STUB_NPM);
    chmodSync(path.join(stubBin, 'npm'), 0o755);
    offline = path.join(scratch, 'offline.mjs');
    writeFileSync(offline, OFFLINE);
    npmLog = path.join(scratch, 'npm.log');
    // The real npm (not the stub): what a user runs. Its whole output is kept for the warnings check.
    const installed = await installTarballs(scratch, PACKAGES, { projectName: 'elsewhere' });
    app = installed.app;
    expect(installed.tarballs).toHaveLength(PACKAGES.length);
    installOutput = installed.output;
    bin = path.join(app, 'node_modules/.bin/zoom-api');
    // Nothing that says where documents are, a fresh user cache, and the stub npm first on PATH.
    env = envWithoutCredentials();
    for (const name of ['ZOOM_SPECS_DIR', 'ZOOM_API_INSTALL_MOCK', 'ZOOM_API_SPECS_ORIGIN', 'NODE_PATH'])
      delete env[name];
    env = {
      ...env,
      PATH: `${stubBin}${path.delimiter}${env.PATH}`,
      XDG_CACHE_HOME: path.join(scratch, 'cache'),
      HOME: path.join(scratch, 'home'),
      NPM_STUB_LOG: npmLog,
    };
  }, 300_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const zoomApi = (args: readonly string[], options: RunOptions = {}) =>
    runNode('--import', [offline, bin, ...args], { cwd: app, env, ...options });

  it('installs fewer than 20 packages, without Prism and without engine warnings', () => {
    expect(installOutput).not.toMatch(/EBADENGINE/);
    expect(existsSync(path.join(app, 'node_modules/@stoplight'))).toBe(false);
    const lock = JSON.parse(readFileSync(path.join(app, 'package-lock.json'), 'utf8')).packages;
    const installed = Object.keys(lock).filter((key) => key.startsWith('node_modules/'));
    expect(installed).toContain('node_modules/@zoom-api/cli');
    expect(installed).toContain('node_modules/@zoom-api/testing');
    console.log(`the CLI's install: ${installed.length} packages\n  ${installed.join('\n  ')}`);
    expect(installed.length).toBeLessThan(20);
  });

  it('--mock answers offline, with no document, no download and no question, even on a terminal', async () => {
    // script(1) gives the command a terminal for stdin and stderr, where a question would have been asked.
    const command = [process.execPath, '--import', offline, bin, ...CALL].map((word) => `'${word}'`).join(' ');
    const run = await runProcess('script', ['-qec', command, '/dev/null'], { cwd: app, env, stdin: '' });
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain('"sessions"');
    expect(run.stdout).toMatch(/a fake Zoom \(@zoom-api\/testing\) answers at http:\/\/127\.0\.0\.1:\d+\/v2/);
    expect(run.stdout).not.toMatch(/\[y\/N\]|install/i);
    expect(existsSync(npmLog)).toBe(false);
    expect(existsSync(path.join(scratch, 'cache'))).toBe(false);
  });

  it('the offline preload really is offline (so the check above can fail)', async () => {
    const run = await runNode('--import', [offline, '-e', "await fetch('http://example.com/')"], { cwd: app, env });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/offline: no (DNS|connection)/);
  });

  it('every product answers, and Zoom’s checks apply', async () => {
    const settings = await zoomApi(['accounts', 'getAccountSettings', '--path.accountId', 'me', '--mock']);
    expect(settings.code, settings.output).toBe(0);
    expect(JSON.parse(settings.stdout)).toHaveProperty('in_session');
    const refused = await zoomApi([
      'videosdk',
      'listSessions',
      '--query.from',
      'soon',
      '--query.to',
      '2022-09-02',
      '--mock',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Validation Failed.');
  });
});
