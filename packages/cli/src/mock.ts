// Starts Stoplight Prism as a mock of one OpenAPI document and guarantees it goes away again.
// The one Prism launcher of the workspace: `zoom-api --mock` uses it, the contract tests import it as
// `@zoom-api/cli/mock`, and so can anyone else who needs a mock.
//
// "Goes away" is the hard part, so there are three layers:
// - Prism runs in its own process group (detached) and stop() signals the whole group, SIGTERM
//   then SIGKILL, so nothing it forks survives it.
// - If our process exits without calling stop() (an exception, process.exit), one 'exit' hook
//   SIGKILLs every group still running, synchronously.
// - If our process dies without running any code (SIGKILL, a crash), Prism notices its stdin pipe
//   closing and exits: a watchdog preloaded into the Prism process.
import { type ChildProcess, spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

export interface StartPrismOptions {
  /** Path to the OpenAPI document to mock (resolved against the current directory). */
  spec: string;
  /** Port to listen on. Default: a free port chosen for you (and another one if that is taken meanwhile). */
  port?: number | undefined;
  /** Interface to listen on. Default `127.0.0.1`; the mock is never exposed beyond loopback by default. */
  host?: string | undefined;
  /** How long to wait for Prism to listen, in milliseconds. Default 60 000. */
  startTimeout?: number | undefined;
  /** Generate responses from the schemas (json-schema-faker) instead of the documents' examples. Default false. */
  dynamic?: boolean | undefined;
  /** Answer with an error when the request or the response breaks the document. Default false. */
  errors?: boolean | undefined;
  /** More `prism mock` arguments, passed after the ones above, e.g. `['--seed', '1']`. */
  args?: readonly string[] | undefined;
  /** Prism's CLI script to run. Default: `prismCliPath()`, the `@stoplight/prism-cli` this package resolves. */
  prism?: string | undefined;
}

export interface PrismServer {
  /** e.g. `http://127.0.0.1:41234`; the document's paths are served from its root (no `/v2`). */
  readonly baseUrl: string;
  readonly port: number;
  /** The Prism process, which also leads Prism's process group. */
  readonly pid: number;
  /** The last lines Prism printed, without colours. */
  output(): string;
  /** Stops Prism and everything in its process group; resolves once Prism has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

const DEFAULT_START_TIMEOUT = 60_000;
const STOP_GRACE = 3_000;
const OUTPUT_LINES_KEPT = 200;
const PORT_ATTEMPTS = 3;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*m/g;

// Ends Prism when our end of its stdin closes, i.e. when we are gone, however we went. Unreferenced,
// so that it never keeps alive a Prism that failed to start: Prism's server does that once it listens.
const WATCHDOG = `data:text/javascript,${encodeURIComponent(
  "const s=process.stdin;s.on('end',()=>process.exit(0));s.on('error',()=>process.exit(0));s.resume();s.unref();",
)}`;

/** Process groups started by this process and not stopped yet. */
const running = new Set<number>();
let exitHookInstalled = false;

function killRunningOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' listeners must be synchronous: a signal is all there is time for.
  process.on('exit', () => {
    for (const pgid of running) signalGroup(pgid, 'SIGKILL');
  });
}

/**
 * The path of Prism's CLI script, from the `@stoplight/prism-cli` resolvable from this package (an optional
 * peer: installed beside it, or this workspace's devDependency), or from `from` (a file or a folder's
 * `package.json` to resolve from). Never a global one. Throws when there is none.
 */
export function prismCliPath(from: string | URL = import.meta.url): string {
  const require = createRequire(from);
  const manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  const { bin } = require(manifestPath) as { bin: string | Record<string, string> };
  return join(dirname(manifestPath), typeof bin === 'string' ? bin : (bin.prism ?? 'dist/index.js'));
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    // Windows has no process groups to signal; there the leader is all we can reach.
    process.kill(process.platform === 'win32' ? pgid : -pgid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we want.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** True while any process of the group led by `pgid` (a `PrismServer.pid`) exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(process.platform === 'win32' ? pgid : -pgid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else; only ESRCH says it is gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
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

function canConnect(host: string, port: number): Promise<boolean> {
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

function within(ms: number, promise: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((ok) => {
    timer = setTimeout(() => ok(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/** Keeps Prism's last lines (both streams, colours stripped) and hands each complete line to `onLine`. */
function collectOutput(child: ChildProcess, onLine: (line: string) => void): () => string {
  const lines: string[] = [];
  const partial = new Map<Readable, string>();
  const read = (stream: Readable | null) => {
    if (!stream) return;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      // A chunk can end mid-line; the rest of the line arrives with the next one.
      const parts = ((partial.get(stream) ?? '') + chunk).split('\n');
      partial.set(stream, parts.pop() ?? '');
      for (const part of parts) {
        const line = part.replace(ANSI, '').trimEnd();
        if (line.trim() === '') continue;
        lines.push(line);
        if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
        onLine(line);
      }
    });
  };
  read(child.stdout);
  read(child.stderr);
  return () =>
    [...lines, ...[...partial.values()].map((rest) => rest.replace(ANSI, '').trim()).filter(Boolean)].join('\n');
}

class PrismStartError extends Error {
  constructor(
    message: string,
    readonly addressInUse = false,
  ) {
    super(message);
    this.name = 'PrismStartError';
  }
}

async function readableSpec(spec: unknown): Promise<string> {
  if (typeof spec !== 'string' || spec === '') {
    throw new TypeError('startPrism: `spec` must be the path of an OpenAPI document, e.g. specs/videosdk.json.');
  }
  const file = resolve(spec);
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new Error(
      `startPrism: no OpenAPI document at ${file} (missing or unreadable). ` +
        'In the zoom-api workspace, `pnpm specs:pull` materialises specs/*.json.',
    );
  }
  return file;
}

/**
 * Starts `prism mock <spec>` and resolves once Prism says it listens and the port accepts connections.
 * Rejects (with Prism's own output) if it exits first or is not up within `startTimeout`; nothing is
 * left running in either case. A port someone else holds makes Prism exit, so it is never mistaken
 * for the mock.
 */
export async function startPrism(options: StartPrismOptions): Promise<PrismServer> {
  const spec = await readableSpec(options?.spec);
  const { port, host = '127.0.0.1' } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65_535)) {
    throw new RangeError(
      `startPrism: port must be a whole number from 1 to 65535, got ${port}; omit it for a free one.`,
    );
  }
  const prism = options.prism ?? defaultPrism();
  // A free port can be taken by someone else before Prism binds it; then try another one.
  const attempts = port === undefined ? PORT_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(spec, prism, host, port ?? (await findFreePort(host)), options);
    } catch (error) {
      if (attempt >= attempts || !(error instanceof PrismStartError && error.addressInUse)) throw error;
    }
  }
}

async function launch(
  spec: string,
  prism: string,
  host: string,
  port: number,
  options: StartPrismOptions,
): Promise<PrismServer> {
  const args = [
    '--import',
    WATCHDOG,
    prism,
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
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<Error>((ok) => child.once('error', ok));
    throw new PrismStartError(`Could not start Prism: ${process.execPath} did not run (${error.message}).`);
  }
  // We never write to Prism's stdin (it is only the watchdog's lifeline); a broken pipe there is no news.
  child.stdin?.on('error', () => {});
  killRunningOnExit();
  running.add(pid);

  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let announced: () => void = () => {};
  const listening = new Promise<void>((ok) => {
    announced = ok;
  });
  // Prism prints this only after binding the port.
  const listeningLine = new RegExp(`Prism is listening on \\S+:${port}\\b`);
  const output = collectOutput(child, (line) => {
    if (listeningLine.test(line)) announced();
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup(pid, 'SIGTERM');
        if (!(await within(STOP_GRACE, exited))) {
          signalGroup(pid, 'SIGKILL');
          await exited;
        }
      }
      // Anything else left in the group (Prism forks only in multiprocess mode, but be sure).
      signalGroup(pid, 'SIGKILL');
      running.delete(pid);
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.stderr?.destroy();
    })();
    return stopping;
  };

  const where = `${host}:${port} for ${spec}`;
  const died = exited.then(() => {
    const printed = output();
    throw new PrismStartError(
      `Prism exited (${child.signalCode ?? `code ${child.exitCode}`}) before listening on ${where}.${said(printed)}`,
      /EADDRINUSE/.test(printed),
    );
  });
  let settled = false;
  const ready = (async () => {
    await listening;
    // The port check confirms the socket answers before the caller sends its first request.
    while (!settled && !(await canConnect(host, port))) await new Promise((ok) => setTimeout(ok, 50));
  })();
  const startTimeout = options.startTimeout ?? DEFAULT_START_TIMEOUT;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new PrismStartError(`Prism did not listen on ${where} within ${startTimeout} ms.${said(output())}`)),
      startTimeout,
    );
  });
  try {
    await Promise.race([ready, died, late]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    settled = true;
    clearTimeout(timer);
    // Once running, Prism exiting is stop()'s business, not a start-up failure.
    died.catch(() => {});
  }
  return { baseUrl, port, pid, output, stop };
}

/**
 * The Prism version this package is tested with (its optional peer, pinned), and the one
 * `zoom-api --mock` installs. Read from the package's own package.json: `../package.json` from src/ and
 * from dist/ alike.
 */
export function prismVersion(): string {
  const require = createRequire(import.meta.url);
  const { peerDependencies } = require('../package.json') as { peerDependencies?: Record<string, string> };
  const version = peerDependencies?.['@stoplight/prism-cli'];
  if (!version) throw new Error("@zoom-api/cli's package.json names no @stoplight/prism-cli peer; reinstall it.");
  return version;
}

function defaultPrism(): string {
  try {
    return prismCliPath();
  } catch {
    // An optional peer: absent unless the project installed it.
    throw new Error(
      `startPrism: Prism is not installed. Add it to your project with \`npm i -D @stoplight/prism-cli@${prismVersion()}\`, ` +
        'or pass `prism`: the path of a Prism CLI script.',
    );
  }
}

function said(printed: string): string {
  return printed ? `\nPrism said:\n${printed}` : '';
}
