import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NamesFile } from '../../codegen/names.ts';
import { checkSpecs } from '../check.ts';
import { ROOT, type SpecEntry } from '../lib.ts';

describe('specs:check', () => {
  it('finds the materialised documents, the manifest and the names file consistent', () => {
    expect(checkSpecs()).toEqual([]);
  });

  describe('on a copy', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(path.join(tmpdir(), 'zoom-check-'));
      mkdirSync(path.join(root, 'specs'));
      const manifest = JSON.parse(readFileSync(path.join(ROOT, 'specs/manifest.json'), 'utf8'));
      manifest.specs = manifest.specs.filter((s: SpecEntry) => s.id === 'cobrowse');
      writeFileSync(path.join(root, 'specs/manifest.json'), JSON.stringify(manifest));
      cpSync(path.join(ROOT, 'specs/cobrowse.json'), path.join(root, 'specs/cobrowse.json'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const writeNames = (names: NamesFile) => writeFileSync(path.join(root, 'specs/names.json'), JSON.stringify(names));
    const committed = () => JSON.parse(readFileSync(path.join(ROOT, 'specs/names.json'), 'utf8'));

    it('reports an operation without a committed name, with the proposed name', () => {
      const { cobrowse } = committed();
      delete cobrowse['GET /cobrowsesdk/live_sessions'];
      writeNames({ cobrowse });
      expect(checkSpecs({ root })).toEqual([
        'specs/names.json has no name for cobrowse "GET /cobrowsesdk/live_sessions" (proposed: listLiveSessions).',
      ]);
    });

    it('reports two operations sharing a name', () => {
      const { cobrowse } = committed();
      cobrowse['GET /cobrowsesdk/past_sessions'] = 'listLiveSessions';
      writeNames({ cobrowse });
      expect(checkSpecs({ root }).join('\n')).toMatch(/both map to listLiveSessions\(\)/);
    });

    it('reports a document that no longer matches the manifest', () => {
      writeNames(committed());
      const doc = JSON.parse(readFileSync(path.join(root, 'specs/cobrowse.json'), 'utf8'));
      doc.info.version = '3';
      writeFileSync(path.join(root, 'specs/cobrowse.json'), JSON.stringify(doc));
      const problems = checkSpecs({ root });
      expect(problems).toContain('specs/cobrowse.json: version is 3, the manifest says 2.');
      expect(problems.some((p) => p.startsWith('specs/cobrowse.json: sha256 is'))).toBe(true);
    });
  });
});
