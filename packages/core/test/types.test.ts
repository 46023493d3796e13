// The policy's public types are part of its contract: tsc over this folder (types-check.ts and the
// tests) against the built declarations of the product packages must report nothing.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('the tests and types-check.ts type-check against the built packages', () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  let output = '';
  try {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(import.meta.dirname, 'tsconfig.json')],
      { cwd: root, encoding: 'utf8', stdio: 'pipe' },
    );
  } catch (err) {
    output = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`;
  }
  expect(output).toBe('');
}, 120_000);
