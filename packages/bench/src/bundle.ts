// Section 3: what a consumer ships. esbuild bundles each consumer with every dependency inlined
// (jose and @zoom-api/core included), minified, for Node, as ESM; the metafile attributes the
// output bytes to the packages they came from.
import { execFile } from 'node:child_process';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Plugin, stop } from 'esbuild';
import { BENCH_PACKAGE_DIR, CONSUMERS_DIR, REPO_ROOT } from './paths.ts';

const run = promisify(execFile);

/** 12 KB read as 12 KiB. */
export const GZIP_TARGET_BYTES = 12 * 1024;
const GZIP_LEVEL = 9;

/** What to bundle: entry files, or an entry given as text (esbuild's `stdin`). */
type Entry = Pick<BuildOptions, 'entryPoints' | 'stdin'>;

export interface BundleResult {
  label: string;
  platform: string;
  externalImports: string[];
  rawBytes: number;
  gzipBytes: number;
  warnings: number;
  byPackage: { package: string; bytes: number }[];
  topModules: { module: string; package: string; bytes: number }[];
}

export interface Tarball {
  package: string;
  unpackedBytes: number;
  tarballBytes: number;
  files: number;
}

export interface Footprint {
  root: string;
  bytes: number;
  packages: { package: string; bytes: number }[];
}

export interface GzipCost {
  package: string;
  gzipBytes: number;
  rawBytes: number;
}

export interface BundleSectionResult {
  esbuild: { minify: boolean; platform: string; format: string; target: string; gzipLevel: number };
  gzipTargetBytes: number;
  bundles: BundleResult[];
  oneOperationGzipCost: GzipCost[];
  oneOperationSources: { rawBytes: number; gzipBytes: number; modules: BundleResult['topModules'] };
  tarballs: Tarball[];
  footprints: Footprint[];
}

/** The fields of `npm pack --dry-run --json` the bench reads. */
interface NpmPack {
  name: string;
  unpackedSize: number;
  size: number;
  entryCount: number;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
}

async function allOperationsEntry() {
  const { operations } = await import('@zoom-api/videosdk');
  const names = operations.map((operation) => operation.name);
  const contents = [
    `import { createZoomAuth } from '@zoom-api/auth';`,
    `import { createVideoSdkClient, ${names.join(', ')} } from '@zoom-api/videosdk';`,
    `const auth = createZoomAuth({ apiKey: process.env.ZOOM_API_KEY, apiSecret: process.env.ZOOM_API_SECRET });`,
    `const client = createVideoSdkClient({ auth });`,
    `const operations = { ${names.join(', ')} };`,
    `const name = process.argv[2];`,
    `console.log(await operations[name]({ client }));`,
  ].join('\n');
  return { contents, operationCount: names.length };
}

