// Where `pnpm release:publish` sends the packages, for every way a user may name a registry, each given
// alone: the decoy (tests/release/lab.ts) is the default registry of every configuration level below the one
// under test, under both keys npm and pnpm read (`registry` and `@zoom-api:registry`), and accepts whatever
// it is sent. Each source publishes to a Verdaccio of its own; every public package must land there at its
// version and the decoy must see no request at all. Without any registry named, the public registry is
// refused before any request: npm and pnpm are then pointed at the decoy as their proxy, so that a request
// to the public registry, had one been made, would be counted too.
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLab,
  type Decoy,
  everyPackageAtItsVersion,
  type Lab,
  PUBLIC,
  PUBLIC_NAMES,
  publicVersions,
  registryLines,
  startDecoy,
  tagsOf,
} from './lab.ts';
import { type Registry, startRegistry } from './verdaccio.ts';

let decoy: Decoy;
let lab: Lab;

beforeAll(async () => {
  decoy = await startDecoy();
  lab = await createLab(decoy);
}, 180_000);

afterAll(async () => {
  console.log(`tests/release/sources.test.ts, command by command:\n${lab?.timings.join('\n')}`);
  lab?.remove();
  await decoy?.close();
});

interface SetUp {
  args?: string[];
  env?: NodeJS.ProcessEnv;
  undo?: () => void;
}

interface Source {
  name: string;
  /** How the registry under test is given, and the decoy everywhere below that. */
  setUp(lab: Lab, registry: Registry): SetUp | Promise<SetUp>;
  /** What release:publish prints as the source. */
  printed: (lab: Lab) => string;
}

const decoyLines = () => registryLines(decoy.url);

/** Every configuration file names the decoy; `user` always holds the credentials (they name no registry). */
function decoyEverywhere(lab: Lab, registry: Registry) {
  lab.configure('project', decoyLines());
  lab.configure('user', [...decoyLines(), registry.credentials]);
  lab.configure('global', decoyLines());
}

const viaEnv = (name: string, extra: NodeJS.ProcessEnv = {}): Source => ({
  name,
  setUp: (lab, registry) => {
    decoyEverywhere(lab, registry);
    return { env: { [name]: registry.url, ...extra } };
  },
  printed: () => name,
});

const viaFile = (level: 'project' | 'user', key: 'registry' | '@zoom-api:registry'): Source => ({
  name: `${key}= in the ${level} .npmrc`,
  setUp: (lab, registry) => {
    // The same file may name the decoy under the key this one beats; every level below names it under both.
    const own = [`${key}=${registry.url}`, ...(key === 'registry' ? [] : [`registry=${decoy.url}`])];
    if (level === 'project') {
      lab.configure('project', own);
      lab.configure('user', [...decoyLines(), registry.credentials]);
    } else {
      lab.configure('project', []);
      lab.configure('user', [...own, registry.credentials]);
    }
    lab.configure('global', decoyLines());
    return {};
  },
  printed: (lab) => `${key} in ${lab.npmrc[level]} (${level})`,
});

/** turbo's hash of every generate and build task, by task id, as the lab's environment computes it. */
async function turboHashes(lab: Lab): Promise<Map<string, string>> {
  const planned = await lab.run('pnpm', ['exec', 'turbo', 'run', 'generate', 'build', '--dry=json']);
  if (planned.code !== 0) throw new Error(`turbo --dry=json failed:\n${planned.output}`);
  const json = planned.stdout.slice(planned.stdout.indexOf('{'));
  const { tasks } = JSON.parse(json) as { tasks: { taskId: string; hash: string }[] };
  return new Map(tasks.map((t) => [t.taskId, t.hash]));
}

/**
 * Sets `publishConfig[key]` in every public package.json; returns the undo. turbo hashes the whole
 * package.json, so every build would miss its cache and every public package rebuild (over a minute here) for a
 * field the build never reads: the lab's copy of turbo's cache gets each unchanged build under its new hash.
 */
