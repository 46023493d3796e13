// The packaging checks `pnpm release:publish` runs before publishing (scripts/release/checks.ts), on every
// public package: the tarball `pnpm pack` makes holds dist/, README, LICENSE and CHANGELOG only; LICENSE is the
// repository's; publint --strict; and `attw` (Are the Types Wrong?) with its default "strict" profile, which
// checks node10 resolution too (TypeScript's `moduleResolution: node`, still what `module: commonjs` implies
// in older tsconfigs of the repos that consume us), besides node16 from CJS, node16 from ESM and bundler.
// Subpath exports reach node10 users through `typesVersions`.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attwProblems,
  contentProblems,
  inlinedPackages,
  licenseProblems,
  noticeProblems,
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

// The linters run in-process on the tarball; a package they should refuse shows that they still can.
describe('publint and attw on a badly packaged library', () => {
  let dir: string;
  let packed: Packed;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-bad-package-'));
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist/index.js'), 'export const answer = 42;\n');
    writeFileSync(path.join(dir, 'dist/index.d.ts'), 'export declare const answer: number;\n');
    // `main` names a file that is not there, and `exports` offers nothing to `require`.
    const manifest = {
      name: 'bad-package',
      version: '1.0.0',
      type: 'module',
      main: './dist/missing.js',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      files: ['dist'],
    };
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
    packed = await pack(dir);
  });
  afterAll(() => {
    packed?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publint reports the missing main file', async () => {
    const problems = await publintProblems(packed.tarball);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^publint:\n {2}error: .*pkg\.main.*\.\/dist\/missing\.js/s);
  }, 120_000);

  it('attw reports the resolutions that find nothing', async () => {
    const problems = await attwProblems(packed.tarball);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^attw:\n/);
    expect(problems[0]).toContain('node16-cjs');
  }, 120_000);
});

// Inlined third-party code must ship with its licence. What a bundle inlines is read from the bundle itself
// (rolldown's `//#region <module path>` markers), so a new inlined dependency is found without a list.
describe('licences of inlined code', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-inlined-'));
    // A bundle that inlines a package from node_modules, with and without its notice.
    const dependency = path.join(dir, 'node_modules/some-dependency');
    mkdirSync(dependency, { recursive: true });
    writeFileSync(
      path.join(dependency, 'package.json'),
      JSON.stringify({ name: 'some-dependency', version: '2.1.0', license: 'MIT' }),
    );
    writeFileSync(path.join(dependency, 'LICENSE'), 'MIT License\n\nCopyright (c) Someone\n');
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(
      path.join(dir, 'dist/index.mjs'),
      '//#region node_modules/some-dependency/index.js\nconst x = 1;\n//#endregion\n//#region src/index.ts\nexport { x };\n//#endregion\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the third-party packages a bundle inlines, not its own modules', () => {
    expect(inlinedPackages(dir, ['dist/index.mjs'])).toEqual(
      new Map([
        [
          'dist/index.mjs',
          [
            {
              name: 'some-dependency',
              version: '2.1.0',
              license: 'MIT',
              texts: { LICENSE: 'MIT License\n\nCopyright (c) Someone\n' },
            },
          ],
        ],
      ]),
    );
  });

  it('refuses a tarball without the notice, or with a notice that lacks the licence', () => {
    expect(noticeProblems(dir, ['dist/index.mjs'])).toEqual([
      'dist/index.mjs inlines some-dependency@2.1.0 but the tarball has no dist/index.mjs.LICENSE.txt with their licences',
    ]);
    writeFileSync(path.join(dir, 'dist/index.mjs.LICENSE.txt'), '## some-dependency@2.1.0 (MIT)\n');
    expect(noticeProblems(dir, ['dist/index.mjs', 'dist/index.mjs.LICENSE.txt'])).toEqual([
      "dist/index.mjs.LICENSE.txt lacks some-dependency's LICENSE",
    ]);
  });

  it("@zoom-api/testing's bundles inline Ajv and what it needs, and the build writes their notices", async () => {
    const testing = publicPackages().find((p) => p.name === '@zoom-api/testing');
    const packed = await pack(testing?.dir as string);
    try {
      const inlined = inlinedPackages(testing?.dir as string, packed.files);
      const names = new Set([...inlined.values()].flat().map((p) => `${p.name} ${p.license}`));
      expect([...names].sort()).toEqual(
        expect.arrayContaining(['ajv MIT', 'ajv-formats MIT', 'fast-uri BSD-3-Clause', 'json-schema-traverse MIT']),
      );
      for (const chunk of inlined.keys()) expect(packed.files).toContain(`${chunk}.LICENSE.txt`);
      expect(noticeProblems(testing?.dir as string, packed.files)).toEqual([]);
    } finally {
      packed.remove();
    }
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

  it('carries the licence of every third-party package its bundles inline', () => {
    expect(noticeProblems(dir, packed.files)).toEqual([]);
  });

  it('depends on no private workspace package, and its dist/ imports none', () => {
    expect(privatePackageNames()).toContain('@zoom-api/internal');
    expect(privateDependencyProblems(dir)).toEqual([]);
  });

  it('publint --strict finds nothing', async () => {
    expect(await publintProblems(packed.tarball)).toEqual([]);
  }, 120_000);

  it('attw finds no problems in the tarball', async () => {
    expect(await attwProblems(packed.tarball)).toEqual([]);
  }, 120_000);
});
