// Turbo's cache must be exact in both directions: an edit that cannot change an output reruns nothing,
// and an edit that can reruns what it affects. Proved on turbo's own plan (`--dry=json`): in the real
// workspace after `pnpm build`, and in a scratch copy where files are edited and the task hashes compared.
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type PlannedTask, planTurboRun, scratchWorkspaceForTests, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { codegenInput, consumersOf, type Manifest, readManifest, specsOf } from '../../scripts/specs/lib.ts';

const manifest = readManifest(WORKSPACE_ROOT);

const real = (task: PlannedTask) => task.command !== '<NONEXISTENT>';
const hashesOf = (plan: Map<string, PlannedTask>, suffix: string) =>
  new Map([...plan].filter(([id]) => id.endsWith(suffix)).map(([id, task]) => [id, task.hash]));
const changed = (before: Map<string, string>, after: Map<string, string>) =>
  [...after].filter(([id, hash]) => before.get(id) !== hash).map(([id]) => id);

it('a second build is served from the cache', () => {
  const tasks = [...planTurboRun(['build']).values()].filter(real);
  expect(tasks.length).toBeGreaterThan(10);
  expect(tasks.filter((t) => t.cacheStatus !== 'HIT').map((t) => t.taskId)).toEqual([]);
}, 60_000);

/** Local files a script loads, following relative imports (`./x.js` may be the source `./x.ts`). */
function importClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const match of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = path.resolve(path.dirname(entry), match[1] as string);
    const file = [target, target.replace(/\.m?js$/, '.ts'), target.replace(/\.mjs$/, '.mts')].find(existsSync);
    if (!file) throw new Error(`${entry} imports ${match[1]}, which does not exist`);
    importClosure(file, seen);
  }
  return seen;
}

describe('generate tasks declare everything they read', () => {
  const plan = planTurboRun(['generate']);
  const packagesDir = path.join(WORKSPACE_ROOT, 'packages');
  const generators = readdirSync(packagesDir)
    .map((dir) => ({ dir: path.join(packagesDir, dir), file: path.join(packagesDir, dir, 'package.json') }))
    .filter(({ file }) => existsSync(file))
    .map(({ dir, file }) => ({ dir, pkg: JSON.parse(readFileSync(file, 'utf8')) }))
    .filter(({ pkg }) => typeof pkg.scripts?.generate === 'string');

  it('there is something to check', () => {
    expect(generators.map(({ pkg }) => pkg.name)).toContain('@zoom-api/videosdk');
  });

  it.each(generators.map(({ dir, pkg }) => [pkg.name as string, dir, pkg.scripts.generate as string]))(
    '%s: every file its generator imports is an input of its generate task',
    (name, dir, command) => {
      const script = command.split(/\s+/).find((word) => /\.(m?[jt]s)$/.test(word));
      expect(script, `no script file in "${command}"`).toBeDefined();
      const task = plan.get(`${name}#generate`);
      expect(task?.command).not.toBe('<NONEXISTENT>');
      const inputs = new Set(task?.inputs.map((input) => path.resolve(dir, input)));
      const missing = [...importClosure(path.resolve(dir, script as string))].filter((file) => !inputs.has(file));
      expect(missing.map((file) => path.relative(WORKSPACE_ROOT, file))).toEqual([]);
    },
  );

  it.each(generators.map(({ pkg }) => [pkg.name as string]))(
    '%s: its generate task reads its own codegen.json, not the whole manifest',
    (name) => {
      const inputs = plan.get(`${name}#generate`)?.inputs ?? [];
      expect(inputs.some((input) => input.endsWith('specs/manifest.json'))).toBe(false);
      if (name !== '@zoom-api/core') expect(inputs).toContain('codegen.json');
    },
  );
});

