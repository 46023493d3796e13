import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, type SpecEntry } from '../lib.ts';
import { pullSpecs } from '../pull.ts';
import { mirrorDir } from './fixtures.ts';

const quiet = () => {};

describe('specs:pull', () => {
  let root: string;
  let source: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'zoom-pull-'));
    source = path.join(root, 'source');
    mkdirSync(path.join(root, 'specs'));
    mkdirSync(source);
    // A small manifest: one document is enough to exercise every path through pull.
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'specs/manifest.json'), 'utf8'));
    manifest.specs = manifest.specs.filter((s: SpecEntry) => s.id === 'cobrowse');
    writeFileSync(path.join(root, 'specs/manifest.json'), JSON.stringify(manifest));
    cpSync(path.join(mirrorDir(), 'cobrowse.json'), path.join(source, 'cobrowse.json'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const pull = () => pullSpecs({ root, env: { ZOOM_SPECS_DIR: source }, log: quiet });
  const target = () => path.join(root, 'specs/cobrowse.json');

  it('copies a document whose canonical hash matches, even when re-indented', async () => {
    const doc = JSON.parse(readFileSync(path.join(source, 'cobrowse.json'), 'utf8'));
    writeFileSync(path.join(source, 'cobrowse.json'), JSON.stringify(doc, null, 7));
    await expect(pull()).resolves.toEqual({ written: ['cobrowse'] });
    expect(JSON.parse(readFileSync(target(), 'utf8'))).toEqual(doc);
    // A second run leaves the verified local copy alone.
    await expect(pull()).resolves.toEqual({ written: [] });
  });

  it('refuses a tampered document, names file and hashes, and leaves the previous file byte-identical', async () => {
    // The local copy is an older (here: different) document, so pull has to go to the source.
    writeFileSync(target(), '{"openapi":"3.0.0","info":{"title":"older"}}\n');
    const doc = JSON.parse(readFileSync(path.join(source, 'cobrowse.json'), 'utf8'));
    doc.info.title = 'Cobrowse SDK (tampered)';
    writeFileSync(path.join(source, 'cobrowse.json'), JSON.stringify(doc));
    const stale = readFileSync(target());
    const err = await pull().catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/specs\/cobrowse\.json/);
    expect(err.message).toMatch(/expected sha256 [0-9a-f]{64}/);
    expect(err.message).toMatch(/actual {3}sha256 [0-9a-f]{64}/);
    expect(err.message).toMatch(/pnpm specs:update/);
    expect(readFileSync(target()).equals(stale)).toBe(true);
  });

  it('refuses a non-JSON document and leaves the previous file byte-identical', async () => {
    writeFileSync(target(), '{"previous": true}\n');
    const before = readFileSync(target());
    writeFileSync(path.join(source, 'cobrowse.json'), '<html>502 Bad Gateway</html>');
    const err = await pull().catch((e) => e);
    expect(err.message).toMatch(/cobrowse\.json is not valid JSON/);
    expect(readFileSync(target()).equals(before)).toBe(true);
  });

  it('takes a relative ZOOM_SPECS_DIR from the workspace root, not from the current directory', async () => {
    // The temporary workspace has no ../shared/zoom-specs beside it: the variable alone finds the source.
    expect(process.cwd()).not.toBe(root);
    await expect(pullSpecs({ root, env: { ZOOM_SPECS_DIR: 'source' }, log: quiet })).resolves.toEqual({
      written: ['cobrowse'],
    });
    expect(readFileSync(target())).toEqual(readFileSync(path.join(source, 'cobrowse.json')));
  });

  it('leaves no temp files behind', async () => {
    await pull();
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(path.join(root, 'specs')).sort()).toEqual(['cobrowse.json', 'manifest.json']);
  });
});
