// The packaging checks every public package passes before it is published, shared by `pnpm test`
// (tests/packaging) and `pnpm release:publish`: what the tarball holds, the licences of inlined code,
// publint and Are the Types Wrong?.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type InlinedPackage, noticeFileOf, packageOfModule } from '../build/third-party-notices.ts';
import { ROOT, writeFileAtomic } from '../specs/lib.ts';

export { ROOT };

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  publishConfig?: Record<string, string>;
  [key: string]: unknown;
}

export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
  manifest: PackageJson;
}

/** Every package of the workspace that may be published (not `private`), from packages/*. */
export function publicPackages(root = ROOT): WorkspacePackage[] {
  const packagesDir = path.join(root, 'packages');
  return readdirSync(packagesDir)
    .map((name) => path.join(packagesDir, name))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir, manifest }));
}

export interface Ran {
  code: number;
  output: string;
}

/** Runs a command to its end; a non-zero exit is a result, not an exception. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: { ...(options.env ?? process.env), FORCE_COLOR: '0', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** What a tarball may hold besides package.json: the build, and the three documents a user reads. */
export const REQUIRED_FILES = ['README.md', 'LICENSE', 'CHANGELOG.md'] as const;

/** Problems with a tarball's file list (paths relative to the package root). */
export function contentProblems(files: readonly string[]): string[] {
  const problems: string[] = [];
  const allowed = new Set<string>(['package.json', ...REQUIRED_FILES]);
  const stray = files.filter((file) => !allowed.has(file) && !file.startsWith('dist/'));
  if (stray.length)
    problems.push(`holds files other than dist/, README.md, LICENSE and CHANGELOG.md: ${stray.join(', ')}`);
  for (const file of ['package.json', ...REQUIRED_FILES]) if (!files.includes(file)) problems.push(`lacks ${file}`);
  if (!files.some((file) => file.startsWith('dist/'))) problems.push('lacks dist/ (build it first)');
  return problems;
}

export interface Packed {
  tarball: string;
  files: string[];
  remove(): void;
}

/** `pnpm pack` (workspace: ranges replaced as on publish) into a temporary folder. */
export async function pack(dir: string): Promise<Packed> {
  const destination = mkdtempSync(path.join(tmpdir(), 'zoom-api-pack-'));
  const remove = () => rmSync(destination, { recursive: true, force: true });
  const { code, output } = await run('pnpm', ['pack', '--pack-destination', destination, '--json'], { cwd: dir });
  const json = output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1);
  if (code !== 0 || !json) {
    remove();
    throw new Error(`pnpm pack failed in ${dir}:\n${output}`);
  }
  const listing = JSON.parse(json) as { filename: string; files: { path: string }[] };
  return { tarball: listing.filename, files: listing.files.map((f) => f.path), remove };
}

