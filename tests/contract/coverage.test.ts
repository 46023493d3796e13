// The contract suites are one file per entry point (so they run side by side); the registry in
// specs/manifest.json says which entry points exist, and each must have its suite.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { isClientPackage, readManifest } from '../../scripts/specs/lib.ts';

it('every client entry point in the registry has a contract suite against its own document', () => {
  const suites = readdirSync(import.meta.dirname)
    .filter((f) => f.endsWith('.contract.test.ts'))
    .map((f) => readFileSync(path.join(import.meta.dirname, f), 'utf8'))
    .map((text) => [/entryName: '([^']+)'/.exec(text)?.[1], /document: '([^']+)'/.exec(text)?.[1]]);
  const wanted = readManifest()
    .packages.filter(isClientPackage)
    .flatMap((pkg) =>
      pkg.entries.map((e) => [e.export === '.' ? pkg.name : `${pkg.name}/${e.export.slice(2)}`, e.spec]),
    );
  expect(wanted.length).toBeGreaterThan(4);
  // A document may have more than one suite (Video SDK's also runs over the default Node transport).
  const covered = [...new Set(suites.map((pair) => JSON.stringify(pair)))].map((key) => JSON.parse(key));
  expect(covered.sort()).toEqual(wanted.sort());
});
