// The READMEs' deterministic figures against a fresh measurement. Bundle bytes, tarball sizes, file and package
// counts depend only on the built code and the pinned tools, so the blocks `pnpm bench --write-readme` wrote must
// equal, cell by cell (the formatter pads the tables), what the bench renders from a measurement made now; a
// change that moves one fails here until the bench has written them again (`pnpm bench --only=bundle
// --write-readme`). The timings are not checked (they are the machine's), only that every block was written by the
// bench, with the line naming its run.
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { SECTIONS } from '../src/args.ts';
import { type BundleSectionResult, measureBundles } from '../src/bundle.ts';
import { BENCH_README, demoted, ROOT_README, readBlock, withoutTablePadding } from '../src/readme.ts';
import { bundleMarkdown, bundleSummaryMarkdown } from '../src/report.ts';

const ROOT_BLOCKS = ['overhead', 'bundle', 'coldstart', 'ratelimit'];

describe('the README figures the bench wrote', () => {
  let fresh: BundleSectionResult;
  let bench: string;
  let root: string;

  beforeAll(async () => {
    [fresh, bench, root] = await Promise.all([
      measureBundles(),
      readFile(BENCH_README, 'utf8'),
      readFile(ROOT_README, 'utf8'),
    ]);
  }, 300_000);

  it('open each block with the run that measured it: date, Node, machine, load average', () => {
    const blocks = [
      ...SECTIONS.map((name) => [BENCH_README, bench, name] as const),
      ...ROOT_BLOCKS.map((name) => [ROOT_README, root, name] as const),
    ];
    for (const [file, text, name] of blocks) {
      const inner = text.slice(text.indexOf(`<!-- bench:${name} -->`), text.indexOf(`<!-- /bench:${name} -->`));
      expect(inner, `${file} (${name})`).toMatch(
        /^<!-- bench:[a-z]+ -->\n_Measured \d{4}-\d\d-\d\d \d\d:\d\d UTC by `pnpm bench --only=[a-z,]+ --write-readme` · Node v\d+\.\d+\.\d+ · \d+ × .+ · load average [\d.]+ → [\d.]+\._\n\n\S/,
      );
      expect(readBlock(text, name, file).length, `${file} (${name})`).toBeGreaterThan(0);
    }
  });

  it('bench README, section 3: bundle bytes, chunks, tarballs, file and package counts as measured now', () => {
    expect(withoutTablePadding(readBlock(bench, 'bundle', BENCH_README))).toBe(
      withoutTablePadding(demoted(bundleMarkdown(fresh)).trim()),
    );
  });

  it('root README: the bundle summary as measured now', () => {
    expect(withoutTablePadding(readBlock(root, 'bundle', ROOT_README))).toBe(
      withoutTablePadding(bundleSummaryMarkdown(fresh).trim()),
    );
  });
});
