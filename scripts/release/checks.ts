// The packaging checks every public package passes before it is published, shared by `pnpm test`
// (tests/packaging) and `pnpm release:publish`: what the tarball holds, publint and Are the Types Wrong?.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inlinedPackageDirs, THIRD_PARTY_LICENSES } from '../../tsdown.base.ts';
import { ROOT } from '../specs/lib.ts';

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
 * Every npm package inlined into the package's dist/ has its licence in dist/THIRD-PARTY-LICENSES.md (which
 * the build writes, see tsdown.base.ts), with its name and version, and its licence text.
 */
export function thirdPartyLicenseProblems(dir: string): string[] {
  const distDir = path.join(dir, 'dist');
  if (!existsSync(distDir)) return [];
  const inlined = inlinedPackageDirs(distDir);
  if (inlined.length === 0) return [];
  const noticesFile = path.join(distDir, THIRD_PARTY_LICENSES);
  if (!existsSync(noticesFile))
    return [`dist/ inlines ${inlined.length} npm package(s) but has no ${THIRD_PARTY_LICENSES}`];
  const notices = readFileSync(noticesFile, 'utf8');
  return inlined.flatMap((packageDir) => {
    const { name, version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as PackageJson;
    return notices.includes(`## ${name}@${version} `)
      ? []
      : [`${THIRD_PARTY_LICENSES} lacks ${name}@${version}, which dist/ inlines`];
  });
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
    ? readdirSync(distDir).map((file) => readFileSync(path.join(distDir, file), 'utf8'))
    : [];
  return [
    ...declared.filter((name) => privateNames.includes(name)).map((name) => `depends on private ${name}`),
    ...privateNames
      .filter((name) => shipped.some((code) => code.includes(`'${name}'`) || code.includes(`"${name}"`)))
      .map((name) => `dist/ imports private ${name}`),
  ];
}

/** Every packaging check on one package; an empty list means it may be published. */
export async function checkPackage(dir: string, root = ROOT): Promise<string[]> {
  const packed = await pack(dir);
  try {
    const [publint, attw] = await Promise.all([publintProblems(packed.tarball), attwProblems(packed.tarball)]);
    return [
      ...contentProblems(packed.files),
      ...licenseProblems(dir, root),
      ...thirdPartyLicenseProblems(dir),
      ...privateDependencyProblems(dir, root),
      ...publint,
      ...attw,
    ];
  } finally {
    packed.remove();
  }
}
