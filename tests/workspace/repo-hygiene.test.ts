// Zoom's documents are Zoom's text and generated code is rebuilt from them: neither may be tracked.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);

it('tracks no generated code', () => {
  expect(tracked.filter((f) => /(^|\/)src\/generated\/|\.gen\.ts$|(^|\/)dist\//.test(f))).toEqual([]);
});

it('tracks no OpenAPI document (only the manifest and the names file live in specs/)', () => {
  expect(tracked.filter((f) => f.startsWith('specs/')).sort()).toEqual(['specs/manifest.json', 'specs/names.json']);
  // The manifest describes the documents (their `openapi` versions among other things); it is not one.
  const documents = tracked.filter((f) => {
    if (f === 'specs/manifest.json') return false;
    if (!/\.(json|ya?ml)$/.test(f) || statSync(path.join(root, f)).size < 4096) return false;
    return /"openapi"\s*:|^openapi:/m.test(readFileSync(path.join(root, f), 'utf8'));
  });
  expect(documents).toEqual([]);
});
