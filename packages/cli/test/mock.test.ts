// `--mock` end to end: the built CLI answers from @zoom-api/testing's fake Zoom, started in its own process
// for the call: JSON out, exit 0, nothing left behind (the process exits). The request is checked against
// Zoom's document as Zoom would check it, and no document, Prism or credentials are needed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cleanEnv, runCli, words } from './helpers.js';

// Placeholder credentials are used with --mock: the environment has none.
const env = cleanEnv();
const ANNOUNCED = /^zoom-api: mock: a fake Zoom \(@zoom-api\/testing\) answers at http:\/\/127\.0\.0\.1:\d+\/v2$/m;
const ANSWERED_FROM = /^zoom-api: mock: answered from (\S+) \((.+)\)$/gm;
const manifest = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'specs/manifest.json'), 'utf8')) as {
  specs: { file: string; title: string; version: string; sha256: string }[];
};

/** The documents the CLI says answered: [file, how it names it], and how the manifest says it should. */
function answeredFrom(stderr: string): { said: string[][]; expected: string[][] } {
  const said = [...stderr.matchAll(ANSWERED_FROM)].map(([, file, name]) => [file as string, name as string]);
  const expected = said.map(([file]) => {
    const spec = manifest.specs.find((s) => s.file === file);
    return [file as string, `${spec?.title} version ${spec?.version}, sha256 ${spec?.sha256.slice(0, 12)}…`];
  });
  return { said, expected };
}

/** A folder outside the workspace, with no documents anywhere near it. */
function elsewhere(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zoom-api-cli-mock-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('--mock calls print JSON and exit 0', () => {
  it('videosdk listSessions, outside any workspace', async () => {
    const run = await runCli(
      ['videosdk', 'listSessions', '--query.from', '2022-09-01', '--query.to', '2022-09-02', '--mock'],
      { env, cwd: elsewhere() },
    );
    expect(run.stderr).toMatch(ANNOUNCED);
    // Which document answered, named as the manifest (from which the fake was built) names it.
    const { said, expected } = answeredFrom(run.stderr);
    expect(said.map(([file]) => file)).toEqual(['videosdk.json']);
    expect(said).toEqual(expected);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('sessions');
  });

  it('accounts getAccountSettings --path.accountId me', async () => {
    const run = await runCli(['accounts', 'getAccountSettings', '--path.accountId', 'me', '--mock', '--json'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toHaveProperty('in_session');
  });

  it('cobrowse listLiveSessions', async () => {
    const run = await runCli(['cobrowse', 'listLiveSessions', '--mock'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('sessions');
  });

  it('master-account getDailyUsageReport, from the master-account Video SDK document', async () => {
    const run = await runCli(
      words('master-account getDailyUsageReport --path.accountId sub-1 --query.year 2022 --query.month 9 --mock'),
      { env },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty('dates');
    expect(answeredFrom(run.stderr).said.map(([file]) => file)).toEqual(['videosdk-ma.json']);
  });

  it('--all follows the fake’s pages', async () => {
    const run = await runCli(
      ['videosdk', 'listSessions', '--query.from', '2022-09-01', '--query.to', '2022-09-02', '--mock', '--all'],
      { env },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/fetched 2 pages, \d+ items/);
    expect(Array.isArray(JSON.parse(run.stdout))).toBe(true);
  });
});

describe('--mock checks the request as Zoom would', () => {
  it("a value the document refuses gets Zoom's 400, and exit 1", async () => {
    const run = await runCli(
      ['videosdk', 'listSessions', '--query.from', 'September', '--query.to', '2022-09-02', '--mock'],
      { env },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/400/);
    expect(run.stderr).toContain('Validation Failed.');
  });

  it('signs with its own placeholders, so a real secret in the environment is never sent to the mock', async () => {
    const secret = 'a-real-secret-that-must-stay-home';
    const run = await runCli(['cobrowse', 'listLiveSessions', '--mock'], {
      env: { ...env, ZOOM_API_KEY: 'real-key', ZOOM_API_SECRET: secret },
    });
    expect(run.code).toBe(0);
    expect(run.output).not.toContain(secret);
  });
});

describe('the options of the Prism days say they are gone', () => {
  it.each([
    [
      '--spec',
      ['--spec', 'specs/cobrowse.json'],
      /--spec is gone: --mock answers from the Zoom documents built into @zoom-api\/testing/,
    ],
    ['--install-mock', ['--install-mock'], /--install-mock is gone: --mock runs a fake Zoom in the CLI itself/],
  ])('%s', async (_name, extra, message) => {
    const run = await runCli(['cobrowse', 'listLiveSessions', '--mock', ...extra], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(ANNOUNCED);
  });
});

it('--mock and --base-url together are refused', async () => {
  const run = await runCli(['cobrowse', 'listLiveSessions', '--mock', '--base-url', 'http://127.0.0.1:9'], { env });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--mock and --base-url both say where to send the request');
});
