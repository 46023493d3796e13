// `pnpm release:publish [--dry-run] [--registry <url>] [--public] [--provenance]`: publishes every public
// package whose version is not on the registry yet, to one registry, and tags what is there.
//   1. refuses while changesets are pending (package.json does not hold the versions they describe yet);
//   2. resolves the one registry of the release and prints it with where it came from (target.ts has the
//      order); refuses the public npm registry unless asked for on purpose;
//   3. asks that registry which public versions are missing; --dry-run prints them and stops;
//   4. builds those packages into empty dist/ folders (specs:pull, then turbo generate and build with their
//      dependencies), packs each with pnpm (workspace ranges become real ones) and runs the packaging
//      checks of `pnpm test` on that tarball;
//   5. uploads the checked tarballs: `pnpm publish <tarball> --registry R --config.@zoom-api:registry=R`;
//   6. asks the registry again, and whatever happened before, makes the rest follow it: `latest` points at
//      each published version, and every version on the registry has its git tag.
//
// Why not `changeset publish`: changesets (2.31) runs `pnpm publish` with the registry in npm_config_registry,
// which pnpm 12 ignores (it reads pnpm_config_*, .npmrc and publishConfig), so pnpm published wherever its own
// configuration pointed (the public registry by default) while changesets printed the local one. It has no
// way to pass a registry explicitly, and it tags only what the same run published. pnpm itself, given the
// registry and the scope's registry as arguments (checked: both are needed, a scope registry in any .npmrc
// beats --registry alone), publishes where it is told, takes the user's credentials for that host from the
// .npmrc files (NPM_CONFIG_USERCONFIG's included), starts in milliseconds where npm takes a second per
// package, and uploads the very tarball the checks passed. Changesets still versions (`pnpm
// release:version`), and the "New tag:" lines below are what its GitHub Action reads.
//
// An interrupted run leaves nothing a rerun cannot finish: what is missing is published, tags and `latest`
// catch up. The one state a rerun cannot fix alone, a registry that kept a tarball without its version
// (409 on every later publish of it), is detected, removed where the registry lets the user, and otherwise
// explained with the two ways out. Private packages (bench, test-utils, scripts, tests) are never considered.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pullSpecs } from '../specs/pull.ts';
import { checkTarball, type Packed, pack, publicPackages, ROOT, run, type WorkspacePackage } from './checks.ts';
import { type Env, readNpmrcFiles } from './npmrc.ts';
import { latestShouldMove, type Packument, RegistryClient, RegistryError, tarballName } from './registry.ts';
import { createTags, missingTags, tagOf, untaggable } from './tags.ts';
import {
  chooseRegistry,
  type ProvenanceChoice,
  provenanceFor,
  publicRefusal,
  ReleaseConfigError,
  SCOPE,
} from './target.ts';

const USAGE = `Usage: pnpm release:publish [--dry-run] [--registry <url>] [--public] [--provenance]

  --dry-run         print the registry, the versions it would publish and the tags it would create; upload nothing
  --registry <url>  publish there (see "Releasing" in README.md for every other way to name a registry)
  --public          allow the public npm registry (these packages are internal otherwise)
  --provenance      attach an npm provenance statement (public registry, from CI); also NPM_CONFIG_PROVENANCE=true`;

export interface PublishArgs {
  dryRun: boolean;
  registry?: string;
  public: boolean;
  provenance: boolean;
}

export function parseArgs(argv: readonly string[]): PublishArgs {
  const args: PublishArgs = { dryRun: false, public: false, provenance: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--dry-run') args.dryRun = true;
    else if (arg === '--public') args.public = true;
    else if (arg === '--provenance') args.provenance = true;
    else if (arg === '--registry' || arg.startsWith('--registry=')) {
      const value = arg === '--registry' ? argv[++i] : arg.slice('--registry='.length);
      if (!value) throw new ReleaseConfigError(`--registry needs a URL.\n\n${USAGE}`);
      args.registry = value;
    } else if (arg === '--help' || arg === '-h') throw new ReleaseConfigError(USAGE);
    else throw new ReleaseConfigError(`Unknown argument ${JSON.stringify(arg)}.\n\n${USAGE}`);
  }
  return args;
}

/** The changesets `pnpm release:version` has not applied yet. */
export function pendingChangesets(root: string): string[] {
  return readdirSync(path.join(root, '.changeset'))
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .sort();
}