function packageOf(inputPath: string): string {
  if (inputPath === '<stdin>') return 'consumer entry';
  const absolute = resolve(BENCH_PACKAGE_DIR, inputPath);
  const marker = `${sep}node_modules${sep}`;
  const at = absolute.lastIndexOf(marker);
  if (at >= 0) {
    const [first = '', second = ''] = absolute.slice(at + marker.length).split(sep);
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  const packagesDir = join(REPO_ROOT, 'packages') + sep;
  if (absolute.startsWith(packagesDir)) {
    const folder = absolute.slice(packagesDir.length).split(sep)[0];
    return folder === 'bench' ? 'consumer entry' : `@zoom-api/${folder}`;
  }
  return relative(REPO_ROOT, absolute);
}

const CORE_SOURCES = join(REPO_ROOT, 'packages', 'core', 'src');

/**
 * Resolves our packages to their TypeScript sources, so bytes can be attributed per source file. It
 * follows core's build (packages/core/tsdown.config.ts): `#transport` is the Node transport, and the
 * generated runtime's server-sent-events client is replaced by core's stub.
 */
const fromSources: Plugin = {
  name: 'zoom-api-sources',
  setup(builder) {
    builder.onResolve({ filter: /^@zoom-api\/(core|auth|videosdk)$/ }, (args) => ({
      path: join(REPO_ROOT, 'packages', args.path.slice('@zoom-api/'.length), 'src', 'index.ts'),
    }));
    builder.onResolve({ filter: /^#transport$/ }, () => ({ path: join(CORE_SOURCES, 'transport-node.ts') }));
    builder.onResolve({ filter: /\/serverSentEvents\.gen\.js$/ }, () => ({
      path: join(CORE_SOURCES, 'server-sent-events.ts'),
    }));
  },
};

async function bundle(label: string, entry: Entry, options: BuildOptions = {}): Promise<BundleResult> {
  const result = await build({
    platform: 'node',
    target: 'node20',
    ...entry,
    ...options,
    absWorkingDir: BENCH_PACKAGE_DIR,
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    outfile: 'out.mjs',
    logLevel: 'silent',
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('out.mjs'));
  const [meta] = Object.values(result.metafile.outputs);
  if (!output || !meta) throw new Error(`esbuild wrote no out.mjs for ${label}.`);
  const byPackage = new Map<string, number>();
  const byModule: BundleResult['topModules'] = [];
  let attributed = 0;
  for (const [path, { bytesInOutput }] of Object.entries(meta.inputs)) {
    if (bytesInOutput === 0) continue;
    const pkg = packageOf(path);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    byModule.push({
      module: relative(REPO_ROOT, resolve(BENCH_PACKAGE_DIR, path)),
      package: pkg,
      bytes: bytesInOutput,
    });
    attributed += bytesInOutput;
  }
  const raw = output.contents.byteLength;
  if (raw > attributed) byPackage.set('(esbuild glue: imports, wrappers)', raw - attributed);
  return {
    label,
    platform: options.platform ?? 'node',
    // What the bundle still imports at run time (Node builtins on platform node; nothing for the browser).
    externalImports: [...new Set(meta.imports.filter((i) => i.external).map((i) => i.path))].sort(),
    rawBytes: raw,
    gzipBytes: gzipSync(output.contents, { level: GZIP_LEVEL }).byteLength,
    warnings: result.warnings.length,
    byPackage: [...byPackage.entries()].sort((x, y) => y[1] - x[1]).map(([name, bytes]) => ({ package: name, bytes })),
    topModules: byModule.sort((x, y) => y.bytes - x.bytes).slice(0, 25),
  };
}

async function publishablePackages(): Promise<string[]> {
  const dirs: string[] = [];
  for (const folder of (await readdir(join(REPO_ROOT, 'packages'))).sort()) {
    try {
      const manifest: Manifest = JSON.parse(
        await readFile(join(REPO_ROOT, 'packages', folder, 'package.json'), 'utf8'),
      );
      if (!manifest.private) dirs.push(`./packages/${folder}`);
    } catch {
      // not a package folder
    }
  }
  return dirs;
}

/** `npm pack --dry-run` lists exactly what the tarball would hold, without writing it. */
async function tarballSizes(): Promise<Tarball[]> {
  const dirs = await publishablePackages();
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...dirs], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(stdout) as NpmPack[]).map((pack) => ({
    package: pack.name,
    unpackedBytes: pack.unpackedSize,
    tarballBytes: pack.size,
    files: pack.entryCount,
  }));
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

/** Finds `name` the way Node does from `fromDir`: the nearest node_modules folder holding it. */
async function findInstalled(name: string, fromDir: string): Promise<string> {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    try {
      return await realpath(candidate);
    } catch {
      const parent = resolve(dir, '..');
      if (parent === dir) throw new Error(`Cannot find the installed package ${name} from ${fromDir}.`);
      dir = parent;
    }
  }
}

/**
 * What installing `rootName` puts on disk: it and its production dependencies, each counted once.
 * Workspace packages count their tarball's unpacked size (their folders hold sources too).
 */
async function installFootprint(rootName: string, packSizes: Map<string, number>): Promise<Footprint> {
  const seen = new Map<string, number>();
  const queue = [await findInstalled(rootName, BENCH_PACKAGE_DIR)];
  const workspace = join(REPO_ROOT, 'packages') + sep;
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    const manifest: Manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    if (seen.has(id)) continue;
    const fromPack = dir.startsWith(workspace) ? packSizes.get(manifest.name) : undefined;
    seen.set(id, fromPack ?? (await directoryBytes(dir)));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      queue.push(await findInstalled(dependency, dir));
    }
  }
  const packages = [...seen.entries()].map(([name, bytes]) => ({ package: name, bytes }));
  return { root: rootName, bytes: packages.reduce((sum, p) => sum + p.bytes, 0), packages };
}

