// The packaging checks `pnpm release:publish` runs before publishing (scripts/release/checks.ts), on every
// public package: the tarball `pnpm pack` makes holds dist/, README, LICENSE and CHANGELOG only; LICENSE is the
// repository's; publint --strict; and `attw` (Are the Types Wrong?) with its default "strict" profile, which
// checks node10 resolution too (TypeScript's `moduleResolution: node`, still what `module: commonjs` implies
// in older tsconfigs of the repos that consume us), besides node16 from CJS, node16 from ESM and bundler.
// Subpath exports reach node10 users through `typesVersions`.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attwProblems,
  contentProblems,
  licenseProblems,
  type Packed,
  pack,
  privateDependencyProblems,
  privatePackageNames,
  publicPackages,
  publintProblems,
} from '../../scripts/release/checks.ts';

describe('the tarball contents check', () => {
  const good = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.mjs'];

  it('accepts dist/, package.json, README.md, LICENSE and CHANGELOG.md', () => {
    expect(contentProblems(good)).toEqual([]);
  });

  it('refuses anything else, and a tarball without LICENSE, CHANGELOG or a build', () => {
    expect(contentProblems([...good, 'src/index.ts', 'tsconfig.json'])).toEqual([
      'holds files other than dist/, README.md, LICENSE and CHANGELOG.md: src/index.ts, tsconfig.json',
    ]);
    expect(contentProblems(['package.json', 'README.md'])).toEqual([
      'lacks LICENSE',
      'lacks CHANGELOG.md',
      'lacks dist/ (build it first)',
    ]);
  });
});

describe.each(publicPackages().map(({ name, dir }) => ({ name, dir })))('$name', ({ dir }) => {
  let packed: Packed;
  beforeAll(async () => {
    packed = await pack(dir);
  });
  afterAll(() => packed?.remove());

  it('is built (the linters check the packed dist/)', () => {
    expect(readdirSync(path.join(dir, 'dist')).length).toBeGreaterThan(0);
  });

  it('its tarball holds dist/, README.md, LICENSE and CHANGELOG.md only', () => {
    expect(contentProblems(packed.files)).toEqual([]);
  });

  it("its LICENSE is the repository's", () => {
    expect(licenseProblems(dir)).toEqual([]);
  });

  it('depends on no private workspace package, and its dist/ imports none', () => {
    expect(privatePackageNames()).toContain('@zoom-api/internal');
    expect(privateDependencyProblems(dir)).toEqual([]);
  });

  it('publint --strict finds nothing', async () => {
    expect(await publintProblems(dir)).toEqual([]);
  }, 120_000);

  it('attw finds no problems in the tarball', async () => {
    expect(await attwProblems(packed.tarball)).toEqual([]);
  }, 120_000);
});
