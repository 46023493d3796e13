// Tests by package: every test file belongs to the vitest project of the package it sits in, each such
// package has a `test` script that runs its project alone (turbo's `test` task), and turbo's plan for a
// change holds the test tasks of the changed package and of the packages that depend on it, no others.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import {
  copyWorkspace,
  type PlannedTask,
  planTurboRun,
  runProcess,
  type ScratchWorkspace,
  WORKSPACE_ROOT,
  type WorkspacePackage,
  workspacePackages,
} from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packages = workspacePackages();
const byName = new Map(packages.map((p) => [p.pkg.name, p]));

/** The workspace package whose folder holds `file` (relative to the root). */
function packageOf(file: string): WorkspacePackage | undefined {
  return packages
    .filter(({ dir }) => file.startsWith(`${dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length)
    .at(0);
}

/** Every test file git knows of (tracked or new, not ignored), relative to the root. */
function testFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '*.test.ts'], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
  });
  return [...new Set(listed.split('\0').filter(Boolean))].filter((file) => existsSync(path.join(WORKSPACE_ROOT, file)));
}

/** `name` and every workspace package that depends on it, directly or through others. */
function withDependents(name: string): Set<string> {
  const found = new Set([name]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { pkg } of packages) {
      if (found.has(pkg.name)) continue;
      const deps = {
        ...pkg.dependencies,
        ...pkg.devDependencies,
        ...pkg.peerDependencies,
        ...pkg.optionalDependencies,
      };
      if (Object.keys(deps).some((dep) => found.has(dep))) {
        found.add(pkg.name);
        grew = true;
      }
    }
  }
  return found;
}

const testTasks = (plan: Map<string, PlannedTask>) =>
  [...plan.values()].filter((t) => t.taskId.endsWith('#test') && t.command !== '<NONEXISTENT>');

describe('vitest projects', () => {
  let listed: { file: string; projectName: string }[];
  beforeAll(async () => {
    const run = await runProcess(
      path.join(WORKSPACE_ROOT, 'node_modules/.bin/vitest'),
      ['list', '--filesOnly', '--json'],
      {
        cwd: WORKSPACE_ROOT,
      },
    );
    expect(run.code, run.output).toBe(0);
    listed = JSON.parse(run.stdout) as typeof listed;
  }, 60_000);

  it('run every test file once, in the project named after its package', () => {
    const files = testFiles();
    expect(files.length).toBeGreaterThan(50);
    const found = listed.map(({ file, projectName }) => [path.relative(WORKSPACE_ROOT, file), projectName]);
    expect(found.map(([file]) => file).sort()).toEqual(files.sort());
    const expected = files.map((file) => [file, packageOf(file)?.pkg.name]);
    expect(found.sort()).toEqual(expected.sort());
  });

  it("each package with tests runs its own project as its `test` script, which turbo's test task runs", () => {
    const plan = planTurboRun(['test']);
    const withTests = new Set(listed.map(({ projectName }) => projectName));
    expect([...withTests]).toEqual(expect.arrayContaining(['@zoom-api/core', '@zoom-api/webhooks', '@zoom-api/tests']));
    for (const { dir, pkg } of packages) {
      const script = `vitest run --root ${path.relative(dir, '.') || '.'} --project ${pkg.name}`;
      // A package without tests has no script: its vitest project would find no files, and vitest fails then.
      expect(pkg.scripts?.test, pkg.name).toBe(withTests.has(pkg.name) ? script : undefined);
      expect(plan.get(`${pkg.name}#test`)?.command, pkg.name).toBe(withTests.has(pkg.name) ? script : '<NONEXISTENT>');
    }
  });
});

describe('a one-file change in packages/webhooks', () => {
  const changed = 'packages/webhooks/src/index.ts';
  // The test tasks that may see the change: webhooks' own and those of packages that depend on it.
  const expected = [...withDependents('@zoom-api/webhooks')]
    .filter((name) => byName.get(name)?.pkg.scripts?.test)
    .map((name) => `${name}#test`)
    .sort();
  let scratch: ScratchWorkspace;
  let before: Map<string, PlannedTask>;
  let after: Map<string, PlannedTask>;
  let affected: Map<string, PlannedTask>;

  beforeAll(() => {
    scratch = copyWorkspace();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: scratch.dir, stdio: 'ignore' });
    git(
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@example.invalid',
      '-c',
      'commit.gpgsign=false',
      'commit',
      '-qm',
      'base',
    );
    before = planTurboRun(['test'], scratch.dir);
    expect(existsSync(path.join(scratch.dir, changed))).toBe(true);
    appendFileSync(path.join(scratch.dir, changed), '\n// edited by test-tasks.test.ts\n');
    after = planTurboRun(['test'], scratch.dir);
    affected = planTurboRun(['test'], scratch.dir, { args: ['--affected'], env: { TURBO_SCM_BASE: 'HEAD' } });
  }, 120_000);
  afterAll(() => scratch?.remove());

  it('there are test tasks that do not depend on webhooks', () => {
    expect(expected).toEqual(expect.arrayContaining(['@zoom-api/webhooks#test', '@zoom-api/tests#test']));
    const others = testTasks(before).filter((t) => !expected.includes(t.taskId));
    expect(others.map((t) => t.taskId)).toEqual(expect.arrayContaining(['@zoom-api/core#test', '@zoom-api/auth#test']));
  });

  it('changes the hash of exactly those test tasks', () => {
    const moved = testTasks(after).filter((t) => before.get(t.taskId)?.hash !== t.hash);
    expect(moved.map((t) => t.taskId).sort()).toEqual(expected);
  });

  it('`turbo run test --affected` plans exactly those test tasks', () => {
    expect(
      testTasks(affected)
        .map((t) => t.taskId)
        .sort(),
    ).toEqual(expected);
  });
});