/** Runs a command with its output on this terminal; resolves with its exit code. */
function inherit(command: string, args: string[], cwd: string, env: Env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

const id = (pkg: WorkspacePackage) => `${pkg.name}@${pkg.version}`;

/** Why a package was not published, and what the user does about it. */
interface Failure {
  pkg: WorkspacePackage;
  why: string;
  /** Whether running the command again can publish it (a registry outage can pass; a kept tarball cannot). */
  rerun: boolean;
}

/** What a failed `pnpm publish` said: the HTTP status, when the registry answered, and the message. */
function publishError(output: string): { status: number | undefined; text: string } {
  const status = /\(status (\d{3})\b/.exec(output)?.[1];
  const from = output.indexOf('Error:');
  const text = (from >= 0 ? output.slice(from + 'Error:'.length) : output)
    .split('\n')
    .map((line) => line.replace(/^\s*[×│]\s?/, '').trim())
    .filter((line) => line && !line.startsWith('ERR_PNPM'))
    .join(' ')
    .replace(/^ERR_PNPM_\S+\s*/, '');
  return { status: status ? Number(status) : undefined, text: text || output.trim() };
}

interface Context {
  root: string;
  env: Env;
  log: (line: string) => void;
  client: RegistryClient;
  provenance: ProvenanceChoice;
}

function upload(ctx: Context, pkg: WorkspacePackage, tarball: string) {
  const registry = ctx.client.url;
  const prerelease = /-([0-9A-Za-z-]+)/.exec(pkg.version)?.[1]?.split('.')[0];
  return run(
    'pnpm',
    [
      'publish',
      tarball,
      '--registry',
      registry,
      `--config.${SCOPE}:registry=${registry}`,
      '--no-git-checks',
      '--tag',
      prerelease ?? 'latest',
      ...(ctx.provenance.on ? ['--provenance'] : []),
    ],
    { cwd: ctx.root, env: ctx.env },
  );
}

/**
 * The registry keeps `pkg`'s tarball but not its version: remove the tarball where the registry lets the
 * user (npm's unpublish request for one file), then publish once more. A failure names both ways out.
 */
async function repairKeptTarball(ctx: Context, pkg: WorkspacePackage, tarball: string): Promise<Failure | undefined> {
  const file = tarballName(pkg.name, pkg.version);
  ctx.log(
    `  ${id(pkg)}: ${ctx.client.url} keeps ${file} but not version ${pkg.version} (an earlier publish was ` +
      'interrupted inside the registry); removing that file…',
  );
  const status = await ctx.client.removeTarball(pkg.name, file);
  if (status >= 200 && status < 300) {
    const again = await upload(ctx, pkg, tarball);
    if (again.code === 0) {
      ctx.log(`  published ${id(pkg)} (after removing the kept tarball)`);
      return undefined;
    }
    return {
      pkg,
      why: `the kept tarball was removed, but publishing again failed: ${publishError(again.output).text}`,
      rerun: true,
    };
  }
  return {
    pkg,
    rerun: false,
    why:
      `${ctx.client.url} keeps the tarball ${file} without version ${pkg.version}, so every publish of ` +
      `${pkg.version} is refused (409), and it refused to remove that file (HTTP ${status}). Running this ` +
      "command again cannot fix it. Either have the registry's administrator delete that file (on Verdaccio: " +
      `<storage>/${pkg.name}/${file}) and run \`pnpm release:publish\` again, or release the package under its next ` +
      `version: \`pnpm changeset\` (a patch for ${pkg.name}), \`pnpm release:version\`, \`pnpm release:publish\`.`,
  };
}

/** Publishes one checked tarball; resolves with why it failed, or undefined once it is on the registry. */
async function publishOne(ctx: Context, pkg: WorkspacePackage, packed: Packed): Promise<Failure | undefined> {
  try {
    return await attempt(ctx, pkg, packed);
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    return { pkg, rerun: true, why: error.message };
  }
}

async function attempt(ctx: Context, pkg: WorkspacePackage, packed: Packed): Promise<Failure | undefined> {
  const result = await upload(ctx, pkg, packed.tarball);
  if (result.code === 0) {
    ctx.log(`  published ${id(pkg)}`);
    return undefined;
  }
  const { status, text } = publishError(result.output);
  if (status === 409 || status === 403) {
    // The registry refuses the version as already there: it is (another run, a stale read), or the registry
    // kept its tarball without it. npm's registry answers 403 for a version published before.
    if ((await ctx.client.versions(pkg.name)).includes(pkg.version)) {
      ctx.log(`  ${id(pkg)} is on the registry already`);
      return undefined;
    }
    if (status === 409) return repairKeptTarball(ctx, pkg, packed.tarball);
  }
  if (status === 401 || status === 403)
    return {
      pkg,
      rerun: false,
      why:
        `${ctx.client.url} refused the upload (HTTP ${status}): ${text}. Check your token for ` +
        `${new URL(ctx.client.url).host} in .npmrc (\`npm login --registry ${ctx.client.url}\`), then run ` +
        '`pnpm release:publish` again.',
    };
  return { pkg, rerun: true, why: `pnpm publish failed: ${text}` };
}

/** Builds the packages, packs and checks each; resolves with the tarballs, or undefined after a failure. */
async function buildAndCheck(
  ctx: Context,
  missing: WorkspacePackage[],
): Promise<Map<WorkspacePackage, Packed> | undefined> {
  const { root, env, log } = ctx;
  log('\nBuilding…');
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  try {
    await pullSpecs({ root, env: { ...env }, log: () => {}, warn: log });
  } catch (error) {
    log(`specs:pull failed: ${(error as Error).message}`);
    return undefined;
  }
  // Generate in a turbo run of its own, as `pnpm build` does: turbo hashes a run's build inputs before its
  // generate tasks write src/generated/, so in one run every build missed the cache on a fresh checkout.
  // `name...` generates for the packages' dependencies too, since their builds are part of the build run.
  const turbo = (task: string, filters: string[]) =>
    inherit('pnpm', ['exec', 'turbo', 'run', task, '--output-logs=errors-only', ...filters], root, {
      ...env,
      TURBO_TELEMETRY_DISABLED: '1',
    });
  // Each package's dist/ is emptied first: turbo restores a cached build by writing its files over what is
  // there, so a chunk that an earlier build wrote and this one does not would otherwise be packed and shipped.
  for (const pkg of missing) rmSync(path.join(pkg.dir, 'dist'), { recursive: true, force: true });
  if (
    (await turbo(
      'generate',
      missing.map((p) => `--filter=${p.name}...`),
    )) !== 0 ||
    (await turbo(
      'build',
      missing.map((p) => `--filter=${p.name}`),
    )) !== 0
  )
    return undefined;

  log(`Built (${seconds()}). Packing and checking each package (tarball contents, LICENSE, publint, attw)…`);
  const packed = new Map<WorkspacePackage, Packed>();
  const removeAll = () => {
    for (const tarball of packed.values()) tarball.remove();
  };
  let failed: { pkg: WorkspacePackage; problems: string[] }[];
  try {
    const checked = await inBatches(missing, 4, async (pkg) => {
      const tarball = await pack(pkg.dir);
      packed.set(pkg, tarball);
      return { pkg, problems: await checkTarball(pkg.dir, tarball, root) };
    });
    failed = checked.filter((p) => p.problems.length > 0);
  } catch (error) {
    removeAll();
    throw error;
  }
  log(`Checked (${seconds()}).`);
  if (failed.length === 0) return packed;
  removeAll();
  for (const { pkg, problems: found } of failed) log(`\n${id(pkg)}:\n  ${found.join('\n  ')}`);
  log(`\nNothing was published: ${failed.length} package(s) failed the packaging checks.`);
  return undefined;
}

/** After any run: `latest` at each published release, and a git tag for every version on the registry. */
async function followRegistry(
  ctx: Context,
  packages: WorkspacePackage[],
  onRegistry: Map<string, Packument | undefined>,
) {
  const { log, root } = ctx;
  const published = packages.filter((p) => Object.hasOwn(onRegistry.get(p.name)?.versions ?? {}, p.version));
  const problems: string[] = [];
  for (const pkg of published) {
    const latest = onRegistry.get(pkg.name)?.['dist-tags']?.latest;
    if (pkg.version.includes('-') || !latestShouldMove(latest, pkg.version)) continue;
    const status = await ctx.client.setDistTag(pkg.name, 'latest', pkg.version);
    if (status >= 200 && status < 300) log(`  latest → ${id(pkg)} (was ${latest ?? 'unset'})`);
    else problems.push(`could not point latest at ${id(pkg)} (HTTP ${status}); run \`pnpm release:publish\` again`);
  }
  const why = await untaggable(root);
  if (why) {
    log(`No git tags: ${why}.`);
    return problems;
  }
  const tags = await missingTags(
    root,
    published.map((p) => tagOf(p.name, p.version)),
  );
  const failed = await createTags(root, tags);
  for (const tag of tags) if (!failed.some((f) => f.tag === tag)) log(`New tag: ${tag}`);
  for (const { tag, why: cause } of failed)
    problems.push(`could not create the git tag ${tag}: ${cause}; run \`pnpm release:publish\` again`);
  return problems;
}

export interface PublishOptions {
  root?: string;
  argv?: readonly string[];
  env?: Env;
  log?: (line: string) => void;
}

export async function releasePublish(options: PublishOptions = {}): Promise<number> {
  const root = options.root ?? ROOT;
  const env = options.env ?? process.env;
  const log = options.log ?? console.log;
  const args = parseArgs(options.argv ?? []);

  const pending = pendingChangesets(root);
  if (pending.length) {
    log(
      `Not publishing: ${pending.length} changeset(s) are pending (${pending.map((f) => `.changeset/${f}`).join(', ')}), ` +
        'so package.json does not hold the versions they describe yet. Run `pnpm release:version`, commit what it ' +
        'changed, then `pnpm release:publish`.',
    );
    return 1;
  }

  const packages = publicPackages(root);
  const files = readNpmrcFiles(root, env);
  const choice = chooseRegistry({ packages, cliRegistry: args.registry, env, files });
  log(`Registry: ${choice.url} (from ${choice.source})`);
  for (const other of choice.overridden) log(`  overrides ${other.source}: ${other.url}`);
  const refusal = publicRefusal(choice, packages, args.public);
  if (refusal) {
    log(refusal);
    return 1;
  }
  const provenance = provenanceFor(choice.url, env, args.provenance, files);
  if (provenance.note) log(provenance.note);
  const ctx: Context = { root, env, log, client: new RegistryClient(choice.url, files), provenance };

  const read = async () =>
    new Map(await Promise.all(packages.map(async (p) => [p.name, await ctx.client.packument(p.name)] as const)));
  let onRegistry = await read();
  const has = (pkg: WorkspacePackage) => Object.hasOwn(onRegistry.get(pkg.name)?.versions ?? {}, pkg.version);
  const missing = packages.filter((p) => !has(p));

  if (args.dryRun) {
    log(missing.length ? 'Would publish:' : 'Nothing to publish.');
    for (const pkg of missing) log(`  ${id(pkg)}`);
    for (const pkg of packages.filter(has)) log(`  (${id(pkg)} is already published)`);
    const why = await untaggable(root);
    const tags = why
      ? []
      : await missingTags(
          root,
          packages.filter(has).map((p) => tagOf(p.name, p.version)),
        );
    if (tags.length) log(`Would tag what is already published: ${tags.join(', ')}`);
    log('Dry run: nothing was uploaded or tagged.');
    return 0;
  }

  const failures: Failure[] = [];
  if (missing.length === 0) {
    log(`Nothing to publish: every public package's version is already on ${choice.url}.`);
  } else {
    log(`To publish to ${choice.url}:`);
    for (const pkg of missing) log(`  ${id(pkg)}`);
    for (const pkg of packages.filter(has)) log(`  (${id(pkg)} is already published)`);
    const packed = await buildAndCheck(ctx, missing);
    if (!packed) return 1;
    log(`Uploading to ${choice.url}…`);
    const uploading = performance.now();
    try {
      const results = await Promise.all(missing.map((pkg) => publishOne(ctx, pkg, packed.get(pkg) as Packed)));
      failures.push(...results.filter((f): f is Failure => f !== undefined));
    } finally {
      for (const tarball of packed.values()) tarball.remove();
    }
    log(`Uploaded (${((performance.now() - uploading) / 1000).toFixed(1)} s).`);
    try {
      onRegistry = await read();
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      log(`\n${error.message}`);
      log(
        'What the registry holds now is unknown, so nothing was tagged. Run `pnpm release:publish` again once it ' +
          'answers: it publishes only what is missing and tags what is there.',
      );
      return 1;
    }
  }

  const followUps = await followRegistry(ctx, packages, onRegistry);
  // Anything the registry still lacks is reported, whatever npm said.
  const stillMissing = packages.filter((p) => !has(p));
  for (const pkg of stillMissing)
    if (!failures.some((f) => f.pkg === pkg)) failures.push({ pkg, rerun: true, why: 'the registry does not list it' });
  if (stillMissing.length === 0 && followUps.length === 0) {
    if (missing.length) log(`\nPublished ${missing.map(id).join(', ')} to ${choice.url}.`);
    return 0;
  }
  if (stillMissing.length) log(`\nNot published: ${stillMissing.map(id).join(', ')}.`);
  for (const failure of failures.filter((f) => stillMissing.includes(f.pkg)))
    log(`  ${id(failure.pkg)}: ${failure.why}`);
  for (const problem of followUps) log(`  ${problem}`);
  const retriable = failures.filter((f) => stillMissing.includes(f.pkg) && f.rerun);
  if (retriable.length || followUps.length)
    log(
      `Run \`pnpm release:publish\` again to finish ${[...retriable.map((f) => id(f.pkg)), ...(followUps.length ? ['the tags'] : [])].join(', ')}: ` +
        'it publishes only what is missing.',
    );
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  releasePublish({ argv: process.argv.slice(2) }).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error instanceof ReleaseConfigError || error instanceof RegistryError ? error.message : error);
      process.exit(1);
    },
  );
}
