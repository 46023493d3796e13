// The workspace as data: a scratch copy of it to change without touching the real one, what turbo
// would run in it, and its packages packed and installed into a project outside it.
import { execFile, execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from './process.js';

export interface WorkspacePackage {
  /** Its folder, relative to the workspace root (`packages/core`, `tests`). */
  dir: string;
  /** Its package.json. */
  pkg: {
    name: string;
    scripts?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
}

/** The packages of the workspace at `root`, as pnpm-workspace.yaml lists them (`dir` or `parent/*`). */
export function workspacePackages(root = WORKSPACE_ROOT): WorkspacePackage[] {
  const globs = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8').match(/^ {2}- (.+)$/gm) ?? [];
  const dirs = globs.flatMap((line) => {
    const glob = line.replace(/^ {2}- /, '').trim();
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(path.join(root, parent)).map((d) => `${parent}/${d}`);
  });
  return dirs
    .filter((dir) => existsSync(path.join(root, dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) }));
}

export interface ScratchWorkspace {
  dir: string;
  remove(): void;
}

/**
 * Copies the files git would commit (tracked and new, not ignored) and the materialised Zoom documents
 * (specs/*.json) into a temporary folder and makes it a git repository of its own. No node_modules:
 * run tools from the real workspace with `cwd` set to the copy.
 */
export function copyWorkspace(): ScratchWorkspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-workspace-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
  });
  const specs = readdirSync(path.join(WORKSPACE_ROOT, 'specs'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => `specs/${name}`);
  for (const file of new Set([...listed.split('\0').filter(Boolean), ...specs])) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    try {
      copyFileSync(path.join(WORKSPACE_ROOT, file), target);
    } catch (error) {
      // A tracked file deleted in the working tree is simply not part of the copy.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['add', '-A'], { cwd: dir });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface PlannedTask {
  taskId: string;
  hash: string;
  /** `<NONEXISTENT>` when the package has no script for the task. */
  command: string;
  cacheStatus: string;
  /** Files turbo hashes for the task, relative to the package folder. */
  inputs: string[];
}

/**
 * `turbo run <tasks> --dry=json` in `cwd` (the real workspace by default): every task it would run.
 * `args` adds options such as `--affected` or `--filter=…`; `env` adds to this process's environment.
 */
export function planTurboRun(
  tasks: readonly string[],
  cwd = WORKSPACE_ROOT,
  { args = [], env = {} }: { args?: readonly string[]; env?: Record<string, string> } = {},
): Map<string, PlannedTask> {
  const out = execFileSync(
    path.join(WORKSPACE_ROOT, 'node_modules/.bin/turbo'),
    ['run', ...tasks, ...args, '--dry=json'],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const plan = JSON.parse(out) as {
    tasks: {
      taskId: string;
      hash: string;
      command: string;
      cache: { status: string };
      inputs: Record<string, string>;
    }[];
  };
  return new Map(
    plan.tasks.map((t) => [
      t.taskId,
      {
        taskId: t.taskId,
        hash: t.hash,
        command: t.command,
        cacheStatus: t.cache.status,
        inputs: Object.keys(t.inputs),
      },
    ]),
  );
}

export interface InstalledTarballs {
  /** The project the tarballs were installed into: `<scratch>/app`. */
  app: string;
  /** The packed tarballs, one per package asked for. */
  tarballs: string[];
  /** What `npm install` printed (stdout, then stderr). */
  output: string;
}

/**
 * The packages as another repository gets them: `pnpm pack` each built `packages/<name>` (workspace
 * ranges become real ones) into `<scratch>/tarballs`, then one `npm install` of all the tarballs into a
 * new project `<scratch>/app`, so that npm resolves our packages to each other's tarballs and everything
 * else from its registry. Rejects, with npm's or pnpm's output, when a step fails.
 */
export async function installTarballs(
  scratch: string,
  packages: readonly string[],
  { projectName, npmArgs = [] }: { projectName: string; npmArgs?: readonly string[] },
): Promise<InstalledTarballs> {
  const run = promisify(execFile);
  const tarballDir = path.join(scratch, 'tarballs');
  const app = path.join(scratch, 'app');
  mkdirSync(tarballDir);
  mkdirSync(app);
  for (const name of packages) {
    const dir = path.join(WORKSPACE_ROOT, 'packages', name);
    const dist = path.join(dir, 'dist');
    if (!existsSync(dist) || readdirSync(dist).length === 0)
      throw new Error(`packages/${name}/dist is empty: run \`pnpm build\` before this test.`);
    await run('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: dir });
  }
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: projectName, private: true }, null, 2));
  const tarballs = readdirSync(tarballDir).map((file) => path.join(tarballDir, file));
  const installed = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...npmArgs, ...tarballs],
    {
      cwd: app,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return { app, tarballs, output: `${installed.stdout}${installed.stderr}` };
}
