// Fault injection: specs:update and specs:pull SIGKILLed at several points (ZOOM_SPECS_FAULT makes
// the command stop at a point and say so, so the kill lands exactly there), then the next specs:*
// command is run. The tree must be the old state or exactly the new one, never a mix, with no
// temporary files left. Each case runs in a scratch git copy of the workspace (copyWorkspace) whose
// Video SDK document is the older one from the mirror's history/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { copyWorkspace, runProcess, type ScratchWorkspace } from '@zoom-api/test-utils';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { describeSpec, type SpecEntry } from '../lib.ts';
import { mirrorDir, REPO, readJson, removeTempDirs, tempDir } from './fixtures.ts';

const MIRROR = mirrorDir();
// Each case copies the workspace and runs the real commands (tsx, Redocly, the diff) two or three
// times: 10-30 s on two cores.
const SLOW = 120_000;
const HISTORY = path.join(MIRROR, 'history', 'videosdk.2026-03-09.json');
const GENERATED = 'packages/videosdk/src/generated/sdk.gen.ts';
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
const status = (dir: string) => git(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean);

/** A pid that is running (a zombie waiting to be reaped counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * The regeneration stand-in: rewrites the package's generated code, records its pid, prints a line
 * (the during-regenerate point fires on the first output), then exits, or with STUB_HANG stays
 * running like a slow codegen.
 */
function stubGenerator(): { file: string; pidFile: string; grandchildPidFile: string } {
  const dir = tempDir('specs-kill-stub-');
  const file = path.join(dir, 'generate.cjs');
  const pidFile = path.join(dir, 'pid');
  const grandchildPidFile = path.join(dir, 'grandchild-pid');
  writeFileSync(
    file,
    `const fs = require('node:fs');
    fs.writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
    fs.writeFileSync(${JSON.stringify(GENERATED)}, 'export const version = "new";\\n');
    console.log('stub: generated', process.argv.slice(2).join(' '));
    if (process.env.STUB_HANG) {
      // Like turbo's tasks: a grandchild in a process group of its own, without the parent's
      // environment, that writes generated code late (after a recovery that missed it).
      require('node:child_process').spawn(process.execPath, ['-e', \`
        require('node:fs').writeFileSync(${JSON.stringify(grandchildPidFile)}, String(process.pid));
        setTimeout(() => require('node:fs').writeFileSync(${JSON.stringify(GENERATED)}, 'late'), 3000);
        setInterval(() => {}, 1 << 30);\`], { detached: true, stdio: 'ignore', env: {} });
      setInterval(() => {}, 1 << 30);
    }`,
  );
  stubs.push({ pidFile, grandchildPidFile });
  return { file, pidFile, grandchildPidFile };
}

const scratches: ScratchWorkspace[] = [];
const stubs: { pidFile: string; grandchildPidFile: string }[] = [];

/** A scratch workspace on the older Video SDK document, committed, with tools runnable inside it. */
function oldWorkspace(): string {
  const ws = copyWorkspace();
  scratches.push(ws);
  const dir = ws.dir;
  // Run the copy's own scripts (so their ROOT is the copy) with the real workspace's dependencies.
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  symlinkSync(path.join(REPO, 'scripts', 'node_modules'), path.join(dir, 'scripts', 'node_modules'));
  writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'node_modules\n');
  writeFileSync(path.join(dir, 'specs', 'videosdk.json'), readFileSync(HISTORY));
  const manifestFile = path.join(dir, 'specs', 'manifest.json');
  const manifest = readJson(manifestFile);
  Object.assign(
    manifest.specs.find((s: SpecEntry) => s.id === 'videosdk'),
    describeSpec(readJson(HISTORY)),
  );
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(path.dirname(path.join(dir, GENERATED)), { recursive: true });
  writeFileSync(path.join(dir, GENERATED), 'export const version = "old";\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'old state');
  return dir;
}

