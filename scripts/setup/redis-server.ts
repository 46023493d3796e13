// The first step of `pnpm test`: the Redis tests (the rate-limit store of @zoom-api/redis, the rate-limit
// bench) run against a real redis-server, so a fresh machine gets one here rather than a red suite. Found
// on PATH or in REDIS_SERVER: nothing to do. Missing on Debian or Ubuntu: `apt-get install redis-server`,
// as root or with sudo that needs no password. Anywhere else: the install command is printed and the tests
// go on, and the Redis tests then fail with the same advice (they never skip). `.ci/run` runs `pnpm test`
// and adds nothing to it.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type Env = Readonly<Record<string, string | undefined>>;

/** How to install redis-server by hand, for the messages. */
export const REDIS_INSTALL_ADVICE =
  'apt-get install -y redis-server (Debian, Ubuntu), or brew install redis (macOS); or put a redis-server on ' +
  'PATH or name one in REDIS_SERVER';

/** An executable file named `name` on `PATH`, or undefined. */
export function onPath(name: string, env: Env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The redis-server the tests will start (REDIS_SERVER, else PATH), or undefined. */
export function findRedisServer(env: Env): string | undefined {
  if (env.REDIS_SERVER) {
    try {
      accessSync(env.REDIS_SERVER, constants.X_OK);
      return env.REDIS_SERVER;
    } catch {
      return undefined;
    }
  }
  return onPath('redis-server', env);
}

function run(command: string, args: readonly string[], env: Env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** The commands that install redis-server here, or why there are none. */
export async function installCommands(
  env: Env,
  uid: number | undefined,
): Promise<{ commands: [string, string[]][] } | { why: string }> {
  if (!onPath('apt-get', env)) return { why: 'there is no apt-get here' };
  const install = ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'];
  if (uid === 0)
    return {
      commands: [
        ['apt-get', ['update', '-qq']],
        ['apt-get', install],
      ],
    };
  if (!onPath('sudo', env) || (await run('sudo', ['-n', 'true'], env)) !== 0)
    return { why: 'installing needs root, and sudo asks for a password (or there is no sudo)' };
  return {
    commands: [
      ['sudo', ['-n', 'apt-get', 'update', '-qq']],
      ['sudo', ['-n', 'apt-get', ...install]],
    ],
  };
}

export type Provisioned = { state: 'present' | 'installed'; path: string } | { state: 'missing'; why: string };

/** Makes sure there is a redis-server; says what it did on `log`. Never throws: a failure is reported. */
export async function provisionRedisServer({
  env = process.env,
  uid = process.getuid?.(),
  log = (line: string) => console.error(line),
}: {
  env?: Env;
  uid?: number | undefined;
  log?: (line: string) => void;
} = {}): Promise<Provisioned> {
  const found = findRedisServer(env);
  if (found) return { state: 'present', path: found };
  if (env.REDIS_SERVER) {
    // Named on purpose: installing another one would not be used.
    const why = `REDIS_SERVER names ${env.REDIS_SERVER}, which is not an executable file`;
    log(`${why}. Point it at a redis-server, or unset it to use the one on PATH.`);
    return { state: 'missing', why };
  }
  const missing = 'redis-server is not on PATH';
  const plan = await installCommands(env, uid);
  if ('why' in plan) {
    const why = `${missing}, and it cannot be installed from here (${plan.why})`;
    log(`${why}. The Redis tests will fail until it is there: ${REDIS_INSTALL_ADVICE}.`);
    return { state: 'missing', why };
  }
  log(
    `${missing}: installing it for the Redis tests (${plan.commands.map(([c, a]) => [c, ...a].join(' ')).join(', then ')})…`,
  );
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const [command, args] of plan.commands) {
    const code = await run(command, args, aptEnv);
    if (code !== 0) {
      const why = `\`${[command, ...args].join(' ')}\` exited with ${code}`;
      log(
        `Could not install redis-server: ${why}. The Redis tests will fail until it is there: ${REDIS_INSTALL_ADVICE}.`,
      );
      return { state: 'missing', why };
    }
  }
  const installed = findRedisServer(env);
  if (!installed) {
    const why = 'apt-get finished, but there is still no redis-server on PATH';
    log(`${why}. The Redis tests will fail until it is there: ${REDIS_INSTALL_ADVICE}.`);
    return { state: 'missing', why };
  }
  log(`redis-server installed: ${installed}`);
  return { state: 'installed', path: installed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // The tests go on either way: without a redis-server, only the Redis tests fail, saying how to install it.
  void provisionRedisServer();
}
