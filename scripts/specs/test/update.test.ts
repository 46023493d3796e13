import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSpecs } from '../check.ts';
import { canonicalHash, describeSpec, type OpenApiDocument, type SpecEntry } from '../lib.ts';
import { updateSpecs } from '../update.ts';
import {
  api,
  apiNames,
  changesetFiles,
  changesetsByRelease,
  events,
  makeWorkspace,
  mirrorDir,
  REPO,
  readJson,
  releaseLine,
  removeTempDirs,
  smallWorkspace,
  snapshot,
  sourceFolder,
  tempDir,
} from './fixtures.ts';

const run = promisify(execFile);
const UPDATE = path.join(REPO, 'scripts', 'specs', 'update.ts');
const quiet = { log: () => {}, progress: () => {} };

/**
 * A copy of the workspace as it was on 2026-03-09: every mirror document, except that
 * specs/videosdk.json is the older Video SDK document and the manifest points at it.
 */
function workspaceBeforeVideoSdkUpdate(MIRROR: string): string {
  const HISTORY = path.join(MIRROR, 'history', 'videosdk.2026-03-09.json');
  const root = tempDir();
  mkdirSync(path.join(root, 'specs'));
  mkdirSync(path.join(root, '.changeset'));
  copyFileSync(path.join(REPO, '.changeset', 'config.json'), path.join(root, '.changeset', 'config.json'));
  copyFileSync(path.join(REPO, 'specs', 'names.json'), path.join(root, 'specs', 'names.json'));
  const manifest = readJson(path.join(REPO, 'specs', 'manifest.json'));
  for (const entry of manifest.specs) copyFileSync(path.join(MIRROR, entry.file), path.join(root, 'specs', entry.file));
  copyFileSync(HISTORY, path.join(root, 'specs', 'videosdk.json'));
  Object.assign(
    manifest.specs.find((s: SpecEntry) => s.id === 'videosdk'),
    describeSpec(readJson(HISTORY)),
  );
  writeFileSync(path.join(root, 'specs', 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return root;
}

describe("Zoom's 2026-03-10 Video SDK update", () => {
  let MIRROR: string;
  let root: string;
  let before: Record<string, string>;
  beforeAll(() => {
    MIRROR = mirrorDir();
    root = workspaceBeforeVideoSdkUpdate(MIRROR);
    before = snapshot(root);
  });

  it('--dry-run (through the CLI) prints the report and changes nothing', async () => {
    // The command line as `pnpm specs:update` runs it; --import tsx resolves from the repository.
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', UPDATE, '--root', root, '--from', MIRROR, '--dry-run'],
      { cwd: REPO },
    );
    expect(stdout).toContain('videosdk.json: Video SDK 2 → Video SDK 2, 38 → 38 operations');
    expect(stdout).toContain('"@zoom-api/videosdk": patch');
    expect(stdout).toContain('accounts.json: up to date');
    expect(stdout).toContain('Dry run: nothing was written.');
    expect(snapshot(root)).toEqual(before);
  });

  it('yields a patch changeset each for @zoom-api/videosdk and the fake that answers from it, listing the three description changes, and one for the CLI, whose --mock is the fake', async () => {
    const result = await updateSpecs({ root, from: MIRROR, generate: false, ...quiet });
    expect(result.candidates.map((c) => c.entry.id)).toEqual(['videosdk']);
    const newDoc = readJson(path.join(MIRROR, 'videosdk.json'));

    const changesets = changesetsByRelease(root);
    expect(Object.keys(changesets).sort()).toEqual([
      '"@zoom-api/cli": patch',
      '"@zoom-api/testing": patch',
      '"@zoom-api/videosdk": patch',
    ]);
    const bullets = [
      '- `listSessionRecordings`: path parameter `sessionId` description changed',
      '- `deleteSessionRecordingFile`: path parameter `sessionId` description changed',
      '- `createSession`: response field `session_id` description changed',
    ];
    for (const text of Object.values(changesets))
      expect(text.split('\n').filter((l) => l.startsWith('- '))).toEqual(bullets);
    // The CLI's says why it moves: its --mock, the fake, answers from the new document, named by its hash.
    expect(changesets['"@zoom-api/cli": patch']).toContain(
      `\`zoom-api --mock\` answers from Video SDK (\`videosdk.json\`) version 2, canonical sha256 \`${canonicalHash(newDoc).slice(0, 12)}…\``,
    );

    const entry = readJson(path.join(root, 'specs', 'manifest.json')).specs.find((s: SpecEntry) => s.id === 'videosdk');
    expect(entry.sha256).toBe(canonicalHash(newDoc));
    expect(entry).toMatchObject({ version: '2', operations: 38, webhooks: 0 });
    expect(readFileSync(path.join(root, 'specs', 'videosdk.json'), 'utf8')).toBe(
      readFileSync(path.join(MIRROR, 'videosdk.json'), 'utf8'),
    );
    expect(readFileSync(path.join(root, 'specs', 'names.json'), 'utf8')).toBe(
      readFileSync(path.join(REPO, 'specs', 'names.json'), 'utf8'),
    );
    // The accepted workspace is consistent by the lead's own check.
    expect(checkSpecs({ root })).toEqual([]);
  });

  it('a second run finds nothing to update', async () => {
    const report: string[] = [];
    await updateSpecs({ root, from: MIRROR, generate: false, log: (l) => report.push(l), progress: () => {} });
    expect(report.join('\n')).toContain('Nothing to update.');
    expect(changesetFiles(root)).toHaveLength(3);
  });
});

describe('hand-made updates', () => {
  it('writes one changeset per package with the highest bump, and updates names and manifest', async () => {
    const root = smallWorkspace();
    const newApi = api();
    delete newApi.paths['/videosdk/sessions/{sessionId}'].delete;
    newApi.paths['/videosdk/sessions/{sessionId}'].patch = {
      summary: 'Update a session',
      responses: { 204: { description: 'OK' } },
    };
    newApi.paths['/videosdk/sessions'].get.description = 'New words.';
    const newEvents = events();
    newEvents.webhooks['session.recording_started'] = newEvents.webhooks['session.ended'];
    const from = sourceFolder({ 'videosdk.json': newApi, 'videosdk-events.json': newEvents });

    await updateSpecs({ root, from, generate: false, ...quiet });

    const changesets = changesetsByRelease(root);
    expect(Object.keys(changesets).sort()).toEqual(['"@zoom-api/videosdk": major', '"@zoom-api/webhooks": minor']);
    const sdk = changesets['"@zoom-api/videosdk": major'];
    // Breaking first, then additions, then documentation.
    expect(sdk?.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- Breaking: `deleteSession`: removed (Zoom no longer documents DELETE /videosdk/sessions/{sessionId})',
      '- `updateSession`: new function for PATCH /videosdk/sessions/{sessionId}',
      '- `listSessions`: description changed',
    ]);
    expect(changesets['"@zoom-api/webhooks": minor']).toContain('- `session.recording_started`: new event');

    const names = readJson(path.join(root, 'specs', 'names.json'));
    expect(names.videosdk).toEqual({
      'GET /videosdk/sessions': 'listSessions',
      'POST /videosdk/sessions': 'createSession',
      'GET /videosdk/sessions/{sessionId}': 'getSessionDetails',
      'PATCH /videosdk/sessions/{sessionId}': 'updateSession',
    });
    const manifest = readJson(path.join(root, 'specs', 'manifest.json'));
    expect(manifest.specs.map((s: SpecEntry) => [s.id, s.sha256, s.webhooks])).toEqual([
      ['videosdk', canonicalHash(newApi), 0],
      ['videosdk-events', canonicalHash(newEvents), 3],
    ]);
    expect(checkSpecs({ root })).toEqual([]);
  });

  it('keeps manifest keys it does not know, at the top level and in entries', async () => {
    const root = smallWorkspace();
    const manifestPath = path.join(root, 'specs', 'manifest.json');
    const manifest = readJson(manifestPath);
    // Stand-ins for what other tools may add (e.g. a package registry), in positions a rewrite could lose.
    const written = {
      $comment: 'kept',
      registry: { '@zoom-api/videosdk': { dir: 'packages/videosdk' } },
      specs: manifest.specs.map((s: SpecEntry, i: number) => ({ ...s, 'x-reviewed-by': `someone ${i}` })),
    };
    writeFileSync(manifestPath, `${JSON.stringify(written, null, 2)}\n`);
    const newApi = api();
    newApi.paths['/videosdk/sessions'].get.description = 'New words.';

    await updateSpecs({ root, from: sourceFolder({ 'videosdk.json': newApi }), generate: false, ...quiet });

    const after = readJson(manifestPath);
    expect(Object.keys(after)).toEqual(['$comment', 'registry', 'specs']);
    expect(after.registry).toEqual(written.registry);
    expect(after.specs.map((s: SpecEntry & Record<string, unknown>) => [s.id, s['x-reviewed-by']])).toEqual([
      ['videosdk', 'someone 0'],
      ['videosdk-events', 'someone 1'],
    ]);
    expect(after.specs[0].sha256).toBe(canonicalHash(newApi));
    expect(after.specs[1]).toEqual(written.specs[1]);
  });

  it('one package built from two documents gets one changeset covering both', async () => {
    const root = makeWorkspace(
      [
        { id: 'videosdk-ma', file: 'videosdk-ma.json', packages: ['@zoom-api/master-account'], doc: api() },
        {
          id: 'accounts-ma',
          file: 'accounts-ma.json',
          packages: ['@zoom-api/master-account'],
          doc: { ...api(), info: { title: 'Accounts', version: '2' } },
        },
      ],
      { names: { 'videosdk-ma': apiNames(), 'accounts-ma': apiNames() } },
    );
    const a = api();
    a.paths['/videosdk/sessions'].get.summary = 'List all sessions';
    const b: OpenApiDocument = { ...api(), info: { title: 'Accounts', version: '2' } };
    b.paths['/videosdk/sessions'].get.parameters[0].schema.enum.push('scheduled');
    await updateSpecs({
      root,
      from: sourceFolder({ 'videosdk-ma.json': a, 'accounts-ma.json': b }),
      generate: false,
      ...quiet,
    });
    const [changeset] = changesetFiles(root);
    expect(changesetFiles(root)).toHaveLength(1);
    expect(changeset?.text).toContain('"@zoom-api/master-account": minor');
    expect(changeset?.text).toContain('Video SDK (`videosdk-ma.json`):\n\n- `listSessions`: summary changed');
    expect(changeset?.text).toContain(
      'Accounts (`accounts-ma.json`):\n\n- `listSessions`: query parameter `type` gained the value `scheduled`',
    );
  });

  it('reads the new documents from the manifest URLs with --url', async () => {
    const newApi = api();
    newApi.paths['/videosdk/sessions'].get.parameters[0].schema.enum.push('scheduled');
    const body = JSON.stringify(newApi);
    const server = createServer((req, res) => {
      if (req.url === '/videosdk.json') res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const root = smallWorkspace();
      const manifestPath = path.join(root, 'specs', 'manifest.json');
      const manifest = readJson(manifestPath);
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      manifest.specs[0].url = `${base}/videosdk.json`;
      manifest.specs[1].url = `${base}/missing.json`;
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

      await updateSpecs({ root, url: true, ids: ['videosdk'], generate: false, ...quiet });
      expect(changesetFiles(root).map((c) => releaseLine(c.text))).toEqual(['"@zoom-api/videosdk": minor']);

      const before = snapshot(root);
      await expect(updateSpecs({ root, url: true, generate: false, ...quiet })).rejects.toThrow(
        /videosdk-events\.json: GET http:\/\/127\.0\.0\.1:\d+\/missing\.json answered 404/,
      );
      expect(snapshot(root)).toEqual(before);
    } finally {
      server.close();
    }
  });

  it('refuses to compare against a local document that is not the accepted one', async () => {
    const root = smallWorkspace();
    writeFileSync(path.join(root, 'specs', 'videosdk.json'), '{"openapi":"3.0.0"}');
    const from = sourceFolder({ 'videosdk.json': { ...api(), info: { title: 'Video SDK', version: '3' } } });
    await expect(updateSpecs({ root, from, generate: false, ...quiet })).rejects.toThrow(
      /specs\/videosdk\.json does not match specs\/manifest\.json: run `pnpm specs:pull`/,
    );
  });

  it('rejects unknown ids and names missing from the source folder', async () => {
    const root = smallWorkspace();
    await expect(updateSpecs({ root, from: sourceFolder({}), ids: ['videosdk-events'], ...quiet })).rejects.toThrow(
      /videosdk-events\.json: not found in/,
    );
    await expect(updateSpecs({ root, from: sourceFolder({}), ids: ['nope'], ...quiet })).rejects.toThrow(
      /Unknown spec id\(s\): nope/,
    );
  });
});

describe('invalid documents', () => {
  it('stop everything, naming the file and the first problems', async () => {
    const root = smallWorkspace();
    const before = snapshot(root);
    const broken = api();
    delete broken.paths['/videosdk/sessions'].get.parameters[0].schema;
    broken.paths['/videosdk/sessions/{sessionId}'].get.responses[200].content[
      'application/json'
    ].schema.properties.duration.type = 'strnig';
    // A valid update of the other document must not be accepted either.
    const newEvents = events();
    newEvents.webhooks['session.recording_started'] = newEvents.webhooks['session.ended'];
    const from = sourceFolder({ 'videosdk.json': broken, 'videosdk-events.json': newEvents });

    const error = await updateSpecs({ root, from, generate: false, ...quiet }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('specs:update refused 1 invalid document(s); no file was changed.');
    expect(error.message).toContain(`${path.join(from, 'videosdk.json')} is not a valid OpenAPI document`);
    expect(error.message).toMatch(/#\/paths\/~1videosdk~1sessions\/get\/parameters\/0: .*schema/);
    expect(error.message).toMatch(/properties\/duration\/type: .*(string|allowed)/);
    expect(snapshot(root)).toEqual(before);
  });

  it('stop on text that is not JSON, and on a document that is not OpenAPI 3.0/3.1', async () => {
    const root = smallWorkspace();
    const before = snapshot(root);
    let from = sourceFolder({ 'videosdk.json': '{ "openapi": "3.0.0", ' });
    await expect(updateSpecs({ root, from, generate: false, ...quiet })).rejects.toThrow(
      new RegExp(`${path.join(from, 'videosdk.json').replaceAll('.', '\\.')} is not valid JSON`),
    );
    from = sourceFolder({ 'videosdk.json': { swagger: '2.0', info: { title: 'Video SDK', version: '2' }, paths: {} } });
    await expect(updateSpecs({ root, from, generate: false, ...quiet })).rejects.toThrow(
      /Expected an OpenAPI 3\.0 or 3\.1 document, found swagger 2\.0/,
    );
    expect(snapshot(root)).toEqual(before);
  });

  it('refuse external $refs instead of following them', async () => {
    const root = smallWorkspace();
    const doc = api();
    doc.paths['/videosdk/sessions'].get.responses[200].content['application/json'].schema = {
      $ref: 'http://127.0.0.1:9/x.json',
    };
    await expect(updateSpecs({ root, from: sourceFolder({ 'videosdk.json': doc }), ...quiet })).rejects.toThrow(
      /External \$ref "http:\/\/127\.0\.0\.1:9\/x\.json" is not allowed/,
    );
  });

  it("tolerate Zoom's habit of webhook responses without a description", async () => {
    const root = smallWorkspace();
    const newEvents = events();
    newEvents.webhooks['session.recording_started'] = newEvents.webhooks['session.ended'];
    await updateSpecs({ root, from: sourceFolder({ 'videosdk-events.json': newEvents }), generate: false, ...quiet });
    expect(changesetFiles(root)).toHaveLength(1);
  });
});

describe('atomicity', () => {
  it('a failure after every file was written puts specs, manifest, names, changesets and generated code back', async () => {
    const root = smallWorkspace();
    const generated = path.join(root, 'packages', 'videosdk', 'src', 'generated');
    mkdirSync(generated, { recursive: true });
    writeFileSync(path.join(generated, 'sdk.gen.ts'), 'export const version = "old";\n');
    const before = snapshot(root);

    const newApi = api();
    newApi.paths['/videosdk/sessions/{sessionId}'].patch = {
      summary: 'Update a session',
      responses: { 204: { description: 'OK' } },
    };
    const newEvents = events();
    delete newEvents.webhooks['session.ended'];
    const from = sourceFolder({ 'videosdk.json': newApi, 'videosdk-events.json': newEvents });

    // The regeneration step is a real child process: it records what it found on disk, half-writes
    // generated code for two packages, then fails.
    const witness = path.join(tempDir('specs-witness-'), 'seen.json');
    const failingGenerate = path.join(path.dirname(witness), 'generate.cjs');
    writeFileSync(
      failingGenerate,
      `
      const fs = require('node:fs'), path = require('node:path');
      const root = process.cwd();
      fs.writeFileSync(${JSON.stringify(witness)}, JSON.stringify({
        argv: process.argv.slice(2),
        changesets: fs.readdirSync(path.join(root, '.changeset')).filter((f) => f.endsWith('.md')),
        names: JSON.parse(fs.readFileSync(path.join(root, 'specs', 'names.json'), 'utf8')),
        manifest: JSON.parse(fs.readFileSync(path.join(root, 'specs', 'manifest.json'), 'utf8')),
      }));
      fs.writeFileSync(path.join(root, 'packages/videosdk/src/generated/sdk.gen.ts'), 'export const version = "new";');
      fs.mkdirSync(path.join(root, 'packages/webhooks/src/generated'), { recursive: true });
      fs.writeFileSync(path.join(root, 'packages/webhooks/src/generated/events.gen.ts'), '');
      console.error('generate: something broke');
      process.exit(7);
    `,
    );
    const error = await updateSpecs({
      root,
      from,
      generateCommand: (packages) => [process.execPath, [failingGenerate, ...packages]],
      ...quiet,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      /Regeneration failed: `.*generate\.cjs @zoom-api\/videosdk @zoom-api\/webhooks` exited with code 7\./,
    );
    expect(error.message).toContain('generate: something broke');
    expect(error.message).toContain('specs:update rolled back');

    // The failure really happened midway: the new state was on disk when the step ran.
    const seen = readJson(witness);
    expect(seen.argv).toEqual(['@zoom-api/videosdk', '@zoom-api/webhooks']);
    expect(seen.changesets).toHaveLength(2);
    expect(seen.names.videosdk['PATCH /videosdk/sessions/{sessionId}']).toBe('updateSession');
    expect(seen.manifest.specs[0].sha256).toBe(canonicalHash(newApi));

    const after = snapshot(root);
    expect(after).toEqual(before);
    expect(existsSync(path.join(root, 'packages', 'webhooks', 'src', 'generated'))).toBe(false);
    expect(existsSync(path.join(root, '.tmp'))).toBe(false);
  });

  it('--dry-run writes nothing even when the update is breaking', async () => {
    const root = smallWorkspace();
    const before = snapshot(root);
    const newApi = api();
    delete newApi.paths['/videosdk/sessions'];
    const report: string[] = [];
    const result = await updateSpecs({
      root,
      from: sourceFolder({ 'videosdk.json': newApi }),
      dryRun: true,
      log: (l) => report.push(l),
    });
    expect(result.changesets.map((c) => [c.pkg, c.bump])).toEqual([['@zoom-api/videosdk', 'major']]);
    expect(report.join('\n')).toContain('- Breaking: `listSessions`: removed');
    expect(snapshot(root)).toEqual(before);
  });
});

afterAll(removeTempDirs);
