import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const root = import.meta.dirname;

// One vitest project per workspace package that has tests, named as the package: `vitest run` runs them
// all in one process (one report), and each package's `test` script runs its own alone
// (`vitest run --root ../.. --project @zoom-api/core`), which is what turbo's `test` task calls.
function project(dir: string, include: string): TestProjectInlineConfiguration {
  const { name } = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as { name: string };
  return { extends: true, test: { name, include: [include] } };
}

const packages = readdirSync(path.join(root, 'packages'))
  .filter((dir) => existsSync(path.join(root, 'packages', dir, 'package.json')))
  .filter((dir) => existsSync(path.join(root, 'packages', dir, 'test')))
  .sort()
  .map((dir) => project(`packages/${dir}`, `packages/${dir}/test/**/*.test.ts`));

export default defineConfig({
  test: {
    projects: [...packages, project('scripts', 'scripts/**/*.test.ts'), project('tests', 'tests/**/*.test.ts')],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: files that start servers or child processes run side by side, not 8 at once.
    maxWorkers: 2,
    // CI reads the JSON report to print its closing "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
