// A real redis-server for the tests and the benchmark: on a free 127.0.0.1 port, persistence off, in a
// folder of its own, killed when the test process exits whatever happens to the test.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGTERM) and waits; removes its folder. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: clients see the connection drop. The folder stays for `restart`. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `kill` or `stop`) and waits until it answers PING. */
  restart(): Promise<void>;
}

export const REDIS_MISSING =
  'redis-server is not installed, and the Redis tests need a real one. Install it with `apt-get install -y redis-server` (Debian, Ubuntu; `pnpm test` does this itself as root or with sudo that needs no password) or `brew install redis` (macOS), or put a redis-server on PATH or in REDIS_SERVER.';

const running = new Set<ChildProcess>();
let exitHook = false;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** One PING over RESP; true when the server answered PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.on('connect', () => socket.write('PING\r\n'));
  });
}

function spawnRedis(command: string, port: number, dir: string, extra: readonly string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      command,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output = (output + chunk).slice(-4_000);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output = (output + chunk).slice(-4_000);
    });
    let settled = false;
    child.once('error', (error: NodeJS.ErrnoException) => {
      settled = true;
      reject(error.code === 'ENOENT' ? new Error(REDIS_MISSING) : error);
    });
    child.once('exit', (code, signal) => {
      running.delete(child);
      if (!settled) {
        settled = true;
        reject(new Error(`redis-server exited before it answered (code ${code}, signal ${signal}):\n${output}`));
      }
    });
    running.add(child);
    const deadline = Date.now() + 15_000;
    const poll = async () => {
      if (settled) return;
      if (await ping(port)) {
        settled = true;
        resolve(child);
      } else if (Date.now() > deadline) {
        settled = true;
        child.kill('SIGKILL');
        reject(new Error(`redis-server did not answer PING on port ${port} within 15 s:\n${output}`));
      } else {
        setTimeout(poll, 50);
      }
    };
    void poll();
  });
}

function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export interface StartRedisOptions {
  /** More configuration, as redis-server's arguments: `['--maxmemory', '1mb', '--maxmemory-policy', 'noeviction']`. Kept on restart. */
  args?: readonly string[];
}

/**
 * Starts redis-server (from PATH, or the REDIS_SERVER environment variable) and waits until it answers.
 * Fails with a message that says how to install it when it is missing: the Redis tests must not pass
 * without a Redis.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RunningRedis> {
  const extra = options.args ?? [];
  const command = process.env.REDIS_SERVER || 'redis-server';
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  // The free port may be taken between probing and binding by another test process: try a few.
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    try {
      child = await spawnRedis(command, port, dir, extra);
    } catch (error) {
      if (attempt >= 3 || (error instanceof Error && error.message === REDIS_MISSING)) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  let current: ChildProcess = child;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await ended(current, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      await ended(current, 'SIGKILL');
    },
    async restart() {
      await ended(current, 'SIGTERM');
      current = await spawnRedis(command, port, dir, extra);
    },
  };
}
