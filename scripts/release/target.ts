// Where `release:publish` publishes: one registry for the whole release, resolved once from every place a
// user may name one, printed with where it came from, and then handed to each tool explicitly (tools
// disagree about what they read: pnpm 12 ignores npm_config_* variables, npm ignores pnpm_config_*, and
// a scope registry in any .npmrc beats the default registry for @zoom-api packages in both).
//
// Precedence, first that names a registry wins; within a level the scope's key beats `registry`:
//   1. the packages' own publishConfig.registry / publishConfig["@zoom-api:registry"] (npm and pnpm let it
//      win over everything, so a flag or variable that says otherwise is an error, not a silent loser);
//   2. `--registry <url>` on the command line;
//   3. the environment: pnpm_config_registry, NPM_CONFIG_REGISTRY / npm_config_registry, and their
//      @zoom-api:registry forms (two different ones there are an error);
//   4. the project's .npmrc, 5. the user's (NPM_CONFIG_USERCONFIG or ~/.npmrc), 6. npm's global npmrc;
//   7. npm's default, the public registry.
// The public registry is used only on purpose (--public, or publishConfig naming it in every package).
import type { WorkspacePackage } from './checks.ts';
import { type Env, envConfig, type NpmrcFile } from './npmrc.ts';

export const SCOPE = '@zoom-api';
const SCOPE_KEY = `${SCOPE}:registry`;
export const NPM_DEFAULT_REGISTRY = 'https://registry.npmjs.org/';
const PUBLIC_HOSTS = new Set(['registry.npmjs.org', 'registry.npmjs.com', 'registry.yarnpkg.com']);

export interface Candidate {
  url: string;
  /** Where it was named, for the user: "NPM_CONFIG_REGISTRY", "registry in /home/me/.npmrc (user)". */
  source: string;
}

export interface RegistryChoice extends Candidate {
  /** Other places that named a different registry, overridden by `source`. */
  overridden: Candidate[];
  /** Whether every package names it in its own publishConfig. */
  fromPackages: boolean;
}

/** Thrown for a configuration `release:publish` must not guess about; the message says how to fix it. */
export class ReleaseConfigError extends Error {
  override name = 'ReleaseConfigError';
}

