// Starts Stoplight Prism as a mock of one OpenAPI document and guarantees it goes away again.
// Used by `zoom-api --mock` and exported as `@zoom-api/cli/mock` for tests that need a mock too.
//
// "Goes away" is the hard part, so there are three layers:
// - Prism runs in its own process group (detached) and stop() signals the whole group, SIGTERM
//   then SIGKILL, so nothing it forks survives it.
// - If our process exits without calling stop() (an exception, process.exit), an 'exit' hook
//   SIGKILLs the group synchronously.
// - If our process dies without running any code (SIGKILL, a Ctrl-C that ends it), Prism notices
//   its stdin pipe closing and exits: a one-line watchdog preloaded into the Prism process.
import { type ChildProcess, spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export interface StartPrismOptions {
  /** Path to the OpenAPI document to mock. */
  spec: string;
  /** Port to listen on. Default: a free port chosen for you. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`; the mock is never exposed beyond loopback by default. */
  host?: string;
  /** How long to wait for Prism to accept connections, in milliseconds. Default 60 000. */
  startTimeout?: number;
  /** Generate responses from the schemas (json-schema-faker) instead of the documents' examples. Default false. */
  dynamic?: boolean;
  /** Answer with an error when the request or the response breaks the document. Default false. */
  errors?: boolean;
}

export interface PrismServer {
  /** e.g. `http://127.0.0.1:41234`; the document's paths are served from its root. */
  readonly baseUrl: string;
  /** The Prism process (also its process group id). */
  readonly pid: number;
  /** Stops Prism and everything in its process group. Safe to call more than once. */
  stop(): Promise<void>;
}

const DEFAULT_START_TIMEOUT = 60_000;
const STOP_GRACE = 3_000;
const OUTPUT_TAIL = 4_000;

// Ends the Prism process when our end of its stdin closes, i.e. when we are gone.
const WATCHDOG = `data:text/javascript,${encodeURIComponent(
  "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();",
)}`;

function prismEntry(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
}

/** A port that was free a moment ago on `host`. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, host, ok);
  });
  const address = server.address();
  await new Promise<void>((ok) => server.close(() => ok()));
  if (address === null || typeof address === 'string') throw new Error(`could not find a free port on ${host}`);
  return address.port;
}

function canConnect(port: number, host: string): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => {
      socket.destroy();
      ok(false);
    });
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => child.once('exit', () => ok()));
}

function within(ms: number, promise: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((ok) => {
    timer = setTimeout(() => ok(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/** Keeps the last few thousand characters Prism printed, for the error message when it fails to start. */
function collectTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Strip the colours Prism's logger adds.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
  return () => tail.replace(/\u001b\[[0-9;]*m/g, '').trim();
}

/**
 * Starts `prism mock <spec>` on 127.0.0.1 and resolves once it accepts connections.
 * Rejects (with Prism's own output) if it exits or is not up within `startTimeout`; nothing is
 * left running in either case.
 */
export async function startPrism(options: StartPrismOptions): Promise<PrismServer> {
  const spec = resolve(options.spec);
  try {
    await access(spec, constants.R_OK);
  } catch {
    throw new Error(`Prism needs an OpenAPI document to mock, and ${spec} does not exist or cannot be read.`);
  }
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await findFreePort(host));
  const args = [
    '--import',
    WATCHDOG,
    prismEntry(),
    'mock',
    spec,
    '--host',
    host,
    '--port',
    String(port),
    // One process: forking is Prism's default only under NODE_ENV=production, never what we want.
    '--multiprocess=false',
    `--dynamic=${options.dynamic === true}`,
    `--errors=${options.errors === true}`,
    '--verboseLevel',
    'warn',
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const output = collectTail(child);
  const killOnExit = () => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      signalGroup(child, 'SIGTERM');
      if (!(await within(STOP_GRACE, exited(child)))) {
        signalGroup(child, 'SIGKILL');
        await exited(child);
      }
      // Anything else left in the group (Prism forks only in multiprocess mode, but be sure).
      signalGroup(child, 'SIGKILL');
      child.stdin?.destroy();
      process.removeListener('exit', killOnExit);
    })();
    return stopping;
  };

  const spawnError = new Promise<Error>((ok) => child.once('error', ok));
  const exitedEarly = exited(child);
  const deadline = Date.now() + (options.startTimeout ?? DEFAULT_START_TIMEOUT);
  try {
    for (;;) {
      const failure = await Promise.race([
        spawnError,
        exitedEarly.then(() => new Error(`Prism exited before it was ready (exit code ${child.exitCode}).`)),
        canConnect(port, host).then((up) => (up ? null : undefined)),
      ]);
      if (failure === null) break;
      if (failure instanceof Error) throw failure;
      if (Date.now() > deadline) throw new Error(`Prism did not start listening on ${host}:${port} in time.`);
      await new Promise((ok) => setTimeout(ok, 100));
    }
  } catch (error) {
    await stop();
    const printed = output();
    throw new Error(
      `Could not start Prism for ${spec}: ${(error as Error).message}${printed ? `\nPrism said:\n${printed}` : ''}`,
    );
  }
  if (child.pid === undefined) throw new Error('Prism started without a process id.');
  return { baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, pid: child.pid, stop };
}
