// `pnpm test` on a fresh machine: its first step (scripts/setup/redis-server.ts) gets the Redis tests a
// redis-server. A fresh machine is made by PATH alone: one without redis-server, with stand-ins for apt-get and
// sudo first on it that record what they were asked and "install" by linking this machine's redis-server
// into a folder on that PATH. What they install is then started for real.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REDIS_MISSING, runProcess, startRedis, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRedisServer, provisionRedisServer, REDIS_INSTALL_ADVICE } from '../redis-server.ts';

const REAL_REDIS = findRedisServer(process.env);

/** apt-get: records its arguments and DEBIAN_FRONTEND; `install … redis-server` links the real one into $INSTALL_TO. */
const APT_GET = `#!/bin/sh
echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> "$STUB_LOG"
case "$*" in *install*redis-server*) /bin/ln -s "$REAL_REDIS" "$INSTALL_TO/redis-server" ;; esac
`;
/** sudo: `-n true` answers as $SUDO_ANSWER says (0: no password needed); otherwise runs the command. */
const SUDO = `#!/bin/sh
echo "sudo $*" >> "$STUB_LOG"
[ "$1" = "-n" ] && shift
[ "$1" = "true" ] && exit "$SUDO_ANSWER"
exec "$@"
`;

let dir: string;
let stubs: string;
let caseNumber = 0;

