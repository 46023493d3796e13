// The tests are written against the packages' published types; this makes `tsc` part of the
// test run, so a call with a wrong parameter or a mistyped response field fails the suite.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('the test files type-check against the built declarations', () => {
  const root = path.resolve(import.meta.dirname, '..');
  let output = '';
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tests/tsconfig.json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (err) {
    output = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
  }
  expect(output).toBe('');
}, 120_000);
