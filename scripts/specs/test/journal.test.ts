// The journal in-process: what the next command does with what a dead run left, and that it never
// touches a run that is still going. (kill.test.ts kills the real commands.)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { journalPath, recoverInterrupted, Transaction } from '../journal.ts';
import { readJson, removeTempDirs, tempDir } from './fixtures.ts';

function workspace(): string {
  const root = tempDir('specs-journal-');
  mkdirSync(path.join(root, 'specs'));
  writeFileSync(path.join(root, 'specs', 'manifest.json'), 'old manifest');
  return root;
}

describe('recoverInterrupted', () => {
  it('rolls back a run that never committed, removes a file it created, and cleans .tmp', async () => {
    const root = workspace();
    const manifest = path.join(root, 'specs', 'manifest.json');
    const added = path.join(root, 'specs', 'new.json');
    await Transaction.begin(root, 'specs:update', { files: [manifest, added] });
    writeFileSync(manifest, 'new manifest');
    writeFileSync(added, '{}');
    writeFileSync(path.join(root, 'specs', '.manifest.json.123.456.tmp'), 'half');
    // The run "dies" here: no commit, no rollback.
    const lines: string[] = [];
    recoverInterrupted(root, (l) => lines.push(l));
    expect(readFileSync(manifest, 'utf8')).toBe('old manifest');
    expect(existsSync(added)).toBe(false);
    expect(existsSync(path.join(root, 'specs', '.manifest.json.123.456.tmp'))).toBe(false);
    expect(existsSync(path.join(root, '.tmp'))).toBe(false);
    expect(lines).toEqual([
      expect.stringMatching(
        /^specs: an interrupted specs:update \(pid \d+, started .+\) was rolled back: specs\/manifest\.json, specs\/new\.json are as they were before it\.$/,
      ),
    ]);
  });

  it('removes backups and snapshots left by a run that died before its journal or after its commit', () => {
    const root = workspace();
    for (const dir of ['.tmp/specs-backup/file-0', '.tmp/specs-update-4242-1700000000000/0']) {
      mkdirSync(path.join(root, dir), { recursive: true });
      writeFileSync(path.join(root, dir, 'x'), 'x');
    }
    writeFileSync(path.join(root, '.tmp', 'specs-journal.json.4242.tmp'), '{"ver');
    recoverInterrupted(root, () => {});
    expect(existsSync(path.join(root, '.tmp'))).toBe(false);
    expect(readFileSync(path.join(root, 'specs', 'manifest.json'), 'utf8')).toBe('old manifest');
  });

  it('leaves another tool’s files in .tmp alone', () => {
    const root = workspace();
    mkdirSync(path.join(root, '.tmp'));
    writeFileSync(path.join(root, '.tmp', 'bench.json'), '{}');
    recoverInterrupted(root, () => {});
    expect(existsSync(path.join(root, '.tmp', 'bench.json'))).toBe(true);
  });

  it('refuses to roll back a run that is still going, and changes nothing', async () => {
    const root = workspace();
    const manifest = path.join(root, 'specs', 'manifest.json');
    await Transaction.begin(root, 'specs:update', { files: [manifest] });
    writeFileSync(manifest, 'new manifest');
    // Pretend the journal belongs to another live specs process.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'scripts/specs/update.ts']);
    try {
      const journal = readJson(journalPath(root));
      writeFileSync(journalPath(root), JSON.stringify({ ...journal, pid: other.pid }));
      expect(() => recoverInterrupted(root, () => {})).toThrow(/is still running in this workspace/);
      expect(readFileSync(manifest, 'utf8')).toBe('new manifest');
      expect(existsSync(journalPath(root))).toBe(true);
    } finally {
      other.kill('SIGKILL');
    }
  });
});

afterAll(removeTempDirs);
