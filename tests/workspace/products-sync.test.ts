// `pnpm products:sync --check` guards every file that restates the registry in specs/manifest.json:
// it passes on the repository as committed and names the file when one is edited by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runProcess, scratchWorkspaceForTests, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { linkDependencies } from './scratch-links.ts';

const syncCheck = (cwd: string) =>
  runProcess(process.execPath, ['--import', 'tsx', 'scripts/products/sync.ts', '--check'], { cwd });

it('every derived file in the repository matches the registry', async () => {
  const { code, output } = await syncCheck(WORKSPACE_ROOT);
  expect(output).toContain('every derived file matches');
  expect(code, output).toBe(0);
}, 60_000);

describe('in a scratch copy', () => {
  const scratch = scratchWorkspaceForTests(linkDependencies);

  it('a hand-edited turbo.json and CLI dependency list fail the check, each named', async () => {
    const edit = <T>(file: string, change: (value: T) => void) => {
      const value = JSON.parse(readFileSync(path.join(scratch.dir, file), 'utf8'));
      change(value);
      writeFileSync(path.join(scratch.dir, file), `${JSON.stringify(value, null, 2)}\n`);
    };
    edit<{ tasks: { generate: { inputs: string[] } } }>('packages/cobrowse/turbo.json', (config) => {
      config.tasks.generate.inputs = config.tasks.generate.inputs.filter((i) => !i.endsWith('cobrowse.json'));
    });
    edit<{ dependencies: Record<string, string> }>('packages/cli/package.json', (cli) => {
      delete cli.dependencies['@zoom-api/accounts'];
    });

    const { code, stderr } = await syncCheck(scratch.dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/out of date/);
    expect(
      stderr
        .match(/^ {2}\S+$/gm)
        ?.map((l) => l.trim())
        .sort(),
    ).toEqual(['packages/cli/package.json', 'packages/cobrowse/turbo.json']);
  }, 60_000);

  it('an invalid registry fails naming the package and field', async () => {
    const file = path.join(scratch.dir, 'specs/manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.packages[0].entries[0].spec = 'videosdk-typo';
    writeFileSync(file, JSON.stringify(manifest));
    const { code, stderr } = await syncCheck(scratch.dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'packages[0] (@zoom-api/videosdk) entries[0]: spec "videosdk-typo" is not the id of a document',
    );
  }, 60_000);
});
