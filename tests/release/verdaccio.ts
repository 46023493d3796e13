// A real npm registry for the release tests: Verdaccio on 127.0.0.1 (a free port), its own storage and
// config in a temporary folder, no uplinks (a package it was not given does not exist, nothing leaves the
// machine), in a child process that `stop()` ends, and that is killed if the test process exits first.
// `kill()` is a crash (SIGKILL, storage kept) and `restart()` brings it back on the same port and storage.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Registry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** A publish token for a user created through the registry's API (never print it). */
  token: string;
  /** The `.npmrc` lines that point npm at this registry with that token. */
  npmrc: string;
  /** The credentials line alone (`//127.0.0.1:<port>/:_authToken=…`): names no registry. */
  credentials: string;
  /** Where Verdaccio keeps packages: `<storage>/@zoom-api/core/package.json` and its tarballs. */
  storage: string;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

const CONFIG = (dir: string) => `
storage: ${JSON.stringify(path.join(dir, 'storage'))}
auth:
  htpasswd:
    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}
    max_users: 10
uplinks: {}
packages:
  '**':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
log: { type: stdout, format: pretty, level: warn }
`;

// Listens on the port given (0: any) and prints the port it got: the first line of stdout.
const LAUNCHER = `
const { runServer } = require(process.argv[1]);
runServer(process.argv[2]).then((app) => {
  const server = app.listen(Number(process.argv[3]), '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
});
`;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts Verdaccio with `config` on `port`; resolves with the child and the port it listens on. */
async function launch(config: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const verdaccio = createRequire(import.meta.url).resolve('verdaccio');
  const child = spawn(process.execPath, ['-e', LAUNCHER, verdaccio, config, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    const listening = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Verdaccio did not start in 30 s:\n${output}`)), 30_000);
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
      });
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /\{"port":(\d+)\}/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Verdaccio exited with ${code} before listening:\n${output}`));
      });
    });
    return { child, port: listening };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-verdaccio-'));
  const config = path.join(dir, 'config.yaml');
  writeFileSync(config, CONFIG(dir));
  let current: ChildProcess | undefined;
  const killOnExit = () => current?.kill('SIGKILL');
  process.once('exit', killOnExit);
  const end = async (signal: NodeJS.Signals) => {
    const child = current;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited(child);
    clearTimeout(timer);
  };
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await end('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const started = await launch(config, 0);
    current = started.child;
    const { port } = started;
    const url = `http://127.0.0.1:${port}/`;
    const response = await fetch(`${url}-/user/org.couchdb.user:release`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'release', password: `pw-${process.pid}-${Date.now()}` }),
    });
    const body = (await response.json()) as { token?: string };
    if (!response.ok || !body.token) throw new Error(`Verdaccio refused to create a user (HTTP ${response.status})`);
    const credentials = `//127.0.0.1:${port}/:_authToken=${body.token}`;
    return {
      url,
      token: body.token,
      npmrc: `registry=${url}\n${credentials}\n`,
      credentials,
      storage: path.join(dir, 'storage'),
      stop,
      kill: () => end('SIGKILL'),
      restart: async () => {
        await end('SIGKILL');
        current = (await launch(config, port)).child;
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
