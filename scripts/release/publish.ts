#!/usr/bin/env node
// `pnpm release:publish`: publishes every public package whose version is not on the registry yet.
//   1. asks the registry which public versions are missing (none → says so, exits 0, builds nothing);
//   2. builds those packages (specs:pull, then turbo generate and build with their dependencies);
//   3. runs the packaging checks of `pnpm test` on each (tarball contents, LICENSE, publint, attw);
//   4. `changeset publish` (pnpm publish per package: workspace ranges become real ones);
//   5. asks the registry again: anything still missing is reported and the exit code is 1, and running
//      the command again publishes only that.
// The registry is the one npm's own configuration names (publishConfig.registry, then
// NPM_CONFIG_REGISTRY / npm_config_registry, then .npmrc), passed on to changesets explicitly: by itself
// changesets reads only the environment and would check npmjs.org instead of a registry set in .npmrc.
// Private packages (bench, test-utils, scripts, tests) are never considered.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkPackage, publicPackages, ROOT, run, type WorkspacePackage } from './checks.ts';

const SCOPE = '@zoom-api';

/** npm's configured registry and the scope's, from one `npm config get` (env, project and user .npmrc). */
export async function npmRegistries(root = ROOT): Promise<{ registry: string; scoped?: string }> {
  const { code, output } = await run('npm', ['config', 'get', 'registry', `${SCOPE}:registry`], { cwd: root });
  if (code !== 0) throw new Error(`npm config get registry failed:\n${output}`);
  const values = new Map(
    output
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()] as const),
  );
  const scoped = values.get(`${SCOPE}:registry`);
  return { registry: values.get('registry') ?? '', scoped: scoped && scoped !== 'undefined' ? scoped : undefined };
}

/** The registry npm uses for `pkg`: its publishConfig, else the scope's registry, else the default one. */
export function registryFor(pkg: WorkspacePackage, configured: { registry: string; scoped?: string }): string {
  const own = pkg.manifest.publishConfig?.registry ?? pkg.manifest.publishConfig?.[`${SCOPE}:registry`];
  return own ?? configured.scoped ?? configured.registry;
}

/** Whether `name@version` is on `registry` according to `npm view`, with npm's own credentials. */
export async function isPublishedByNpmView(pkg: WorkspacePackage, registry: string, root = ROOT): Promise<boolean> {
  const { code, output } = await run(
    'npm',
    ['view', `${pkg.name}@${pkg.version}`, 'version', '--json', '--prefer-online', '--registry', registry],
    { cwd: root },
  );
  if (code === 0) return output.trim() !== '' && JSON.parse(output) === pkg.version;
  if (/E404|404 Not Found|is not in this registry/.test(output)) return false;
  throw new Error(`Cannot ask ${registry} about ${pkg.name}@${pkg.version}:\n${output.trim()}`);
}

/**
 * Whether `name@version` is on `registry`, from its packument (GET <registry>/@scope%2fname, what npm
 * itself fetches). Our packages are public (publishConfig.access), so reading needs no credentials, and a
 * 404 means the package is not there; a registry that wants credentials even for reading answers 401/403,
 * and then `npm view` asks with the token from npm's configuration. One process for all packages instead
 * of an npm per package: those took seconds each, twice per release.
 */
export async function isPublished(pkg: WorkspacePackage, registry: string, root = ROOT): Promise<boolean> {
  const url = new URL(pkg.name.replace('/', '%2f'), registry.endsWith('/') ? registry : `${registry}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new Error(`Cannot ask ${registry} about ${pkg.name}@${pkg.version}: ${(error as Error).message}`);
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    return isPublishedByNpmView(pkg, registry, root);
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return false;
  }
  if (!response.ok)
    throw new Error(`Cannot ask ${registry} about ${pkg.name}@${pkg.version}: HTTP ${response.status} for ${url}`);
  const packument = (await response.json()) as { versions?: Record<string, unknown> };
  return Object.hasOwn(packument.versions ?? {}, pkg.version);
}

async function missingFrom(packages: WorkspacePackage[], registries: Map<string, string>, root: string) {
  const published = await Promise.all(packages.map((p) => isPublished(p, registries.get(p.name) as string, root)));
  return packages.filter((_, i) => !published[i]);
}

/** Runs a command with its output on this terminal; resolves with its exit code. */
function inherit(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

export async function publish(root = ROOT, log: (line: string) => void = console.log): Promise<number> {
  const packages = publicPackages(root);
  const configured = await npmRegistries(root);
  const registries = new Map(packages.map((pkg) => [pkg.name, registryFor(pkg, configured)]));
  const label = [...new Set(registries.values())].join(', ');

  const missing = await missingFrom(packages, registries, root);
  if (missing.length === 0) {
    log(`Nothing to publish: every public package's version is already on ${label}.`);
    return 0;
  }
  log(`To publish to ${label}:`);
  for (const pkg of missing) log(`  ${pkg.name}@${pkg.version}`);
  for (const pkg of packages.filter((p) => !missing.includes(p)))
    log(`  (${pkg.name}@${pkg.version} is already published)`);

  log('\nBuilding…');
  if ((await inherit('pnpm', ['exec', 'tsx', 'scripts/specs/pull.ts', '--quiet'], root)) !== 0) return 1;
  // Generate in a turbo run of its own, as `pnpm build` does: turbo hashes a run's build inputs before its
  // generate tasks write src/generated/, so in one run every build missed the cache on a fresh checkout.
  // `name...` generates for the packages' dependencies too, since their builds are part of the build run.
  const turbo = (task: string, filters: string[]) =>
    inherit('pnpm', ['exec', 'turbo', 'run', task, '--output-logs=errors-only', ...filters], root, {
      ...process.env,
      TURBO_TELEMETRY_DISABLED: '1',
    });
  const withDependencies = missing.map((p) => `--filter=${p.name}...`);
  const themOnly = missing.map((p) => `--filter=${p.name}`);
  if ((await turbo('generate', withDependencies)) !== 0 || (await turbo('build', themOnly)) !== 0) return 1;

  log('Checking the packages (tarball contents, LICENSE, publint, attw)…');
  const problems = await inBatches(missing, 4, async (pkg) => ({ pkg, problems: await checkPackage(pkg.dir, root) }));
  const failed = problems.filter((p) => p.problems.length > 0);
  if (failed.length) {
    for (const { pkg, problems: found } of failed) log(`\n${pkg.name}@${pkg.version}:\n  ${found.join('\n  ')}`);
    log(`\nNothing was published: ${failed.length} package(s) failed the packaging checks.`);
    return 1;
  }

  // One registry for the whole run: changesets reads it from the environment (see the top of this file).
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_registry: registries.get(missing[0]?.name ?? '') };
  const code = await inherit('pnpm', ['exec', 'changeset', 'publish'], root, env);

  const stillMissing = await missingFrom(missing, registries, root);
  if (stillMissing.length) {
    log(`\nNot published: ${stillMissing.map((p) => `${p.name}@${p.version}`).join(', ')}.`);
    log('Run `pnpm release:publish` again to publish only these.');
    return 1;
  }
  log(`\nPublished ${missing.map((p) => `${p.name}@${p.version}`).join(', ')} to ${label}.`);
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  publish().then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