async function withPublishConfig(lab: Lab, key: string, url: string): Promise<() => void> {
  const files = PUBLIC.map((dir) => path.join(lab.scratch.dir, 'packages', dir, 'package.json'));
  const originals = files.map((file) => readFileSync(file, 'utf8'));
  // A build's hash covers src/generated/, which only a generate run writes (release:publish runs one first).
  const generated = await lab.run('pnpm', ['exec', 'turbo', 'run', 'generate', '--output-logs=errors-only']);
  if (generated.code !== 0) throw new Error(`turbo run generate failed:\n${generated.output}`);
  const before = await turboHashes(lab);
  files.forEach((file, i) => {
    const manifest = JSON.parse(originals[i] as string) as { publishConfig?: Record<string, string> };
    manifest.publishConfig = { ...manifest.publishConfig, [key]: url };
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  });
  const cache = lab.env.TURBO_CACHE_DIR as string;
  for (const [task, hash] of await turboHashes(lab)) {
    const old = before.get(task);
    if (!old || old === hash || !existsSync(path.join(cache, `${old}.tar.zst`))) continue;
    copyFileSync(path.join(cache, `${old}.tar.zst`), path.join(cache, `${hash}.tar.zst`));
    if (existsSync(path.join(cache, `${old}-manifest.json`)))
      copyFileSync(path.join(cache, `${old}-manifest.json`), path.join(cache, `${hash}-manifest.json`));
    const meta = JSON.parse(readFileSync(path.join(cache, `${old}-meta.json`), 'utf8')) as { hash: string };
    writeFileSync(path.join(cache, `${hash}-meta.json`), JSON.stringify({ ...meta, hash }));
  }
  return () => {
    for (const [i, file] of files.entries()) writeFileSync(file, originals[i] as string);
  };
}

const viaPublishConfig = (key: 'registry' | '@zoom-api:registry'): Source => ({
  name: `publishConfig["${key}"] in every package.json`,
  setUp: async (lab, registry) => {
    decoyEverywhere(lab, registry);
    return { undo: await withPublishConfig(lab, key, registry.url) };
  },
  printed: () => `publishConfig["${key}"] in every public package.json`,
});

const SOURCES: Source[] = [
  viaPublishConfig('registry'),
  viaPublishConfig('@zoom-api:registry'),
  {
    name: '--registry',
    setUp: (lab, registry) => {
      decoyEverywhere(lab, registry);
      return { args: ['--registry', registry.url] };
    },
    printed: () => '--registry',
  },
  viaEnv('pnpm_config_registry'),
  // What CI systems set; provenance asked for too: an internal registry must still take the packages.
  viaEnv('NPM_CONFIG_REGISTRY', { NPM_CONFIG_PROVENANCE: 'true' }),
  viaEnv('npm_config_registry'),
  viaFile('project', 'registry'),
  viaFile('project', '@zoom-api:registry'),
  viaFile('user', 'registry'),
  viaFile('user', '@zoom-api:registry'),
];

