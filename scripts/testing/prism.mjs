// Starts Stoplight Prism's mock server from the workspace's node_modules (never a global install) and
// makes sure it goes away again: `stop()` ends Prism's whole process group, an exit hook does the same
// if the caller never gets to `stop()`, and a watch preloaded into Prism ends it if the caller is killed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const parentWatch = fileURLToPath(new URL('./prism-parent-watch.cjs', import.meta.url));
const OUTPUT_LINES_KEPT = 200;
const STOP_GRACE_MS = 5_000;

/** Process group ids of every Prism started by this process and not yet stopped. */
const running = new Set();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' listeners must be synchronous: a signal is all there is time for.
  process.on('exit', () => {
    for (const pgid of running) killGroup(pgid, 'SIGKILL');
  });
}

/** The path of Prism's CLI script inside node_modules. */
export function prismCliPath() {
  let manifestPath;
  try {
    manifestPath = require.resolve('@stoplight/prism-cli/package.json');
  } catch {
    throw new Error('@stoplight/prism-cli is not installed: run `pnpm install` at the workspace root.');
  }
  const manifest = require(manifestPath);
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin.prism;
  return path.join(path.dirname(manifestPath), bin);
}

/** True while any process of the group led by `pgid` exists. */
export function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else; only ESRCH says it's gone.
    return error.code !== 'ESRCH';
  }
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

async function freePort(host) {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function canConnect(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the ANSI escape character is the point
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Starts `prism mock <spec>` on `host:port` (a free port when `port` is omitted) and resolves once
 * Prism says it is listening there and the port accepts connections.
 *
 * @param {import('./prism.d.mts').StartPrismOptions} options
 * @returns {Promise<import('./prism.d.mts').PrismServer>}
 */
export async function startPrism(options) {
  const { spec, host = '127.0.0.1', args = [], startupTimeout = 60_000 } = options ?? {};
  if (typeof spec !== 'string' || spec === '') {
    throw new TypeError('startPrism: `spec` must be the path of an OpenAPI document, e.g. specs/videosdk.json.');
  }
  const specPath = path.resolve(spec);
  if (!existsSync(specPath)) {
    throw new Error(`startPrism: no OpenAPI document at ${specPath}; run \`pnpm specs:pull\` to materialise specs/.`);
  }
  // A free port can be taken by someone else before Prism binds it; then pick another and try again.
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort(host));
    try {
      return await launch({ specPath, host, port, args, startupTimeout });
    } catch (error) {
      if (attempt >= attempts || !error.addressInUse) throw error;
    }
  }
}

async function launch({ specPath, host, port, args, startupTimeout }) {
  const child = spawn(
    process.execPath,
    ['--require', parentWatch, prismCliPath(), 'mock', specPath, '--host', host, '--port', String(port), ...args],
    {
      // Its own process group, so that stop() can signal Prism and anything Prism starts in one go.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    },
  );
  const pgid = child.pid;
  if (pgid === undefined) {
    const error = await new Promise((resolve) => child.once('error', resolve));
    throw new Error(`startPrism: could not start ${process.execPath}: ${error.message}`);
  }
  installExitHook();
  running.add(pgid);

  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Prism prints this only after binding the port.
  const listeningLine = `Prism is listening on ${baseUrl}`;
  let announced;
  const listening = new Promise((resolve) => {
    announced = resolve;
  });
  const lines = [];
  const keep = (chunk) => {
    for (const line of String(chunk).replace(ANSI, '').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
      if (line.includes(listeningLine)) announced();
    }
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const output = () => lines.join('\n');

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(pgid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(pgid, 'SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      // Whatever Prism left behind in its group goes too.
      killGroup(pgid, 'SIGKILL');
      running.delete(pgid);
      child.stdin.destroy();
      child.stdout.destroy();
      child.stderr.destroy();
    })();
    return stopping;
  };

  try {
    await waitUntilListening({ exited, output, listening, host, port, startupTimeout, specPath });
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, port, pid: pgid, output, stop };
}

async function waitUntilListening({ exited, output, listening, host, port, startupTimeout, specPath }) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`Prism did not start listening on port ${port} within ${startupTimeout} ms.\n${output()}`)),
      startupTimeout,
    );
  });
  const died = exited.then(({ code, signal }) => {
    const error = new Error(
      `Prism exited (${signal ?? `code ${code}`}) before listening on port ${port} for ${specPath}.\n${output()}`,
    );
    error.addressInUse = /EADDRINUSE/.test(output());
    throw error;
  });
  const ready = (async () => {
    await listening;
    // The port check confirms the socket answers before the caller sends its first request.
    while (!(await canConnect(host, port))) await new Promise((resolve) => setTimeout(resolve, 50));
  })();
  try {
    await Promise.race([ready, died, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