/** A tarball's bytes as the ArrayBuffer publint reads (a Buffer may be a view into a larger pool). */
function tarballBytes(tarball: string): ArrayBuffer {
  const data = readFileSync(tarball);
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

/**
 * publint --strict over the packed tarball: every message counts, suggestions included, as the CLI's
 * "All good!" requires. In-process, on the tarball `pack()` made, instead of a CLI that packs once more.
 */
export async function publintProblems(tarball: string): Promise<string[]> {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const { messages, pkg } = await publint({ pack: { tarball: tarballBytes(tarball) }, strict: true });
  if (messages.length === 0) return [];
  const lines = messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`);
  return [`publint:\n  ${lines.join('\n  ')}`];
}

/**
 * Are the Types Wrong? over a tarball with the CLI's default "strict" profile: a problem in any resolution
 * (node10, node16 from CJS, node16 from ESM, bundler) fails, and so does a package without types. The
 * library the CLI wraps, in-process: each CLI run spent most of its time starting TypeScript. Imported on
 * first use, so that a release with nothing to publish never loads TypeScript.
 */
export async function attwProblems(tarball: string): Promise<string[]> {
  const { checkPackage: analyse, createPackageFromTarballData } = await import('@arethetypeswrong/core');
  const { problemKindInfo } = await import('@arethetypeswrong/core/problems');
  const analysis = await analyse(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))));
  if (!analysis.types) return ['attw: the package ships no types'];
  if (analysis.problems.length === 0) return [];
  const lines = analysis.problems.map((problem) => {
    const where = [
      'entrypoint' in problem ? `"${problem.entrypoint}"` : undefined,
      'resolutionKind' in problem ? problem.resolutionKind : undefined,
      'fileName' in problem ? problem.fileName : undefined,
      'typesFileName' in problem ? problem.typesFileName : undefined,
    ].filter(Boolean);
    return `${problemKindInfo[problem.kind].title} (${where.join(', ')}): ${problemKindInfo[problem.kind].docsUrl}`;
  });
  return [`attw:\n  ${lines.join('\n  ')}`];
}

/** LICENSE in the package is the repository's. */
export function licenseProblems(dir: string, root = ROOT): string[] {
  const file = path.join(dir, 'LICENSE');
  if (!existsSync(file)) return ['has no LICENSE file'];
  return readFileSync(file, 'utf8') === readFileSync(path.join(root, 'LICENSE'), 'utf8')
    ? []
    : ['LICENSE differs from the repository LICENSE'];
}

/**
 * The third-party packages each bundle in the tarball inlines, as the bundle itself says: rolldown opens
 * every module it inlines with `//#region <path>` (relative to the package), so the list comes from the
 * build's output, not from the plugin that writes the notices nor from a list kept by hand.
 */
export function inlinedPackages(dir: string, files: readonly string[]): Map<string, InlinedPackage[]> {
  const found = new Map<string, InlinedPackage[]>();
  for (const file of files.filter((f) => /^dist\/.+\.[cm]?js$/.test(f))) {
    const packages = new Map<string, InlinedPackage>();
    for (const [, module] of readFileSync(path.join(dir, file), 'utf8').matchAll(/^\/\/#region (.+)$/gm)) {
      const pkg = packageOfModule(path.resolve(dir, (module as string).trim()));
      if (pkg) packages.set(`${pkg.name}@${pkg.version}`, pkg);
    }
    if (packages.size) found.set(file, [...packages.values()]);
  }
  return found;
}

/** Every bundle that inlines third-party code has the notice file beside it, with each licence in full. */
export function noticeProblems(dir: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const [file, packages] of inlinedPackages(dir, files)) {
    const notice = noticeFileOf(file);
    const names = packages.map((p) => `${p.name}@${p.version}`).join(', ');
    if (!files.includes(notice)) {
      problems.push(`${file} inlines ${names} but the tarball has no ${notice} with their licences`);
      continue;
    }
    const text = readFileSync(path.join(dir, notice), 'utf8');
    for (const pkg of packages) {
      if (!text.includes(`## ${pkg.name}@${pkg.version} (${pkg.license})`))
        problems.push(`${notice} does not name ${pkg.name}@${pkg.version} (${pkg.license}), which ${file} inlines`);
      for (const [licenceFile, licence] of Object.entries(pkg.texts))
        if (!text.includes(licence.trimEnd())) problems.push(`${notice} lacks ${pkg.name}'s ${licenceFile}`);
    }
  }
  return problems;
}

/** The names of the workspace's private packages (test helpers, the inlined option checks…). */
export function privatePackageNames(root = ROOT): string[] {
  const packagesDir = path.join(root, 'packages');
  return readdirSync(packagesDir)
    .map((name) => path.join(packagesDir, name, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson & { private?: boolean })
    .filter((manifest) => manifest.private === true)
    .map((manifest) => manifest.name);
}

/**
 * A published package must neither declare nor import a private one (such as @zoom-api/internal, which
 * tsdown inlines into each consumer's bundle): it would not install from a registry.
 */
export function privateDependencyProblems(dir: string, root = ROOT): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const declared = Object.keys({
    ...(manifest.dependencies as object),
    ...(manifest.peerDependencies as object),
    ...(manifest.optionalDependencies as object),
  });
  const privateNames = privatePackageNames(root);
  const distDir = path.join(dir, 'dist');
  const shipped = existsSync(distDir)
    ? readdirSync(distDir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    : [];
  return [
    ...declared.filter((name) => privateNames.includes(name)).map((name) => `depends on private ${name}`),
    ...privateNames
      .filter((name) => shipped.some((code) => code.includes(`'${name}'`) || code.includes(`"${name}"`)))
      .map((name) => `dist/ imports private ${name}`),
  ];
}

/** The version of package `name` as `root` resolves it (its package.json need not be exported). */
function installedVersion(name: string, root: string): string {
  let dir = path.dirname(createRequire(path.join(root, 'package.json')).resolve(name));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version) return manifest.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the version of ${name} from ${root}`);
    dir = path.dirname(dir);
  }
}

/**
 * publint and attw over a tarball, remembered when clean: their verdict depends only on the tarball's bytes
 * (pnpm pack is reproducible) and the linters' versions, so a release run again after a failure, or over
 * unchanged packages, does not spend seconds per package on TypeScript again. Only clean verdicts are kept,
 * under node_modules/.cache (a fresh install forgets them).
 */
async function lintProblems(tarball: string, root: string): Promise<string[]> {
  const versions = ['publint', '@arethetypeswrong/core']
    .map((name) => `${name}@${installedVersion(name, root)}`)
    .join(' ');
  const key = createHash('sha256').update(readFileSync(tarball)).update(versions).digest('hex');
  const remembered = path.join(root, 'node_modules/.cache/zoom-api-release/clean-tarballs', `${key}.json`);
  if (existsSync(remembered)) return [];
  const problems = (await Promise.all([publintProblems(tarball), attwProblems(tarball)])).flat();
  if (problems.length === 0)
    writeFileAtomic(remembered, `${JSON.stringify({ tarball: path.basename(tarball), linters: versions })}\n`);
  return problems;
}

/** Every packaging check on one package's packed tarball; an empty list means it may be published. */
export async function checkTarball(dir: string, packed: Packed, root = ROOT): Promise<string[]> {
  return [
    ...contentProblems(packed.files),
    ...licenseProblems(dir, root),
    ...noticeProblems(dir, packed.files),
    ...privateDependencyProblems(dir, root),
    ...(await lintProblems(packed.tarball, root)),
  ];
}

/** Every packaging check on one package, packed for the purpose; an empty list means it may be published. */
export async function checkPackage(dir: string, root = ROOT): Promise<string[]> {
  const packed = await pack(dir);
  try {
    return await checkTarball(dir, packed, root);
  } finally {
    packed.remove();
  }
}
