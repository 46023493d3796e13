// Prints the plain closing line CI reads ("N passed, N failed") from vitest's JSON report.
// CI parses only the last line, so anything else (skipped tests, files that failed to load) goes
// on a line before it. Run with `node --import tsx scripts/ci/summary.ts [report]`.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The fields of vitest's JSON reporter (Jest's format) that the summary reads. */
export interface VitestReport {
  numTotalTests?: number;
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numFailedTestSuites?: number;
  success?: boolean;
}

export interface Summary {
  /** What to print; the last line is always "N passed, N failed". */
  lines: string[];
  /** False: CI must fail. */
  ok: boolean;
}

const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? n : 0);

/** The summary of a report's text, or of its absence (null). */
export function summarize(text: string | null, file: string): Summary {
  if (text === null) {
    return {
      lines: [`no test report at ${file}: the tests did not run (see the build output above)`, '0 passed, 0 failed'],
      ok: false,
    };
  }
  let report: VitestReport;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    report = parsed as VitestReport;
  } catch (err) {
    return {
      lines: [`the test report ${file} is empty or unreadable (${(err as Error).message})`, '0 passed, 0 failed'],
      ok: false,
    };
  }
  const passed = count(report.numPassedTests);
  const failed = count(report.numFailedTests);
  const skipped = count(report.numPendingTests) + count(report.numTodoTests);
  const brokenFiles = count(report.numFailedTestSuites);
  const lines: string[] = [];
  // A run that found no tests proves nothing, so it fails like a missing report.
  const empty = count(report.numTotalTests) === 0 && passed + failed + skipped === 0;
  if (empty) lines.push(`the test report ${file} holds no tests`);
  if (skipped) lines.push(`${skipped} skipped`);
  // A file that fails to load has no failed tests, but the run failed.
  if (brokenFiles && !failed) lines.push(`${brokenFiles} test file(s) failed to run`);
  // Errors thrown outside any test (vitest's "Unhandled Errors") fail the run without failing a test.
  else if (report.success === false && !failed && !empty) {
    lines.push(
      'vitest failed the run with no failed test: errors were thrown outside the tests (see "Unhandled Errors" above)',
    );
  }
  lines.push(`${passed} passed, ${failed} failed`);
  return { lines, ok: !empty && failed === 0 && report.success !== false };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2] ?? 'test-results/vitest.json';
  const { lines, ok } = summarize(existsSync(file) ? readFileSync(file, 'utf8') : null, file);
  for (const line of lines) console.log(line);
  process.exit(ok ? 0 : 1);
}
