// A real npm registry for one test file: Verdaccio on 127.0.0.1 (a free port), its own storage and
// config in a temporary folder, no uplinks (a package it was not given does not exist, nothing leaves the
// machine), in a child process that `stop()` ends, and that is killed if the test process exits first.
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
  stop(): Promise<void>;
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

// Listens on port 0 and prints the port it got: the first line of stdout.
const LAUNCHER = `
const { runServer } = require(process.argv[1]);
runServer(process.argv[2]).then((app) => {
  const server = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
});
`;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-verdaccio-'));
  const config = path.join(dir, 'config.yaml');
  writeFileSync(config, CONFIG(dir));
  const verdaccio = createRequire(import.meta.url).resolve('verdaccio');
  const child = spawn(process.execPath, ['-e', LAUNCHER, verdaccio, config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  let output = '';
  try {
    const port = await new Promise<number>((resolve, reject) => {
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
    const url = `http://127.0.0.1:${port}/`;
    const response = await fetch(`${url}-/user/org.couchdb.user:release`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'release', password: `pw-${process.pid}-${Date.now()}` }),
    });
    const body = (await response.json()) as { token?: string };
    if (!response.ok || !body.token) throw new Error(`Verdaccio refused to create a user (HTTP ${response.status})`);
    const npmrc = `registry=${url}\n//127.0.0.1:${port}/:_authToken=${body.token}\n`;
    return { url, token: body.token, npmrc, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
