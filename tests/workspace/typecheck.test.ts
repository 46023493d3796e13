// `pnpm test` type-checks every workspace package (sources, tests and scripts) through turbo's
// `typecheck` task, which each package defines; this file runs it and proves that it can fail.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planTurboRun, runProcess, WORKSPACE_ROOT, workspacePackages } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';

describe('every workspace package is type-checked', () => {
  const plan = planTurboRun(['typecheck']);

  it.each(workspacePackages().map(({ dir, pkg }) => [pkg.name, dir]))('%s has a typecheck task', (name) => {
    const task = plan.get(`${name}#typecheck`);
    expect(task, `${name} is not in turbo's plan`).toBeDefined();
    expect(task?.command, `${name} has no "typecheck" script`).not.toBe('<NONEXISTENT>');
  });

  it('turbo run typecheck passes', async () => {
    const run = await runProcess(
      path.join(WORKSPACE_ROOT, 'node_modules/.bin/turbo'),
      ['run', 'typecheck', '--output-logs=errors-only'],
      {
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
      },
    );
    expect(run.code, run.output).toBe(0);
  }, 300_000);
});

it("a package's typecheck command fails on a planted type error", async () => {
  // A copy of @zoom-api/auth outside the workspace (so no concurrent turbo run sees it), set up to
  // resolve what the original resolves, with `const x: string = 42 as number` added to its sources.
  const original = path.join(WORKSPACE_ROOT, 'packages/auth');
  const probe = mkdtempSync(path.join(tmpdir(), 'zoom-api-typecheck-'));
  try {
    for (const entry of ['src', 'test', 'package.json'])
      cpSync(path.join(original, entry), path.join(probe, entry), { recursive: true });
    symlinkSync(path.join(original, 'node_modules'), path.join(probe, 'node_modules'));
    const base = {
      extends: path.join(original, 'tsconfig.json'),
      compilerOptions: { typeRoots: [path.join(WORKSPACE_ROOT, 'node_modules/@types')] },
    };
    writeFileSync(path.join(probe, 'tsconfig.json'), JSON.stringify({ ...base, include: ['src'] }));
    writeFileSync(
      path.join(probe, 'test/tsconfig.json'),
      JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: true }, include: ['../src', '.'] }),
    );
    const pkg = JSON.parse(readFileSync(path.join(original, 'package.json'), 'utf8'));
    const env = {
      ...process.env,
      PATH: `${path.join(WORKSPACE_ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}`,
    };

    const clean = await runProcess('sh', ['-c', pkg.scripts.typecheck], { cwd: probe, env });
    expect(clean.code, clean.output).toBe(0);

    writeFileSync(path.join(probe, 'src/planted.ts'), 'export const x: string = 42 as number;\n');
    const planted = await runProcess('sh', ['-c', pkg.scripts.typecheck], { cwd: probe, env });
    expect(planted.code).not.toBe(0);
    expect(planted.output).toMatch(/src\/planted\.ts\(1,14\): error TS2322/);
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}, 120_000);
