// `--mock` end to end: the built CLI starts Prism from the workspace's materialised spec, calls it,
// prints the JSON and leaves no Prism process behind, also when interrupted. Few Prism starts on
// purpose: each one loads a whole document. The launcher itself is tested in prism.test.ts.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cleanEnv, groupAfter, prismPid, processesInGroup, runCli, words } from './helpers.js';

// Placeholder credentials are used when none are set: the environment has none.
const env = cleanEnv();

function expectNoPrismLeft(pid: number): void {
  // Checked at once, no waiting: the CLI stops Prism's whole group and waits for it before it
  // exits. (Prism's own watchdog would clean up later too; prism.test.ts tests that.)
  expect(processesInGroup(pid)).toEqual([]);
}

describe('--mock calls print JSON, exit 0 and stop Prism', () => {
  it('videosdk listSessions', async () => {
    const run = await runCli(words('videosdk listSessions --query.from 2022-09-01 --query.to 2022-09-02 --mock'), {
      env,
    });
    expect(run.stderr).toMatch(/specs[/\\]videosdk\.json/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('sessions');
    expectNoPrismLeft(prismPid(run.stderr));
  });

  it('accounts getAccountSettings --path.accountId me', async () => {
    const run = await runCli(['accounts', 'getAccountSettings', '--path.accountId', 'me', '--mock', '--json'], { env });
    expect(run.stderr).toMatch(/specs[/\\]accounts\.json/);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(typeof JSON.parse(run.stdout)).toBe('object');
    expectNoPrismLeft(prismPid(run.stderr));
  });

  it('cobrowse listLiveSessions', async () => {
    const run = await runCli(['cobrowse', 'listLiveSessions', '--mock'], { env });
    expect(run.stderr).toMatch(/specs[/\\]cobrowse\.json/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('sessions');
    expectNoPrismLeft(prismPid(run.stderr));
  });

  it('master-account getDailyUsageReport is served from the master-account Video SDK document', async () => {
    const run = await runCli(
      words('master-account getDailyUsageReport --path.accountId sub-1 --query.year 2022 --query.month 9 --mock'),
      { env },
    );
    expect(run.stderr).toMatch(/specs[/\\]videosdk-ma\.json/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('dates');
    expectNoPrismLeft(prismPid(run.stderr));
  });
});

it('Ctrl-C (SIGINT) during a --mock call still stops Prism', async () => {
  let signalled = false;
  const run = await runCli(['cobrowse', 'listLiveSessions', '--mock'], {
    env,
    onStderr: (stderr, child) => {
      if (!signalled && /Prism \(pid \d+\)/.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    },
  });
  expect(signalled).toBe(true);
  // Usually the signal lands mid-call and the CLI stops Prism, then exits 130. On a loaded machine
  // the call may finish first (0), or the CLI may already be past its handlers and die of the
  // signal; either way nothing may be left running.
  expect(run.code === 0 || run.code === 130 || run.signal === 'SIGINT').toBe(true);
  expectNoPrismLeft(prismPid(run.stderr));
});

describe('--mock without a document says how to get one', () => {
  it('a workspace whose specs are not pulled yet: run pnpm specs:pull', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoom-api-cli-ws-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'specs'));
    writeFileSync(
      join(dir, 'specs', 'manifest.json'),
      JSON.stringify({ specs: [{ id: 'cobrowse', file: 'cobrowse.json' }] }),
    );
    // Nothing else to fall back on: no ZOOM_SPECS_DIR, an empty user cache, and a download that fails.
    const isolated: NodeJS.ProcessEnv = {
      ...env,
      ZOOM_API_CACHE_DIR: join(dir, 'cache'),
      ZOOM_API_SPECS_ORIGIN: 'http://127.0.0.1:9',
    };
    delete isolated.ZOOM_SPECS_DIR;
    const run = await runCli(['cobrowse', 'listLiveSessions', '--mock'], { env: isolated, cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pnpm specs:pull');
    expect(run.stderr).toContain('--spec FILE');
    expect(run.stderr).not.toContain('Prism (pid');
  });

  it('--spec pointing nowhere', async () => {
    const run = await runCli(
      ['cobrowse', 'listLiveSessions', '--mock', '--spec', join(tmpdir(), 'no-such-spec.json')],
      {
        env,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-spec.json');
  });
});

it('processesInGroup sees a live group (so the checks above can fail)', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { detached: true, stdio: 'ignore' });
  const pid = child.pid as number;
  try {
    expect(processesInGroup(pid)).toEqual([pid]);
  } finally {
    process.kill(-pid, 'SIGKILL');
  }
  expect(await groupAfter(pid, 5_000)).toEqual([]);
});
