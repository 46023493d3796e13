// Finds Prism for --mock, and installs it into the user cache when the user agrees. Prism is an
// optional peer of this package: pulled into every project that installs the CLI, it would bring ~200
// packages and, on every later `npm install` there, engine warnings (Prism 5.16 declares Node >= 24.18).
// Installed into a prefix of its own in the user cache, the project never sees it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './errors.js';
import { prismCliPath, prismVersion } from './mock.js';
import { userCacheDir } from './user-cache.js';

export const INSTALL_FLAG = '--install-mock';
export const INSTALL_VARIABLE = 'ZOOM_API_INSTALL_MOCK';
const PACKAGE = '@stoplight/prism-cli';
const PRISM_VERSION = prismVersion();

type Env = Readonly<Record<string, string | undefined>>;

export interface PrismSearch {
  readonly cwd: string;
  readonly env: Env;
  /** --install-mock was given. */
  readonly installFlag: boolean;
  /** Asks the user a yes/no question; undefined when there is nobody to ask (no terminal). */
  readonly ask?: ((question: string) => Promise<boolean>) | undefined;
  /** Progress for the user (stderr). */
  readonly note: (line: string) => void;
}

/** Where --mock installs Prism: a prefix of its own per version, in the user cache. */
export function prismPrefix(env: Env, cwd: string): string {
  return join(userCacheDir(env, cwd), `prism-${PRISM_VERSION}`);
}

function tryPath(resolve: () => string): string | undefined {
  try {
    return resolve();
  } catch {
    return undefined;
  }
}

function consentedByEnv(env: Env): boolean {
  return /^(1|true|yes)$/i.test(env[INSTALL_VARIABLE] ?? '');
}

/** Prism's CLI script: beside this package, in the current project, in the user cache, or installed there now. */
export async function findPrism(search: PrismSearch): Promise<string> {
  const prefix = prismPrefix(search.env, search.cwd);
  const fromPrefix = () => prismCliPath(join(prefix, 'package.json'));
  const found =
    tryPath(() => prismCliPath()) ??
    tryPath(() => prismCliPath(join(search.cwd, 'package.json'))) ??
    tryPath(fromPrefix);
  if (found) return found;

  const what = `Prism (${PACKAGE}@${PRISM_VERSION}), which --mock runs,`;
  let consent = search.installFlag || consentedByEnv(search.env);
  if (!consent && search.ask) {
    consent = await search.ask(`zoom-api: ${what} is not installed. Install it into ${prefix}? [y/N] `);
    if (!consent) throw new UsageError(`not installing Prism. ${manualAlternatives()}`);
  }
  if (!consent) {
    throw new UsageError(
      `${what} is not installed, and installing it needs your consent. Either rerun with ${INSTALL_FLAG} or ` +
        `set ${INSTALL_VARIABLE}=1: it is installed once into ${prefix}, outside your project. ${manualAlternatives()}`,
    );
  }
  await npmInstall(prefix, search);
  const installed = tryPath(fromPrefix);
  if (!installed) {
    throw new Error(
      `npm install finished, but ${PACKAGE} is not in ${join(prefix, 'node_modules')}. ${manualAlternatives()}`,
    );
  }
  return installed;
}

function manualAlternatives(): string {
  return `Or install it in your project yourself: npm i -D ${PACKAGE}@${PRISM_VERSION}`;
}

async function npmInstall(prefix: string, search: PrismSearch): Promise<void> {
  mkdirSync(prefix, { recursive: true });
  // npm treats the prefix as a project of its own; without a package.json it may look further up.
  const manifest = join(prefix, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, `${JSON.stringify({ name: 'zoom-api-prism', private: true })}\n`);
  const args = [
    'install',
    '--prefix',
    prefix,
    `${PACKAGE}@${PRISM_VERSION}`,
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    // Prism needs no install script; its @scarf/scarf dependency would send analytics from one.
    '--ignore-scripts',
  ];
  search.note(`installing ${PACKAGE}@${PRISM_VERSION} into ${prefix} (once) …`);
  const { code, output } = await run(
    'npm',
    args,
    { ...search.env, SCARF_ANALYTICS: 'false' } as NodeJS.ProcessEnv,
    search.cwd,
  );
  if (code !== 0) {
    throw new Error(
      `\`npm ${args.join(' ')}\` failed (${code}).${output.trim() ? `\nnpm said:\n${output.trim()}` : ''}\n${manualAlternatives()}`,
    );
  }
}

function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    // npm is npm.cmd on Windows, which only a shell runs.
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolve({
        code: error.code ?? 'error',
        output: error.code === 'ENOENT' ? `${command} is not on PATH` : error.message,
      }),
    );
    child.once('close', (code, signal) => resolve({ code: code ?? signal ?? 'killed', output }));
  });
}