beforeAll(() => {
  expect(REAL_REDIS, 'this machine has a redis-server to stand for the installed one').toBeDefined();
  dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-redis-setup-'));
  stubs = path.join(dir, 'stubs');
  mkdirSync(stubs);
  mkdirSync(path.join(dir, 'node'));
  symlinkSync(process.execPath, path.join(dir, 'node', 'node'));
  for (const [name, script] of [
    ['apt-get', APT_GET],
    ['sudo', SUDO],
  ] as const) {
    writeFileSync(path.join(stubs, name), script);
    chmodSync(path.join(stubs, name), 0o755);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A fresh machine: PATH holds node (linked alone into a folder: its own folder may hold redis-server too),
 * the stand-ins (unless left out) and an empty folder apt-get installs into.
 */
function freshMachine({ apt = true, sudoAnswer = 0 } = {}) {
  const root = path.join(dir, `machine-${++caseNumber}`);
  const installTo = path.join(root, 'bin');
  mkdirSync(installTo, { recursive: true });
  const log = path.join(root, 'stub.log');
  const paths = [path.join(dir, 'node'), installTo, ...(apt ? [stubs] : [])];
  const env = {
    PATH: paths.join(path.delimiter),
    STUB_LOG: log,
    INSTALL_TO: installTo,
    REAL_REDIS: REAL_REDIS as string,
    SUDO_ANSWER: String(sudoAnswer),
  };
  const asked = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
  return { env, installTo, asked };
}

describe('pnpm test gets the Redis tests a redis-server', () => {
  it('finds one on PATH or in REDIS_SERVER and installs nothing', async () => {
    const machine = freshMachine();
    symlinkSync(REAL_REDIS as string, path.join(machine.installTo, 'redis-server'));
    expect(await provisionRedisServer({ env: machine.env, uid: 0, log: () => {} })).toEqual({
      state: 'present',
      path: path.join(machine.installTo, 'redis-server'),
    });
    const named = freshMachine();
    expect(
      await provisionRedisServer({ env: { ...named.env, REDIS_SERVER: REAL_REDIS }, uid: 0, log: () => {} }),
    ).toEqual({ state: 'present', path: REAL_REDIS });
    expect([...machine.asked(), ...named.asked()]).toEqual([]);
  });

  it('as root with apt-get, installs it, and what it installed answers', async () => {
    const machine = freshMachine();
    const lines: string[] = [];
    const result = await provisionRedisServer({ env: machine.env, uid: 0, log: (line) => lines.push(line) });
    expect(result).toEqual({ state: 'installed', path: path.join(machine.installTo, 'redis-server') });
    expect(machine.asked()).toEqual([
      'apt-get update -qq DEBIAN_FRONTEND=noninteractive',
      'apt-get install -y -qq --no-install-recommends redis-server DEBIAN_FRONTEND=noninteractive',
    ]);
    expect(lines[0]).toMatch(/^redis-server is not on PATH: installing it for the Redis tests \(apt-get update/);
    const version = await runProcess(path.join(machine.installTo, 'redis-server'), ['--version']);
    expect(version.stdout).toMatch(/^Redis server v=\d/);
  });

  it('as another user, with sudo that needs no password', async () => {
    const machine = freshMachine({ sudoAnswer: 0 });
    const result = await provisionRedisServer({ env: machine.env, uid: 1000, log: () => {} });
    expect(result.state).toBe('installed');
    expect(machine.asked()).toEqual([
      'sudo -n true',
      'sudo -n apt-get update -qq',
      'apt-get update -qq DEBIAN_FRONTEND=noninteractive',
      'sudo -n apt-get install -y -qq --no-install-recommends redis-server',
      'apt-get install -y -qq --no-install-recommends redis-server DEBIAN_FRONTEND=noninteractive',
    ]);
  });

  it('where it cannot install (sudo wants a password, or no apt-get), says how, and goes on', async () => {
    for (const machine of [freshMachine({ sudoAnswer: 1 }), freshMachine({ apt: false })]) {
      const lines: string[] = [];
      const result = await provisionRedisServer({ env: machine.env, uid: 1000, log: (line) => lines.push(line) });
      expect(result.state).toBe('missing');
      expect(lines.join('\n')).toContain(REDIS_INSTALL_ADVICE);
      expect(machine.asked().filter((line) => line.startsWith('apt-get'))).toEqual([]);
    }
  });

  it('a REDIS_SERVER that names nothing runnable is reported, not papered over with an install', async () => {
    const machine = freshMachine();
    const lines: string[] = [];
    const missing = path.join(dir, 'no-such-redis-server');
    const result = await provisionRedisServer({
      env: { ...machine.env, REDIS_SERVER: missing },
      uid: 0,
      log: (l) => lines.push(l),
    });
    expect(result).toEqual({ state: 'missing', why: `REDIS_SERVER names ${missing}, which is not an executable file` });
    expect(machine.asked()).toEqual([]);
  });

  it('then the Redis tests fail saying how to install it, never skip', async () => {
    const saved = { PATH: process.env.PATH, REDIS_SERVER: process.env.REDIS_SERVER };
    process.env.PATH = freshMachine({ apt: false }).env.PATH;
    delete process.env.REDIS_SERVER;
    try {
      await expect(startRedis()).rejects.toThrow(REDIS_MISSING);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.REDIS_SERVER !== undefined) process.env.REDIS_SERVER = saved.REDIS_SERVER;
    }
    expect(REDIS_MISSING).toContain('apt-get install -y redis-server');
  });

  it("is the first step of the README's `pnpm test`, run as a command; .ci/run adds no install of its own", async () => {
    const scripts = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.test).toMatch(/^tsx scripts\/setup\/redis-server\.ts && /);
    const ci = readFileSync(path.join(WORKSPACE_ROOT, '.ci/run'), 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'));
    expect(ci).toContain('pnpm test');
    expect(ci.filter((line) => /apt-get|redis|brew|sudo/.test(line))).toEqual([]);

    const machine = freshMachine();
    const command = await runProcess(process.execPath, ['--import', 'tsx', 'scripts/setup/redis-server.ts'], {
      cwd: WORKSPACE_ROOT,
      env: { ...machine.env, HOME: dir },
    });
    expect(command.code, command.output).toBe(0);
    expect(command.stderr).toContain(`redis-server installed: ${path.join(machine.installTo, 'redis-server')}`);
  });
});
