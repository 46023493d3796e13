// How a change in one package moves the others, as `changeset version` would apply it (computed with
// `changeset status` in a scratch copy of the workspace), and what is never published.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyWorkspace, runNode, type ScratchWorkspace, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumersOf, readManifest } from '../../scripts/specs/lib.ts';

const CHANGESET = path.join(WORKSPACE_ROOT, 'node_modules/@changesets/cli/bin.js');
const PRODUCTS = ['@zoom-api/videosdk', '@zoom-api/accounts', '@zoom-api/cobrowse', '@zoom-api/master-account'];

let scratch: ScratchWorkspace;
beforeAll(() => {
  scratch = copyWorkspace();
  for (const file of readdirSync(path.join(scratch.dir, '.changeset')))
    if (file.endsWith('.md') && file !== 'README.md') rmSync(path.join(scratch.dir, '.changeset', file));
  // `changeset status` compares with the base branch, main.
  const git = (...args: string[]) => execFileSync('git', args, { cwd: scratch.dir, stdio: 'ignore' });
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-qm', 'scratch');
  git('branch', '-M', 'main');
});
afterAll(() => scratch?.remove());

/** The releases a single changeset `{ [pkg]: bump }` leads to: package → bump. */
async function releasesFor(pkg: string, bump: 'major' | 'minor' | 'patch'): Promise<Record<string, string>> {
  const probe = path.join(scratch.dir, '.changeset', 'probe.md');
  const out = path.join(scratch.dir, 'status.json');
  writeFileSync(probe, `---\n"${pkg}": ${bump}\n---\n\nProbe.\n`);
  try {
    const { code, output } = await runNode(CHANGESET, ['status', `--output=${out}`], { cwd: scratch.dir });
    expect(code, output).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as { releases: { name: string; type: string }[] };
    return Object.fromEntries(plan.releases.filter((r) => r.type !== 'none').map((r) => [r.name, r.type]));
  } finally {
    rmSync(probe, { force: true });
  }
}

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  repository?: unknown;
  homepage?: string;
  bugs?: { url?: string };
  publishConfig?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const only = (names: string[], type: string) => Object.fromEntries(names.map((n) => [n, type]));

describe('changesets: how versions move', () => {
  it('a core major is a major of every product that re-exports core and of the Redis store (and a patch of the CLI)', async () => {
    expect(await releasesFor('@zoom-api/core', 'major')).toEqual({
      '@zoom-api/core': 'major',
      ...only(PRODUCTS, 'major'),
      // @zoom-api/redis implements core's RateLimitStore and takes core as a peer, as products do.
      '@zoom-api/redis': 'major',
      '@zoom-api/cli': 'patch',
    });
  });

  it('a core minor or patch moves no product (still inside their peer range)', async () => {
    expect(await releasesFor('@zoom-api/core', 'minor')).toEqual({ '@zoom-api/core': 'minor' });
    expect(await releasesFor('@zoom-api/core', 'patch')).toEqual({ '@zoom-api/core': 'patch' });
  });

  it('an auth major patches core (new range, same API) and the CLI, and moves no product', async () => {
    expect(await releasesFor('@zoom-api/auth', 'major')).toEqual({
      '@zoom-api/auth': 'major',
      '@zoom-api/core': 'patch',
      '@zoom-api/cli': 'patch',
    });
  });

  it('a Video SDK document change moves videosdk alone; master-account moves only with its own documents', async () => {
    expect(await releasesFor('@zoom-api/videosdk', 'patch')).toEqual({ '@zoom-api/videosdk': 'patch' });
    expect(await releasesFor('@zoom-api/videosdk', 'major')).toEqual({
      '@zoom-api/videosdk': 'major',
      '@zoom-api/cli': 'patch',
    });
    const manifest = readManifest(WORKSPACE_ROOT);
    const masterDocuments = manifest.specs.filter((s) =>
      consumersOf(manifest, s.id).includes('@zoom-api/master-account'),
    );
    expect(masterDocuments.map((s) => s.file).sort()).toEqual(['accounts-ma.json', 'videosdk-ma.json']);
  });
});

describe('what is published', () => {
  const manifests = readdirSync(path.join(WORKSPACE_ROOT, 'packages'))
    .map((dir) => path.join(WORKSPACE_ROOT, 'packages', dir, 'package.json'))
    .concat(['scripts', 'tests'].map((dir) => path.join(WORKSPACE_ROOT, dir, 'package.json')))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as Manifest);

  it('the private packages are marked private, and changesets never versions them', () => {
    const privates = manifests.filter((m) => m.private === true).map((m) => m.name);
    expect(privates.sort()).toEqual([
      '@zoom-api/bench',
      '@zoom-api/internal',
      '@zoom-api/scripts',
      '@zoom-api/test-utils',
      '@zoom-api/tests',
    ]);
    const config = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, '.changeset/config.json'), 'utf8'));
    expect(config.privatePackages).toEqual({ version: false, tag: false });
  });

  it('products take core as a peer (one core per consumer) and never as a dependency of their own', () => {
    for (const name of PRODUCTS) {
      const m = manifests.find((p) => p.name === name) as Manifest;
      expect(m.peerDependencies, name).toEqual({ '@zoom-api/core': 'workspace:^' });
      expect(m.dependencies?.['@zoom-api/core'], name).toBeUndefined();
    }
  });

  it('every public package says where it comes from and is published publicly', () => {
    for (const m of manifests.filter((p) => p.private !== true)) {
      expect(m.repository, m.name).toMatchObject({ type: 'git', directory: expect.stringMatching(/^packages\//) });
      expect(m.homepage, m.name).toMatch(/^https:\/\//);
      expect(m.bugs?.url, m.name).toMatch(/^https:\/\//);
      expect(m.license, m.name).toBe('MIT');
      expect(m.publishConfig, m.name).toEqual({ access: 'public' });
    }
  });
});
