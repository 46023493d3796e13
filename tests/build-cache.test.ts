// `pnpm test` builds first; a second build right after must be served entirely from turbo's cache
// (only specs:pull, which verifies hashes and is not cached, runs again).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('a second build is served from the cache', () => {
  const root = path.resolve(import.meta.dirname, '..');
  const out = execFileSync(path.join(root, 'node_modules/.bin/turbo'), ['run', 'build', '--dry=json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  const tasks: { taskId: string; command: string; cache: { status: string } }[] = JSON.parse(out).tasks;
  const real = tasks.filter((t) => t.command !== '<NONEXISTENT>' && t.taskId !== '//#specs:pull');
  expect(real.length).toBeGreaterThan(10);
  expect(real.filter((t) => t.cache.status !== 'HIT').map((t) => t.taskId)).toEqual([]);
}, 60_000);