/** A registry URL as tools compare them: http(s), with a trailing slash. */
export function normalizeRegistry(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ReleaseConfigError(`${source} is not a URL: ${JSON.stringify(value)}. Give an http(s) registry URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ReleaseConfigError(`${source} must be an http(s) URL; got ${url.protocol}//…`);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

export function isPublicRegistry(url: string): boolean {
  return PUBLIC_HOSTS.has(new URL(url).hostname);
}

/** One level's registry: the scope's candidates first; different ones within a level are an error. */
function levelChoice(scoped: Candidate[], plain: Candidate[], level: string): Candidate | undefined {
  for (const group of [scoped, plain]) {
    const urls = new Set(group.map((c) => c.url));
    if (urls.size > 1)
      throw new ReleaseConfigError(
        `${level} names more than one registry: ${group.map((c) => `${c.source} = ${c.url}`).join(', ')}. Keep one.`,
      );
    if (group[0]) return group[0];
  }
  return undefined;
}

function packageLevel(packages: readonly WorkspacePackage[]): { candidate?: Candidate; all: boolean } {
  // Each package's own choice: its scope key beats its `registry`, as everywhere else.
  const named = packages.flatMap((pkg) => {
    const config = pkg.manifest.publishConfig ?? {};
    const key = config[SCOPE_KEY] ? SCOPE_KEY : config.registry ? 'registry' : undefined;
    if (!key) return [];
    const where = `publishConfig["${key}"] in ${pkg.name}'s package.json`;
    return [{ pkg, key, url: normalizeRegistry(config[key] as string, where), where }];
  });
  const first = named[0];
  if (!first) return { all: false };
  const urls = new Set(named.map((n) => n.url));
  if (urls.size > 1)
    throw new ReleaseConfigError(
      `The packages' publishConfig names more than one registry: ${named.map((n) => `${n.where} = ${n.url}`).join(', ')}. ` +
        'One release goes to one registry.',
    );
  if (named.length < packages.length)
    throw new ReleaseConfigError(
      `${first.where} names ${first.url}, but ${packages.length - named.length} other public package(s) name no registry: ` +
        'one release goes to one registry. Set publishConfig.registry in every public package, or in none.',
    );
  return {
    candidate: { url: first.url, source: `publishConfig["${first.key}"] in every public package.json` },
    all: true,
  };
}

function envLevel(env: Env): Candidate | undefined {
  const found = (prefix: 'npm_config_' | 'pnpm_config_', key: string): Candidate[] => {
    const value = envConfig(env, prefix, key);
    if (!value) return [];
    const name = Object.keys(env).find((k) => k.toLowerCase() === `${prefix}${key}`.toLowerCase()) as string;
    return [{ url: normalizeRegistry(value, name), source: name }];
  };
  return levelChoice(
    [...found('pnpm_config_', SCOPE_KEY), ...found('npm_config_', SCOPE_KEY)],
    [...found('pnpm_config_', 'registry'), ...found('npm_config_', 'registry')],
    'The environment',
  );
}

function fileLevel(file: NpmrcFile): Candidate | undefined {
  const at = (key: string): Candidate[] => {
    const value = file.values.get(key);
    const source = `${key} in ${file.path} (${file.level})`;
    return value ? [{ url: normalizeRegistry(value, source), source }] : [];
  };
  return levelChoice(at(SCOPE_KEY), at('registry'), file.path);
}

/** The one registry of this release (see the top of this file for the order). */
export function chooseRegistry({
  packages,
  cliRegistry,
  env,
  files,
}: {
  packages: readonly WorkspacePackage[];
  cliRegistry?: string | undefined;
  env: Env;
  files: readonly NpmrcFile[];
}): RegistryChoice {
  const fromPackages = packageLevel(packages);
  const cli = cliRegistry ? { url: normalizeRegistry(cliRegistry, '--registry'), source: '--registry' } : undefined;
  const levels: (Candidate | undefined)[] = [
    fromPackages.candidate,
    cli,
    envLevel(env),
    ...files.map(fileLevel),
    { url: NPM_DEFAULT_REGISTRY, source: "npm's default" },
  ];
  const named = levels.filter((c): c is Candidate => c !== undefined);
  const chosen = named[0] as Candidate;
  if (fromPackages.candidate) {
    // npm honours publishConfig over flags and variables: a different explicit choice would be ignored.
    const contrary = [cli, levels[2]].find((c) => c && c.url !== chosen.url);
    if (contrary)
      throw new ReleaseConfigError(
        `${contrary.source} says ${contrary.url}, but ${chosen.source} says ${chosen.url}, and npm would publish ` +
          'there whatever the command line says. Remove one of them.',
      );
  }
  const overridden = named.slice(1).filter((c) => c.url !== chosen.url && c.source !== "npm's default");
  return { ...chosen, overridden, fromPackages: fromPackages.all };
}

/**
 * Why publishing to `choice` must not happen, or undefined: the public registry needs `--public`, or every
 * package naming it with publishConfig.access "public" and publishConfig.registry.
 */
export function publicRefusal(
  choice: RegistryChoice,
  packages: readonly WorkspacePackage[],
  publicFlag: boolean,
): string | undefined {
  if (!isPublicRegistry(choice.url) || publicFlag) return undefined;
  if (choice.fromPackages && packages.every((p) => p.manifest.publishConfig?.access === 'public')) return undefined;
  return [
    `Refusing to publish to the public npm registry (${choice.url}, from ${choice.source}): these packages are internal.`,
    'To publish there on purpose, either:',
    '  - run `pnpm release:publish --public`, or',
    `  - give every public package "publishConfig": { "access": "public", "registry": "${choice.url}" }.`,
    'To publish to your own registry instead, name it: `pnpm release:publish --registry <url>`,',
    `NPM_CONFIG_REGISTRY=<url>, or "${SCOPE_KEY}=<url>" in the project's or your .npmrc.`,
  ].join('\n');
}

export interface ProvenanceChoice {
  /** Passed to npm publish as --provenance=<on>. */
  on: boolean;
  /** What to tell the user, when provenance was asked for. */
  note?: string;
}

/**
 * npm provenance: asked for with --provenance or NPM_CONFIG_PROVENANCE=true, attached only where the
 * registry takes it (the public one; an internal registry gets the package without it), and only from a
 * CI job that can prove its identity (GitHub Actions with `id-token: write`, GitLab with SIGSTORE_ID_TOKEN).
 */
export function provenanceFor(
  registry: string,
  env: Env,
  flag: boolean,
  files: readonly NpmrcFile[],
): ProvenanceChoice {
  const configured =
    envConfig(env, 'npm_config_', 'provenance') ??
    files.find((f) => f.values.has('provenance'))?.values.get('provenance');
  const asked = flag || configured === 'true';
  if (!asked) return { on: false };
  if (!isPublicRegistry(registry))
    return { on: false, note: `provenance: ${registry} does not take npm provenance statements; publishing without.` };
  const githubOidc = env.GITHUB_ACTIONS === 'true' && !!env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const gitlabOidc = env.GITLAB_CI === 'true' && !!env.SIGSTORE_ID_TOKEN;
  if (!githubOidc && !gitlabOidc)
    throw new ReleaseConfigError(
      'npm provenance was asked for (--provenance or NPM_CONFIG_PROVENANCE=true), but this is not a CI job that can ' +
        'prove its identity: on GitHub Actions give the job `permissions: id-token: write`; elsewhere publish without it.',
    );
  return { on: true, note: 'provenance: a signed statement of this CI run goes with every package.' };
}
