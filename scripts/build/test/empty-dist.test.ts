// `pnpm build` empties every dist/ before turbo restores or builds it. Run against the real turbo in a scratch
// workspace: a file left in dist/ by another build survives a cache hit on its own (so the step is needed),
// and is gone after the step while the cached build comes back whole (so a hit still restores, not rebuilds).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runProcess, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDistFolders } from '../empty-dist.ts';

const TURBO = path.join(WORKSPACE_ROOT, 'node_modules', '.bin', 'turbo');
// The build writes its one file and counts its runs, so a restore can be told from a build.
const BUILD = `node -e "const f=require('fs');f.rmSync('dist',{recursive:true,force:true});f.mkdirSync('dist');f.writeFileSync('dist/index.js','built');f.appendFileSync('../../runs.log','x')"`;

let root: string;

function write(file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

async function run(command: string, args: string[]): Promise<string> {
  const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', TURBO_DAEMON: 'false' };
  const done = await runProcess(command, args, { cwd: root, env, killAfter: 60_000 });
  expect(done.code, done.output).toBe(0);
  return done.output;
}

const buildRuns = () => readFileSync(path.join(root, 'runs.log'), 'utf8').length;
const turboBuild = () => run(TURBO, ['run', 'build', '--output-logs=none']);

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'zoom-api-empty-dist-'));
  write('package.json', JSON.stringify({ name: 'scratch', private: true, packageManager: 'pnpm@12.4.2' }));
  write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n');
  write('turbo.json', JSON.stringify({ tasks: { build: { outputs: ['dist/**'] } } }));
  write('.gitignore', 'dist\n.turbo\nnode_modules\nruns.log\n');
  write('packages/built/package.json', JSON.stringify({ name: 'built', version: '1.0.0', scripts: { build: BUILD } }));
  // No build script: its dist/ is its own (nothing restores it), so the step leaves it alone.
  write('packages/unbuilt/package.json', JSON.stringify({ name: 'unbuilt', version: '1.0.0' }));
  write('packages/unbuilt/dist/kept.js', 'kept');
  write('runs.log', '');
  // turbo hashes the lockfile into every task: made now, or pnpm would write it during the first build and the
  // next run would miss the cache.
  await run('pnpm', ['install', '--offline']);
  await run('git', ['init', '-q', '.']);
  await run('git', ['add', '-A']);
  await run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'scratch']);
  await turboBuild();
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('emptyDistFolders before turbo run build', () => {
  const dist = () => readdirSync(path.join(root, 'packages', 'built', 'dist')).sort();

  it('is needed: a cache hit restores over dist/ and leaves a file another build wrote', async () => {
    write('packages/built/dist/stale-chunk.js', 'from another branch');
    await turboBuild();
    expect(buildRuns()).toBe(1);
    expect(dist()).toEqual(['index.js', 'stale-chunk.js']);
  }, 60_000);

  it('leaves dist/ with exactly what the cached build holds, restored rather than rebuilt', async () => {
    write('packages/built/dist/stale-chunk.js', 'from another branch');
    expect(emptyDistFolders(root)).toEqual([path.join(root, 'packages', 'built', 'dist')]);
    await turboBuild();
    expect(buildRuns()).toBe(1);
    expect(dist()).toEqual(['index.js']);
    expect(readFileSync(path.join(root, 'packages', 'built', 'dist', 'index.js'), 'utf8')).toBe('built');
    expect(existsSync(path.join(root, 'packages', 'unbuilt', 'dist', 'kept.js'))).toBe(true);
  }, 60_000);

  it('runs in `pnpm build` right before turbo builds', () => {
    const manifest = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'package.json'), 'utf8'));
    expect(manifest.scripts.build).toMatch(/&& tsx scripts\/build\/empty-dist\.ts && turbo run build$/);
  });
});
