// The release tests' world: a scratch copy of the workspace with its own git history, a developer's
// environment of its own (HOME, npm's user and global config, caches) in which a "decoy" registry is the
// default wherever npm or pnpm would look for one, and a front server before Verdaccio that a test can use
// to refuse or watch requests. The decoy stands in for the public registry: it records every request and
// accepts every publish, so a package sent to the wrong place is counted there, not merely failed.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import {
  copyWorkspace,
  type Finished,
  type RunOptions,
  runProcess,
  type ScratchWorkspace,
  sendJson,
  WORKSPACE_ROOT,
} from '@zoom-api/test-utils';
import { readRegistry } from '../../scripts/specs/lib.ts';

export const SPECS_DIR = path.resolve(WORKSPACE_ROOT, process.env.ZOOM_SPECS_DIR ?? '../shared/zoom-specs');
// Every package of the registry (the client packages, webhooks and the fake), and the published ones it does not list.
export const PUBLIC = [
  'auth',
  'core',
  ...readRegistry(WORKSPACE_ROOT).map((pkg) => path.basename(pkg.dir)),
  'redis',
  'cli',
];
export const PUBLIC_NAMES = PUBLIC.map((dir) => `@zoom-api/${dir}`);

export interface Recorded {
  method: string;
  url: string;
}

export interface Decoy {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

const listen = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * The stand-in for the default registry: every request is recorded (a CONNECT too, when it is used as
 * the proxy to the public registry); a GET finds nothing, a PUT (a publish) is accepted.
 */
export async function startDecoy(): Promise<Decoy> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    req.on('end', () =>
      req.method === 'PUT'
        ? sendJson(res, 201, { ok: 'stored by the decoy' })
        : sendJson(res, 404, { error: 'not found' }),
    );
  });
  server.on('connect', (req, socket) => {
    requests.push({ method: 'CONNECT', url: req.url ?? '' });
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => close(server) };
}

export interface Front {
  url: string;
  /** Where requests go: change it when the registry behind restarts elsewhere. */
  target: string;
  /** Called before each request is forwarded; returning true means it answered the request itself. */
  intercept?: ((req: IncomingMessage, res: ServerResponse) => boolean | undefined) | undefined;
  /** Called once the registry's answer to a forwarded request has been passed on, with its status. */
  onAnswered?: ((req: IncomingMessage, status: number) => void) | undefined;
  close(): Promise<void>;
}

