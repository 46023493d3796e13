// How a change in one package moves the others, as `changeset version` would apply it (computed with
// `changeset status` in a scratch copy of the workspace), that the changesets committed in .changeset/
// apply (a version run on a scratch copy), and what is never published.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runNode, runProcess, scratchWorkspaceForTests, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { consumersOf, isClientPackage, readManifest, readRegistry } from '../../scripts/specs/lib.ts';

const CHANGESET = path.join(WORKSPACE_ROOT, 'node_modules/@changesets/cli/bin.js');
// The client packages of the registry: they re-export core and take it as a peer.
const PRODUCTS = readRegistry(WORKSPACE_ROOT)
  .filter(isClientPackage)
  .map((pkg) => pkg.name);

/** The pending changesets of a workspace copy: every .md in .changeset/ but its README. */
const changesetFiles = (dir: string) =>
  readdirSync(path.join(dir, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');

/** Commits everything on a branch named main: `changeset status` compares with the base branch. */
function commitOnMain(dir: string) {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-qm', 'scratch');
  git('branch', '-M', 'main');
}

const scratch = scratchWorkspaceForTests((dir) => {
  for (const file of changesetFiles(dir)) rmSync(path.join(dir, '.changeset', file));
  commitOnMain(dir);
});

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
  it('a core major is a major of every product that re-exports core, of the Redis store and of the fake (and a patch of the CLI)', async () => {
    expect(await releasesFor('@zoom-api/core', 'major')).toEqual({
      '@zoom-api/core': 'major',
      ...only(PRODUCTS, 'major'),
      // @zoom-api/redis implements core's RateLimitStore and takes core as a peer, as products do.
      '@zoom-api/redis': 'major',
      // The fake reads core's rate-limit table and takes core as a peer too.
      '@zoom-api/testing': 'major',
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

describe('the changesets committed in .changeset/', () => {
  // The repository's own pending changesets, not probes: a changeset that lost its frontmatter (a Markdown
  // formatter once turned `---` / `'@zoom-api/cli': major` / `---` into a heading) fails here, not at release.
  const committed = scratchWorkspaceForTests(commitOnMain);

  it('pnpm release:version applies them: each package moves to the version changesets planned, with its notes', async () => {
    const pending = changesetFiles(committed.dir);
    const out = path.join(committed.dir, 'status.json');
    const status = await runNode(CHANGESET, ['status', `--output=${out}`], { cwd: committed.dir });
    expect(status.code, status.output).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as {
      changesets: { id: string; summary: string; releases: { name: string }[] }[];
      releases: { name: string; type: string; newVersion: string }[];
    };
    rmSync(out);
    expect(plan.changesets.map((c) => `${c.id}.md`).sort()).toEqual(pending.sort());

    const installed = await runProcess('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: committed.dir });
    expect(installed.code, installed.output).toBe(0);
    const versioned = await runProcess('pnpm', ['release:version'], { cwd: committed.dir });
    expect(versioned.code, versioned.output).toBe(0);

    expect(changesetFiles(committed.dir)).toEqual([]);
    const dirs = new Map(
      readdirSync(path.join(committed.dir, 'packages')).map((dir) => {
        const file = path.join(committed.dir, 'packages', dir, 'package.json');
        return [(JSON.parse(readFileSync(file, 'utf8')) as { name: string }).name, path.dirname(file)] as const;
      }),
    );
    for (const release of plan.releases.filter((r) => r.type !== 'none')) {
      const dir = dirs.get(release.name) as string;
      expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version, release.name).toBe(
        release.newVersion,
      );
      const changelog = readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8');
      expect(changelog, release.name).toContain(`## ${release.newVersion}`);
      for (const changeset of plan.changesets.filter((c) => c.releases.some((r) => r.name === release.name)))
        expect(changelog, `${release.name}: ${changeset.id}`).toContain(changeset.summary.split('\n')[0]);
    }
  }, 120_000);

  it("Biome's formatter (`pnpm format`) leaves changesets alone", async () => {
    const probe = path.join(committed.dir, '.changeset', 'format-probe.md');
    const text = "---\n'@zoom-api/cli': patch\n---\n\nA changeset Biome's Markdown formatter would rewrite.\n";
    writeFileSync(probe, text);
    const before = new Map(
      changesetFiles(committed.dir).map((f) => [f, readFileSync(path.join(committed.dir, '.changeset', f), 'utf8')]),
    );
    const formatted = await runProcess(
      path.join(WORKSPACE_ROOT, 'node_modules/.bin/biome'),
      ['format', '--write', '.'],
      {
        cwd: committed.dir,
      },
    );
    expect(formatted.code, formatted.output).toBe(0);
    for (const [file, content] of before)
      expect(readFileSync(path.join(committed.dir, '.changeset', file), 'utf8'), file).toBe(content);
    // The same text anywhere else is Markdown Biome formats: the exclusion is what keeps the frontmatter.
    const elsewhere = await runProcess(
      path.join(WORKSPACE_ROOT, 'node_modules/.bin/biome'),
      ['format', '--stdin-file-path=notes/probe.md'],
      { cwd: committed.dir, stdin: text },
    );
    expect(elsewhere.stdout).not.toBe(text);
    rmSync(probe);
  }, 60_000);
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
