// publint and `attw --pack` (Are the Types Wrong?) on every published package, from node_modules.
// attw runs with its default "strict" profile: it checks node10 resolution too (TypeScript's
// `moduleResolution: node`, still what `module: commonjs` implies in older tsconfigs of the repos that
// consume us), besides node16 from CJS, node16 from ESM and bundler. Subpath exports reach node10
// users through `typesVersions`.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

const packages = readdirSync(path.join(root, 'packages'))
  .map((dir) => path.join(root, 'packages', dir))
  .filter((dir) => existsSync(path.join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true);

// Private workspace packages (such as @zoom-api/internal, source-only) are inlined by tsdown into each
// consumer's bundle; a published package that named one, or imported one from dist/, would not install.
const privateNames = readdirSync(path.join(root, 'packages'))
  .map((dir) => path.join(root, 'packages', dir, 'package.json'))
  .filter((file) => existsSync(file))
  .map((file) => JSON.parse(readFileSync(file, 'utf8')))
  .filter((manifest) => manifest.private === true)
  .map((manifest) => manifest.name as string);

async function lint(command: string, args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
  }
}

describe.each(packages.map(({ dir, manifest }) => ({ name: manifest.name as string, dir })))('$name', ({ dir }) => {
  it('is built (the linters check the packed dist/)', () => {
    expect(readdirSync(path.join(dir, 'dist')).length).toBeGreaterThan(0);
  });

  it('depends on no private workspace package, and its dist/ imports none', () => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const declared = Object.keys({
      ...manifest.dependencies,
      ...manifest.peerDependencies,
      ...manifest.optionalDependencies,
    });
    expect(privateNames).toContain('@zoom-api/internal');
    expect(declared.filter((name) => privateNames.includes(name))).toEqual([]);
    const shipped = readdirSync(path.join(dir, 'dist')).map((file) =>
      readFileSync(path.join(dir, 'dist', file), 'utf8'),
    );
    for (const name of privateNames)
      expect(
        shipped.some((code) => code.includes(`'${name}'`) || code.includes(`"${name}"`)),
        name,
      ).toBe(false);
  });

  it('publint --strict finds nothing', async () => {
    const { code, output } = await lint(bin('publint'), ['run', '.', '--strict', '--pack', 'pnpm'], dir);
    expect(output).toContain('All good!');
    expect(code).toBe(0);
  }, 120_000);

  it('attw --pack finds no problems', async () => {
    const { code, output } = await lint(bin('attw'), ['--pack', '.', '--format', 'ascii', '--no-emoji'], dir);
    expect(code, output).toBe(0);
    expect(output).toContain('No problems found');
  }, 120_000);
});
