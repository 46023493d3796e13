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