describe('hashes in a scratch copy of the workspace', () => {
  const scratch = scratchWorkspaceForTests();
  let before: Map<string, PlannedTask>;
  beforeAll(() => {
    before = planTurboRun(['build'], scratch.dir);
  });

  const plan = () => planTurboRun(['build'], scratch.dir);
  const edit = (file: string, text = '\n// edited by turbo-cache.test.ts\n') =>
    appendFileSync(path.join(scratch.dir, file), text);

  it('editing every README and a test file of every package changes no generate or build hash', () => {
    const readmes = [
      'README.md',
      ...readdirSync(path.join(scratch.dir, 'packages')).map((d) => `packages/${d}/README.md`),
    ];
    for (const file of readmes.filter((f) => existsSync(path.join(scratch.dir, f)))) edit(file, '\nEdited.\n');
    const testFiles = readdirSync(path.join(scratch.dir, 'packages')).flatMap((d) => {
      const testDir = path.join(scratch.dir, 'packages', d, 'test');
      const first = existsSync(testDir) ? readdirSync(testDir).find((f) => f.endsWith('.test.ts')) : undefined;
      return first ? [`packages/${d}/test/${first}`] : [];
    });
    expect(testFiles.length).toBeGreaterThan(3);
    for (const file of [...testFiles, 'tests/roundtrip.test.ts']) edit(file);
    const after = plan();
    expect(changed(hashesOf(before, '#build'), hashesOf(after, '#build'))).toEqual([]);
    expect(changed(hashesOf(before, '#generate'), hashesOf(after, '#generate'))).toEqual([]);
    before = after;
  });

  it('editing any file the product generator loads regenerates every package it generates', () => {
    const videosdk = JSON.parse(readFileSync(path.join(scratch.dir, 'packages/videosdk/package.json'), 'utf8'));
    const script = (videosdk.scripts.generate as string).split(/\s+/).find((w) => /\.(m?[jt]s)$/.test(w)) as string;
    const closure = [...importClosure(path.resolve(scratch.dir, 'packages/videosdk', script))];
    const generated = [...before.keys()].filter(
      (id) => id.endsWith('#generate') && real(before.get(id) as PlannedTask),
    );
    const sameScript = generated.filter((id) => {
      const dir = readdirSync(path.join(scratch.dir, 'packages')).find((d) => {
        const file = path.join(scratch.dir, 'packages', d, 'package.json');
        return existsSync(file) && `${JSON.parse(readFileSync(file, 'utf8')).name}#generate` === id;
      });
      const pkg = JSON.parse(readFileSync(path.join(scratch.dir, 'packages', dir as string, 'package.json'), 'utf8'));
      return pkg.scripts.generate.includes(path.basename(script));
    });
    expect(sameScript).toContain('@zoom-api/accounts#generate');
    expect(closure.length).toBeGreaterThan(1);
    for (const file of closure) {
      edit(path.relative(scratch.dir, file));
      const after = plan();
      const regenerated = changed(hashesOf(before, '#generate'), hashesOf(after, '#generate'));
      expect(regenerated, path.relative(scratch.dir, file)).toEqual(expect.arrayContaining(sameScript));
      before = after;
    }
  });

  it.each(manifest.specs.map((entry) => [entry.file, consumersOf(manifest, entry.id)] as const))(
    'changing the bytes of specs/%s regenerates exactly %j',
    (file, consumers) => {
      edit(`specs/${file}`, '\n');
      const after = plan();
      const regenerated = changed(hashesOf(before, '#generate'), hashesOf(after, '#generate'));
      expect(regenerated.sort()).toEqual(consumers.map((name) => `${name}#generate`).sort());
      before = after;
    },
  );

  // What `pnpm specs:update` changes in the manifest: a document's hash and counts.
  const updateEntry = (specId: string) => {
    const file = path.join(scratch.dir, 'specs/manifest.json');
    const edited = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    const entry = edited.specs.find((s) => s.id === specId);
    if (!entry) throw new Error(`no document ${specId} in the scratch manifest`);
    entry.sha256 = entry.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    entry.operations += 1;
    writeFileSync(file, `${JSON.stringify(edited, null, 2)}\n`);
    return edited;
  };
  const untouchedBy = (specId: string) =>
    manifest.packages.filter((pkg) => !specsOf(pkg).includes(specId)).map((pkg) => pkg.name);

  it('the codegen input of every package leaves out what a document update changes (hash, counts)', () => {
    const edited = structuredClone(manifest);
    for (const entry of edited.specs) {
      entry.sha256 = '0'.repeat(64);
      entry.operations += 1;
      entry.webhooks += 1;
    }
    for (const pkg of manifest.packages) expect(codegenInput(edited, pkg)).toEqual(codegenInput(manifest, pkg));
  });

  it('updating videosdk (its document and manifest entry) rebuilds what consumes it and the CLI, nothing else', () => {
    const consumers = consumersOf(manifest, 'videosdk');
    expect(consumers).toContain('@zoom-api/videosdk');
    const untouched = untouchedBy('videosdk');
    expect(untouched).toEqual(
      expect.arrayContaining(['@zoom-api/accounts', '@zoom-api/cobrowse', '@zoom-api/master-account']),
    );
    edit('specs/videosdk.json', '\n');
    updateEntry('videosdk');
    const after = plan();
    const regenerated = changed(hashesOf(before, '#generate'), hashesOf(after, '#generate'));
    expect(regenerated.sort()).toEqual(consumers.map((name) => `${name}#generate`).sort());
    const rebuilt = changed(hashesOf(before, '#build'), hashesOf(after, '#build'));
    expect(rebuilt).toEqual(expect.arrayContaining([...consumers, '@zoom-api/cli'].map((name) => `${name}#build`)));
    expect(rebuilt.filter((id) => [...untouched, '@zoom-api/core'].some((name) => id === `${name}#build`))).toEqual([]);
    before = after;
  });

  it("changing only accounts' manifest entry (hash, counts) regenerates and rebuilds nothing", () => {
    // The CLI embeds no hashes: its --mock is @zoom-api/testing, rebuilt when a document it answers from changes.
    updateEntry('accounts');
    const after = plan();
    expect(changed(hashesOf(before, '#generate'), hashesOf(after, '#generate'))).toEqual([]);
    expect(changed(hashesOf(before, '#build'), hashesOf(after, '#build'))).toEqual([]);
    before = after;
  });
});