/** Runs specs:update in `dir` and SIGKILLs it when it reports `point` (or lets it finish: null). */
async function updateKilledAt(dir: string, point: string | null, stub: string) {
  const result = await runProcess(
    process.execPath,
    ['--import', 'tsx', 'scripts/specs/test/kill-driver.ts', MIRROR, stub],
    {
      cwd: dir,
      env: { ...process.env, ZOOM_SPECS_FAULT: point ?? '', STUB_HANG: point === 'during-regenerate' ? '1' : '' },
      killAfter: 60_000,
      onStderr: (stderr, child) => {
        if (point && stderr.includes(`ZOOM_SPECS_FAULT ${point} reached`)) child.kill('SIGKILL');
      },
    },
  );
  expect(result.signal, result.output).toBe(point ? 'SIGKILL' : null);
  return result;
}

/** The next command, as `pnpm specs:<name>` runs it, in `dir`. */
const specs = (dir: string, name: 'check' | 'pull') =>
  runProcess(process.execPath, ['--import', 'tsx', `scripts/specs/${name}.ts`], {
    cwd: dir,
    env: { ...process.env, ZOOM_SPECS_DIR: MIRROR, ZOOM_SPECS_FAULT: '' },
    killAfter: 60_000,
  });

/** Nothing the tools write temporarily is left: no .tmp entries, no half-written siblings. */
function expectNoLeftovers(dir: string): void {
  expect(existsSync(path.join(dir, '.tmp')) ? readdirSync(path.join(dir, '.tmp')) : []).toEqual([]);
  for (const sub of ['specs', '.changeset', path.dirname(GENERATED)])
    expect(readdirSync(path.join(dir, sub)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

function expectOldState(dir: string): void {
  expect(status(dir)).toEqual([]);
  // specs/*.json is git-ignored, so compare the document and the generated code directly.
  expect(readFileSync(path.join(dir, 'specs', 'videosdk.json')).equals(readFileSync(HISTORY))).toBe(true);
  expect(readFileSync(path.join(dir, GENERATED), 'utf8')).toContain('"old"');
  expectNoLeftovers(dir);
}

function expectNewState(dir: string): void {
  // The Video SDK's changeset, the fake's (it answers from the document) and the CLI's (its --mock is the fake).
  expect(status(dir)).toEqual([
    ' M specs/manifest.json',
    expect.stringMatching(/^\?\? \.changeset\/zoom-cli-[\w-]+\.md$/),
    expect.stringMatching(/^\?\? \.changeset\/zoom-testing-[\w-]+\.md$/),
    expect.stringMatching(/^\?\? \.changeset\/zoom-videosdk-[\w-]+\.md$/),
  ]);
  expect(
    readFileSync(path.join(dir, 'specs', 'videosdk.json')).equals(readFileSync(path.join(MIRROR, 'videosdk.json'))),
  ).toBe(true);
  expect(readFileSync(path.join(dir, GENERATED), 'utf8')).toContain('"new"');
  expectNoLeftovers(dir);
}

afterEach(() => {
  for (const ws of scratches.splice(0)) ws.remove();
  // A failed case must not leave its stand-in generator running.
  for (const stub of stubs.splice(0))
    for (const file of [stub.pidFile, stub.grandchildPidFile])
      if (existsSync(file)) {
        try {
          process.kill(Number(readFileSync(file, 'utf8')), 'SIGKILL');
        } catch {
          // gone
        }
      }
});
afterAll(removeTempDirs);

describe('specs:update killed with SIGKILL', () => {
  it(
    'run to the end, it leaves exactly the new state (the reference for the cases below)',
    async () => {
      const dir = oldWorkspace();
      await updateKilledAt(dir, null, stubGenerator().file);
      expectNewState(dir);
      expect((await specs(dir, 'check')).code).toBe(0);
    },
    SLOW,
  );

  const cases: [point: string, next: 'check' | 'pull', midway: (dir: string) => void][] = [
    ['after-journal', 'check', () => {}],
    [
      'after-specs',
      'pull',
      (dir) => expect(readFileSync(path.join(dir, 'specs', 'videosdk.json')).equals(readFileSync(HISTORY))).toBe(false),
    ],
    ['after-manifest', 'check', (dir) => expect(status(dir)).toEqual([' M specs/manifest.json'])],
    // The manifest and the three changesets (@zoom-api/videosdk's, @zoom-api/testing's and @zoom-api/cli's).
    ['after-changeset', 'pull', (dir) => expect(status(dir)).toHaveLength(4)],
    ['during-regenerate', 'check', (dir) => expect(readFileSync(path.join(dir, GENERATED), 'utf8')).toContain('"new"')],
    ['before-commit', 'pull', (dir) => expect(status(dir)).toHaveLength(4)],
  ];
  for (const [point, next, midway] of cases) {
    it(
      `at ${point}: the next specs:${next} rolls back to the old state and says so`,
      async () => {
        const dir = oldWorkspace();
        const stub = stubGenerator();
        await updateKilledAt(dir, point, stub.file);
        midway(dir); // the kill really landed mid-way
        const after = await specs(dir, next);
        expect(after.stderr).toMatch(/interrupted specs:update \(pid \d+[^)]*\) .*rolled back/);
        expect(after.code, after.output).toBe(0);
        expectOldState(dir);
        if (point === 'during-regenerate') {
          // The regeneration child and its grandchild outlived their parent; the recovery killed
          // both before restoring, so the grandchild's late write (3 s after it started) never comes:
          // a process that is gone writes nothing, and no wait is needed to show it.
          expect(alive(Number(readFileSync(stub.pidFile, 'utf8')))).toBe(false);
          expect(alive(Number(readFileSync(stub.grandchildPidFile, 'utf8')))).toBe(false);
          expect(readFileSync(path.join(dir, GENERATED), 'utf8')).toContain('"old"');
          // And the update goes through afterwards.
          await updateKilledAt(dir, null, stub.file);
          expectNewState(dir);
        }
      },
      SLOW,
    );
  }

  it(
    'at after-commit (journal gone, temporary files not yet): the next specs:check keeps the new state and cleans up',
    async () => {
      const dir = oldWorkspace();
      await updateKilledAt(dir, 'after-commit', stubGenerator().file);
      expect(existsSync(path.join(dir, '.tmp'))).toBe(true);
      const after = await specs(dir, 'check');
      expect(after.code, after.output).toBe(0);
      expectNewState(dir);
    },
    SLOW,
  );
});

describe('specs:pull killed with SIGKILL', () => {
  it(
    'after writing its first document: the next specs:pull rolls back, then pulls every document',
    async () => {
      const dir = oldWorkspace();
      for (const file of ['accounts.json', 'cobrowse.json']) rmSync(path.join(dir, 'specs', file));
      const killed = await runProcess(process.execPath, ['--import', 'tsx', 'scripts/specs/pull.ts'], {
        cwd: dir,
        env: { ...process.env, ZOOM_SPECS_DIR: MIRROR, ZOOM_SPECS_FAULT: 'pull-after-first-write' },
        killAfter: 60_000,
        onStderr: (stderr, child) => {
          if (stderr.includes('ZOOM_SPECS_FAULT pull-after-first-write reached')) child.kill('SIGKILL');
        },
      });
      expect(killed.signal, killed.output).toBe('SIGKILL');
      const check = await specs(dir, 'check');
      expect(check.stderr).toMatch(/interrupted specs:pull \(pid \d+[^)]*\) .*rolled back/);
      // The old state: both documents missing again, not one of the two.
      expect(['accounts.json', 'cobrowse.json'].filter((f) => existsSync(path.join(dir, 'specs', f)))).toEqual([]);
      expect(check.code).toBe(1);
      const pull = await specs(dir, 'pull');
      expect(pull.code, pull.output).toBe(0);
      expect((await specs(dir, 'check')).code).toBe(0);
      expectOldState(dir);
    },
    SLOW,
  );
});
