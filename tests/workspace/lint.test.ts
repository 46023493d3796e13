// Biome's formatter and linter over the whole repository: style drift fails the suite, not a review.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('biome check is clean', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  let output = '';
  try {
    execFileSync(path.join(root, 'node_modules/.bin/biome'), ['check', '--colors=off', '.'], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (err) {
    output = `${(err as { stdout?: Buffer }).stdout ?? ''}${(err as { stderr?: Buffer }).stderr ?? ''}`;
  }
  expect(output).toBe('');
}, 60_000);
