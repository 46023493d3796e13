// The changesets written by specs:update, read by the real @changesets/cli (the root devDependency)
// in a throwaway git repository holding a workspace of stand-in packages with the real names.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSpecs } from '../update.ts';
import {
  api,
  apiNames,
  events,
  makeWorkspace,
  REPO,
  readJson,
  removeTempDirs,
  sourceFolder,
  tempDir,
} from './fixtures.ts';

const exec = promisify(execFile);
const CHANGESET = path.join(REPO, 'node_modules', '@changesets', 'cli', 'bin.js');
const PACKAGES = {
  videosdk: '@zoom-api/videosdk',
  webhooks: '@zoom-api/webhooks',
  'master-account': '@zoom-api/master-account',
};

const git = (cwd: string, ...args: string[]) =>
  exec('git', ['-c', 'user.name=specs-update test', '-c', 'user.email=test@example.invalid', ...args], { cwd });
const changeset = (cwd: string, ...args: string[]) =>
  exec(process.execPath, [CHANGESET, ...args], { cwd, env: { ...process.env, CI: '1' } });

describe('changesets written by specs:update', () => {
  let root: string;
  beforeAll(async () => {
    root = tempDir('specs-changesets-');
    writeFileSync(
      path.join(root, 'package.json'),
      `${JSON.stringify({ name: 'zoom-api-standin', private: true, workspaces: ['packages/*'] }, null, 2)}\n`,
    );
    for (const [dir, name] of Object.entries(PACKAGES)) {
      mkdirSync(path.join(root, 'packages', dir), { recursive: true });
      writeFileSync(
        path.join(root, 'packages', dir, 'package.json'),
        `${JSON.stringify({ name, version: '0.1.0' }, null, 2)}\n`,
      );
    }
    // The repository's config names "@changesets/cli/changelog", resolved from the workspace's node_modules.
    symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    writeFileSync(path.join(root, '.gitignore'), 'node_modules\n');
    makeWorkspace(
      [
        { id: 'videosdk', file: 'videosdk.json', packages: ['@zoom-api/videosdk'], doc: api() },
        { id: 'videosdk-ma', file: 'videosdk-ma.json', packages: ['@zoom-api/master-account'], doc: api() },
        { id: 'videosdk-events', file: 'videosdk-events.json', packages: ['@zoom-api/webhooks'], doc: events() },
      ],
      { names: { videosdk: apiNames(), 'videosdk-ma': apiNames() }, root },
    );
    await git(root, 'init', '-q', '-b', 'main');
    await git(root, 'add', '-A');
    await git(root, 'commit', '-q', '-m', 'before the update');

    const sdk = api(); // breaking: a response field changes type
    sdk.paths['/videosdk/sessions/{sessionId}'].get.responses[200].content[
      'application/json'
    ].schema.properties.duration.type = 'integer';
    const ma = api(); // documentation only
    ma.paths['/videosdk/sessions'].get.description = 'Lists every session.';
    const hooks = events(); // additive: a new event
    hooks.webhooks['session.recording_started'] = hooks.webhooks['session.ended'];
    await updateSpecs({
      root,
      from: sourceFolder({ 'videosdk.json': sdk, 'videosdk-ma.json': ma, 'videosdk-events.json': hooks }),
      generate: false,
      log: () => {},
    });
    await git(root, 'checkout', '-q', '-b', 'zoom-update');
    await git(root, 'add', '-A');
    await git(root, 'commit', '-q', '-m', 'specs:update');
  });
  afterAll(removeTempDirs);

  it('`changeset status` accepts them and plans the right bumps', async () => {
    // Exits non-zero (and execFile rejects) when it refuses a changeset.
    const { stdout, stderr } = await changeset(root, 'status', '--verbose');
    expect(`${stdout}${stderr}`).toMatch(/major[\s\S]*@zoom-api\/videosdk/);
    await changeset(root, 'status', '--output', 'status.json');
    const { releases, changesets } = readJson(path.join(root, 'status.json'));
    expect(changesets).toHaveLength(3);
    const planned = Object.fromEntries(
      releases.map((r: { name: string; type: string; newVersion: string }) => [r.name, [r.type, r.newVersion]]),
    );
    expect(planned).toEqual({
      '@zoom-api/videosdk': ['major', '1.0.0'],
      '@zoom-api/webhooks': ['minor', '0.2.0'],
      '@zoom-api/master-account': ['patch', '0.1.1'],
    });
  });

  it('`changeset version` bumps the packages and writes our lines into their changelogs', async () => {
    await changeset(root, 'version');
    const version = (dir: string) => readJson(path.join(root, 'packages', dir, 'package.json')).version;
    expect([version('videosdk'), version('webhooks'), version('master-account')]).toEqual(['1.0.0', '0.2.0', '0.1.1']);
    const changelog = readFileSync(path.join(root, 'packages', 'videosdk', 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('## 1.0.0');
    expect(changelog).toContain('### Major Changes');
    expect(changelog).toContain(
      'Breaking: `getSessionDetails`: response field `duration` changed from string to integer',
    );
    expect(readFileSync(path.join(root, 'packages', 'webhooks', 'CHANGELOG.md'), 'utf8')).toContain(
      '`session.recording_started`: new event',
    );
    expect(readFileSync(path.join(root, 'packages', 'master-account', 'CHANGELOG.md'), 'utf8')).toContain(
      '`listSessions`: description changed',
    );
  });
});
