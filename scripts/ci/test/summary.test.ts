import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../specs/lib.ts';
import { summarize } from '../summary.ts';

const run = promisify(execFile);
const SUMMARY = path.join(ROOT, 'scripts', 'ci', 'summary.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'ci-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (fields: Record<string, unknown>) => JSON.stringify({ success: true, ...fields });
const last = (lines: string[]) => lines.at(-1);

describe('summarize', () => {
  it('ends with exactly "N passed, N failed" and passes when nothing failed', () => {
    const s = summarize(report({ numTotalTests: 12, numPassedTests: 12, numFailedTests: 0 }), 'r.json');
    expect(s.lines).toEqual(['12 passed, 0 failed']);
    expect(s.ok).toBe(true);
  });

  it('fails when a test failed', () => {
    const s = summarize(report({ numTotalTests: 5, numPassedTests: 4, numFailedTests: 1, success: false }), 'r.json');
    expect(last(s.lines)).toBe('4 passed, 1 failed');
    expect(s.ok).toBe(false);
  });

  it('reports skipped and todo tests on a line of their own, before the closing line', () => {
    const s = summarize(
      report({ numTotalTests: 10, numPassedTests: 7, numFailedTests: 0, numPendingTests: 2, numTodoTests: 1 }),
      'r.json',
    );
    expect(s.lines).toEqual(['3 skipped', '7 passed, 0 failed']);
    expect(s.ok).toBe(true);
  });

  it('fails a run whose test file could not load, though no test failed', () => {
    const s = summarize(
      report({ numTotalTests: 3, numPassedTests: 3, numFailedTests: 0, numFailedTestSuites: 1, success: false }),
      'r.json',
    );
    expect(s.lines).toEqual(['1 test file(s) failed to run', '3 passed, 0 failed']);
    expect(s.ok).toBe(false);
  });

  it('says so when the run failed with no failed test and no broken file (unhandled errors)', () => {
    const s = summarize(report({ numTotalTests: 3, numPassedTests: 3, numFailedTests: 0, success: false }), 'r.json');
    expect(s.lines).toEqual([
      'vitest failed the run with no failed test: errors were thrown outside the tests (see "Unhandled Errors" above)',
      '3 passed, 0 failed',
    ]);
    expect(s.ok).toBe(false);
  });

  it('fails a missing, empty, unreadable or test-less report', () => {
    for (const text of [null, '', '{"numPassedTests": ', '[]', report({ numTotalTests: 0 })]) {
      const s = summarize(text, 'r.json');
      expect(last(s.lines), String(text)).toBe('0 passed, 0 failed');
      expect(s.ok, String(text)).toBe(false);
    }
  });
});

describe('the command CI runs', () => {
  const cli = (file: string) =>
    run(process.execPath, ['--import', 'tsx', SUMMARY, file], { cwd: ROOT }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
    );

  it('prints the closing line last and exits 0 for a passing report', async () => {
    const file = path.join(dir, 'pass.json');
    writeFileSync(file, report({ numTotalTests: 2, numPassedTests: 1, numFailedTests: 0, numPendingTests: 1 }));
    const { code, stdout } = await cli(file);
    expect(stdout.trimEnd().split('\n')).toEqual(['1 skipped', '1 passed, 0 failed']);
    expect(code).toBe(0);
  });

  it('exits non-zero for failures and for a missing report', async () => {
    const failing = path.join(dir, 'fail.json');
    writeFileSync(failing, report({ numTotalTests: 2, numPassedTests: 1, numFailedTests: 1, success: false }));
    expect(await cli(failing)).toEqual({ code: 1, stdout: '1 passed, 1 failed\n' });
    const missing = await cli(path.join(dir, 'missing.json'));
    expect(missing.code).toBe(1);
    expect(missing.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 0 failed');
  });
});