/** A server in front of a registry: forwards everything, unless `intercept` takes a request. */
export async function startFront(target: string): Promise<Front> {
  const front: Front = { url: '', target, close: async () => {} };
  const server = createServer((req, res) => {
    if (front.intercept?.(req, res)) return;
    const upstream = new URL(front.target);
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => front.onAnswered?.(req, answer.statusCode ?? 502));
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  front.url = `http://127.0.0.1:${await listen(server)}/`;
  front.close = () => close(server);
  return front;
}

/** Where this workspace's `pnpm build` left turbo's cache (a git worktree shares its main checkout's). */
function realTurboCache(): string | undefined {
  const own = path.join(WORKSPACE_ROOT, '.turbo/cache');
  if (existsSync(own)) return own;
  const gitFile = path.join(WORKSPACE_ROOT, '.git');
  const pointer = existsSync(gitFile) ? /gitdir: (.+)/.exec(readFileSync(gitFile, 'utf8')) : null;
  if (!pointer?.[1]) return undefined;
  const shared = path.join(path.resolve(pointer[1]), '../../../.turbo/cache');
  return existsSync(shared) ? shared : undefined;
}

export type Level = 'project' | 'user' | 'global';

export interface Running {
  /** Resolves when the command has ended, however it ended. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** SIGKILL to the whole process group: the command dies as on a power cut, children included. */
  kill(): void;
}

export interface Lab {
  tmp: string;
  scratch: ScratchWorkspace;
  /** The developer's environment: HOME and npm's global config are the lab's own. */
  env: NodeJS.ProcessEnv;
  npmrc: Record<Level, string>;
  /** Replaces the .npmrc of a level with these lines. */
  configure(level: Level, lines: readonly string[]): void;
  /** How long each command took, for the closing report. */
  timings: string[];
  run(command: string, args: readonly string[], options?: RunOptions & { cwd?: string }): Promise<Finished>;
  pnpm(args: readonly string[], extraEnv?: NodeJS.ProcessEnv): Promise<Finished>;
  /** `pnpm <args>` in a process group of its own, so that a test can kill it and everything it started. */
  startPnpm(args: readonly string[], extraEnv?: NodeJS.ProcessEnv): Running;
  git(...args: string[]): string;
  remove(): void;
}

/** `registry=<url>` and `@zoom-api:registry=<url>`: a level that sends everything of ours to `url`. */
export const registryLines = (url: string) => [`registry=${url}`, `@zoom-api:registry=${url}`];

/**
 * A scratch copy of the workspace (pending changesets removed: the tests start from package.json's
 * versions), committed, installed offline, with turbo's cache copied in (hits for what the workspace's
 * own build made; nothing written back), and the decoy as the default registry of the user and global
 * npm configuration.
 */
export async function createLab(decoy: Decoy): Promise<Lab> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'zoom-api-release-'));
  const home = path.join(tmp, 'home');
  mkdirSync(home);
  // The commands' temporary files (release:publish packs into tmpdir()) live in the lab, so that a command the
  // tests kill midway leaves nothing behind once the lab is removed.
  const commandTmp = path.join(tmp, 'tmp');
  mkdirSync(commandTmp);
  const scratch = copyWorkspace();
  for (const file of readdirSync(path.join(scratch.dir, '.changeset')))
    if (file.endsWith('.md') && file !== 'README.md') rmSync(path.join(scratch.dir, '.changeset', file));
  const turboCache = path.join(tmp, 'turbo-cache');
  const cache = realTurboCache();
  if (cache) cpSync(cache, turboCache, { recursive: true });

  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_|pnpm_|ZOOM_API_|TURBO_|XDG_)/i.test(key)) clean[key] = value;
  const env: NodeJS.ProcessEnv = {
    ...clean,
    HOME: home,
    TMPDIR: commandTmp,
    // pnpm's store and metadata cache stay where the developer's are (installs are offline); its
    // configuration and state are the lab's.
    XDG_DATA_HOME: process.env.XDG_DATA_HOME ?? path.join(homedir(), '.local/share'),
    XDG_CACHE_HOME: process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_STATE_HOME: path.join(home, '.local/state'),
    NPM_CONFIG_GLOBALCONFIG: path.join(tmp, 'global.npmrc'),
    NPM_CONFIG_CACHE: path.join(tmp, 'npm-cache'),
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    NPM_CONFIG_FUND: 'false',
    NPM_CONFIG_AUDIT: 'false',
    ZOOM_SPECS_DIR: SPECS_DIR,
    TURBO_TELEMETRY_DISABLED: '1',
    TURBO_CACHE_DIR: turboCache,
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  };
  const npmrc: Record<Level, string> = {
    project: path.join(scratch.dir, '.npmrc'),
    user: path.join(home, '.npmrc'),
    global: path.join(tmp, 'global.npmrc'),
  };
  const timings: string[] = [];
  const lab: Lab = {
    tmp,
    scratch,
    env,
    npmrc,
    timings,
    configure(level, lines) {
      if (lines.length === 0) rmSync(npmrc[level], { force: true });
      else writeFileSync(npmrc[level], `${lines.join('\n')}\n`);
    },
    async run(command, args, options = {}) {
      const started = performance.now();
      const result = await runProcess(command, args, { cwd: scratch.dir, env, killAfter: 600_000, ...options });
      const where = options.cwd && options.cwd !== scratch.dir ? ` (in ${path.basename(options.cwd)})` : '';
      timings.push(
        `${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${command} ${args.join(' ')}${where}`,
      );
      return result;
    },
    pnpm: (args, extraEnv = {}) => lab.run('pnpm', args, { env: { ...env, ...extraEnv } }),
    startPnpm(args, extraEnv = {}) {
      const child = spawn('pnpm', args, {
        cwd: scratch.dir,
        env: { ...env, ...extraEnv },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
      });
      const kill = () => {
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      process.once('exit', kill);
      const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
        child.on('close', (code, signal) => {
          process.removeListener('exit', kill);
          resolve({ code, signal, output });
        }),
      );
      return { done, kill };
    },
    git: (...args) => execFileSync('git', args, { cwd: scratch.dir, encoding: 'utf8' }),
    remove() {
      scratch.remove();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  lab.git('add', '-A');
  lab.git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-qm', 'scratch');
  lab.configure('user', registryLines(decoy.url));
  lab.configure('global', registryLines(decoy.url));
  const installed = await lab.pnpm(['install', '--offline', '--frozen-lockfile']);
  if (installed.code !== 0) throw new Error(`pnpm install in the scratch copy failed:\n${installed.output}`);
  return lab;
}

/** `name`'s packument on `registry`, read without credentials; undefined when the registry does not know it. */
async function packumentOf(
  registry: string,
  name: string,
): Promise<{ versions: Record<string, { dist: { tarball: string } }> } | undefined> {
  const response = await fetch(new URL(name.replace('/', '%2f'), registry));
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`GET ${name} from ${registry}: HTTP ${response.status}`);
  return (await response.json()) as { versions: Record<string, { dist: { tarball: string } }> };
}

/** The versions a registry holds of `name`, straight from its packument (none: it does not know it). */
export async function registryVersions(registry: string, name: string): Promise<string[]> {
  return Object.keys((await packumentOf(registry, name))?.versions ?? {});
}

/** The paths in the tarball `registry` holds for `name@version`, as `tar -tz` lists them (`package/…`). */
export async function tarballFiles(registry: string, name: string, version: string): Promise<string[]> {
  const url = (await packumentOf(registry, name))?.versions[version]?.dist.tarball;
  if (!url) throw new Error(`${name}@${version} is not on ${registry}.`);
  const tarball = Buffer.from(await (await fetch(url)).arrayBuffer());
  return execFileSync('tar', ['-tz'], { input: tarball, encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Package → versions on `registry`, for every public package. */
export async function publicVersions(registry: string): Promise<Record<string, string[]>> {
  return Object.fromEntries(await Promise.all(PUBLIC_NAMES.map(async (n) => [n, await registryVersions(registry, n)])));
}

/** A package's version in the scratch copy. */
export const scratchVersion = (lab: Lab, dir: string) =>
  (JSON.parse(readFileSync(path.join(lab.scratch.dir, 'packages', dir, 'package.json'), 'utf8')) as { version: string })
    .version;

/** Every public package at its scratch version: what a registry holds after a complete release. */
export const everyPackageAtItsVersion = (lab: Lab) =>
  Object.fromEntries(PUBLIC.map((dir) => [`@zoom-api/${dir}`, [scratchVersion(lab, dir)]]));

/** The git tags of the scratch copy. */
export const tagsOf = (lab: Lab) => lab.git('tag', '--list').split('\n').filter(Boolean).sort();