const gzipOf = (result: BundleResult) => result.gzipBytes;

/**
 * Gzip bytes don't add up per module, so each package's gzip cost is measured by leaving it out:
 * the bundle's gzip size minus that of the same bundle with the package marked external.
 */
async function gzipCostByPackage(entry: Entry, full: BundleResult): Promise<GzipCost[]> {
  const excluded: [string, string[]][] = [
    ['jose', ['jose']],
    ['@zoom-api/auth (with jose)', ['@zoom-api/auth']],
    ['@zoom-api/core', ['@zoom-api/core']],
  ];
  const rows: GzipCost[] = [];
  for (const [name, external] of excluded) {
    const without = await bundle(name, entry, { external });
    rows.push({ package: name, gzipBytes: gzipOf(full) - gzipOf(without), rawBytes: full.rawBytes - without.rawBytes });
  }
  return rows;
}

/** The one-operation consumer bundled from our TypeScript sources: bytes per source file. */
async function sourceAttribution(entry: Entry): Promise<BundleSectionResult['oneOperationSources']> {
  const result = await bundle('(a) from sources', entry, { plugins: [fromSources] });
  return {
    rawBytes: result.rawBytes,
    gzipBytes: result.gzipBytes,
    modules: result.topModules,
  };
}

export async function measureBundles(): Promise<BundleSectionResult> {
  try {
    return await measureAll();
  } finally {
    // esbuild keeps a service process; end it so it doesn't sit beside the timing sections.
    await stop();
  }
}

async function measureAll(): Promise<BundleSectionResult> {
  const allOperations = await allOperationsEntry();
  const oneOperation = { entryPoints: [join(CONSUMERS_DIR, 'one-operation.ts')] };
  const oneOperationBundle = await bundle('(a) @zoom-api: one operation (listSessions)', oneOperation);
  const bundles: BundleResult[] = [
    oneOperationBundle,
    await bundle(`(b) @zoom-api: every Video SDK operation (${allOperations.operationCount})`, {
      stdin: { contents: allOperations.contents, resolveDir: BENCH_PACKAGE_DIR, loader: 'js', sourcefile: 'all.mjs' },
    }),
    await bundle('@zoom/rivet 0.4.0 VideoSdkClient (listSessions)', {
      entryPoints: [join(CONSUMERS_DIR, 'rivet.ts')],
    }),
    // (a) for the web: core's `#transport` import resolves to its fetch transport; no node: builtins.
    await bundle('(a) for the browser (platform: browser; fetch transport)', oneOperation, {
      platform: 'browser',
      target: 'es2022',
    }),
  ];
  const oneOperationGzipCost = await gzipCostByPackage(oneOperation, oneOperationBundle);
  const oneOperationSources = await sourceAttribution(oneOperation);
  const tarballs = await tarballSizes();
  const packSizes = new Map(tarballs.map((t) => [t.package, t.unpackedBytes]));
  const footprints = [
    await installFootprint('@zoom-api/videosdk', packSizes),
    await installFootprint('@zoom/rivet', packSizes),
  ];
  return {
    esbuild: { minify: true, platform: 'node', format: 'esm', target: 'node20', gzipLevel: GZIP_LEVEL },
    gzipTargetBytes: GZIP_TARGET_BYTES,
    bundles,
    oneOperationGzipCost,
    oneOperationSources,
    tarballs,
    footprints,
  };
}