describe('before anything is uploaded', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry();
  }, 60_000);
  afterAll(() => registry?.stop());

  const nothingAnywhere = async (before: number) => {
    expect(decoy.requests.slice(before), 'requests the decoy received').toEqual([]);
    expect(await publicVersions(registry.url)).toEqual(Object.fromEntries(PUBLIC_NAMES.map((n) => [n, []])));
    expect(tagsOf(lab)).toEqual([]);
  };

  it('--dry-run prints the registry, each package and version it would publish, and uploads and tags nothing', async () => {
    decoyEverywhere(lab, registry);
    const before = decoy.requests.length;
    const result = await lab.pnpm(['release:publish', '--dry-run'], { NPM_CONFIG_REGISTRY: registry.url });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`Registry: ${registry.url} (from NPM_CONFIG_REGISTRY)`);
    const listed = result.output
      .slice(result.output.indexOf('Would publish:'))
      .split('\n')
      .slice(1, PUBLIC.length + 1);
    expect(listed.map((line) => line.trim()).sort()).toEqual(
      Object.entries(everyPackageAtItsVersion(lab))
        .map(([name, [version]]) => `${name}@${version}`)
        .sort(),
    );
    expect(result.output).toContain('Dry run: nothing was uploaded or tagged.');
    expect(result.output).not.toContain('Building');
    await nothingAnywhere(before);
  });

  it('refuses while changesets are pending, naming them and `pnpm release:version`', async () => {
    decoyEverywhere(lab, registry);
    const pending = path.join(lab.scratch.dir, '.changeset', 'pending-probe.md');
    writeFileSync(pending, "---\n'@zoom-api/core': patch\n---\n\nNot released yet.\n");
    const before = decoy.requests.length;
    const result = await lab
      .pnpm(['release:publish'], { NPM_CONFIG_REGISTRY: registry.url })
      .finally(() => rmSync(pending));
    expect(result.code).toBe(1);
    expect(result.output).toContain('1 changeset(s) are pending (.changeset/pending-probe.md)');
    expect(result.output).toContain('Run `pnpm release:version`');
    await nothingAnywhere(before);
  });

  // No registry named anywhere: npm's default, the public registry. npm and pnpm reach it through the decoy
  // as their proxy, so a request to it would be counted; the first test shows that it would be.
  const throughTheDecoy = () => {
    lab.configure('project', []);
    lab.configure('user', [`proxy=${decoy.url}`, `https-proxy=${decoy.url}`, registry.credentials]);
    lab.configure('global', []);
    return { HTTP_PROXY: decoy.url, HTTPS_PROXY: decoy.url, http_proxy: decoy.url, https_proxy: decoy.url };
  };

  it('(control: in this environment a request to the public registry reaches the decoy)', async () => {
    const proxied = throughTheDecoy();
    const before = decoy.requests.length;
    const view = await lab.run('npm', ['view', '@zoom-api/core', 'version', '--fetch-retries=0'], {
      env: { ...lab.env, ...proxied },
    });
    expect(view.code).not.toBe(0);
    expect(decoy.requests.slice(before)).toContainEqual({ method: 'CONNECT', url: 'registry.npmjs.org:443' });
  });

  it.each([
    ['by default (no registry named anywhere)', {}, "npm's default"],
    ['named explicitly', { NPM_CONFIG_REGISTRY: 'https://registry.npmjs.org/' }, 'NPM_CONFIG_REGISTRY'],
  ])(
    'refuses the public registry %s, naming both ways to allow it, with no request anywhere',
    async (_, env, source) => {
      const proxied = throughTheDecoy();
      const before = decoy.requests.length;
      const result = await lab.pnpm(['release:publish'], { ...proxied, ...env });
      expect(result.code).toBe(1);
      expect(result.output).toContain(
        `Refusing to publish to the public npm registry (https://registry.npmjs.org/, from ${source}): these packages are internal.`,
      );
      expect(result.output).toContain('`pnpm release:publish --public`');
      expect(result.output).toContain(
        '"publishConfig": { "access": "public", "registry": "https://registry.npmjs.org/" }',
      );
      await nothingAnywhere(before);
    },
  );
});

describe('release:publish publishes every package to the one registry named, whatever names it', () => {
  it.each(SOURCES)(
    '$name alone',
    async (source) => {
      const registry = await startRegistry();
      try {
        const { args = [], env = {}, undo } = await source.setUp(lab, registry);
        const before = decoy.requests.length;
        const result = await lab.pnpm(['release:publish', ...args], env).finally(() => undo?.());
        expect(decoy.requests.slice(before), 'requests the decoy received').toEqual([]);
        expect(result.code, result.output).toBe(0);
        expect(result.output).toContain(`Registry: ${registry.url} (from ${source.printed(lab)})`);
        if (env.NPM_CONFIG_PROVENANCE)
          expect(result.output).toContain(`provenance: ${registry.url} does not take npm provenance statements`);
        expect(await publicVersions(registry.url)).toEqual(everyPackageAtItsVersion(lab));
        expect(tagsOf(lab)).toEqual(
          expect.arrayContaining(
            PUBLIC.map((dir, i) => `${PUBLIC_NAMES[i]}@${everyPackageAtItsVersion(lab)[`@zoom-api/${dir}`]?.[0]}`),
          ),
        );
      } finally {
        await registry.stop();
      }
    },
    180_000,
  );
});
