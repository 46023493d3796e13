// `pnpm bench --write-readme`: the figures the READMEs print, written from this run's own results, so that
// none is copied by hand and left to go stale. Each lives between two markers, `<!-- bench:NAME -->` and
// `<!-- /bench:NAME -->`: in packages/bench/README.md each section in full as the bench prints it, in the
// root README a summary of it. Every block opens with the line that says when, on what machine and by
// which command it was measured. A section that did not run, or failed, leaves its blocks as they were.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { Section } from './args.ts';
import type { BundleSectionResult } from './bundle.ts';
import type { ColdStartResult } from './coldstart.ts';
import type { OverheadResult } from './overhead.ts';
import { BENCH_PACKAGE_DIR, REPO_ROOT } from './paths.ts';
import type { RateLimitResult } from './ratelimit.ts';
import {
  bundleSummaryMarkdown,
  coldStartSummaryMarkdown,
  overheadSummaryMarkdown,
  rateLimitSummaryMarkdown,
} from './report.ts';

export const BENCH_README = join(BENCH_PACKAGE_DIR, 'README.md');
export const ROOT_README = join(REPO_ROOT, 'README.md');

/** What the opening line of a block says about the run. */
export interface RunMeta {
  date: string;
  node: string;
  cpus: number;
  cpuModel: string | undefined;
  loadAverageAtStart: number;
  loadAverageAtEnd?: number;
}

/** One block of one README: its marker name and its Markdown (without the opening line). */
export interface ReadmeBlock {
  file: string;
  name: string;
  body: string;
}

/** A section's Markdown one heading level down, to sit under the bench README's "One full run". */
export function demoted(markdown: string): string {
  return markdown.replace(/^#{2,5} /gm, (heading) => `#${heading}`);
}

/** The root README's summary of a section, where it has one. */
const SUMMARIES: { [S in Section]?: (result: never) => string } = {
  overhead: (result: OverheadResult) => overheadSummaryMarkdown(result),
  bundle: (result: BundleSectionResult) => bundleSummaryMarkdown(result),
  coldstart: (result: ColdStartResult) => coldStartSummaryMarkdown(result),
  ratelimit: (result: RateLimitResult) => rateLimitSummaryMarkdown(result),
};

/** The blocks a section's results write: the section in the bench README, its summary in the root one. */
export function blocksOf(section: Section, sectionMarkdown: string, result: unknown): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [{ file: BENCH_README, name: section, body: demoted(sectionMarkdown) }];
  const summary = SUMMARIES[section];
  if (summary) blocks.push({ file: ROOT_README, name: section, body: summary(result as never) });
  return blocks;
}

export function measuredLine(meta: RunMeta, sections: readonly Section[]): string {
  const load =
    meta.loadAverageAtEnd === undefined
      ? meta.loadAverageAtStart.toFixed(2)
      : `${meta.loadAverageAtStart.toFixed(2)} → ${meta.loadAverageAtEnd.toFixed(2)}`;
  return (
    `_Measured ${meta.date.slice(0, 16).replace('T', ' ')} UTC by \`pnpm bench --only=${sections.join(',')} ` +
    `--write-readme\` · Node ${meta.node} · ${meta.cpus} × ${meta.cpuModel ?? 'CPU'} · load average ${load}._`
  );
}

const markers = (name: string) => [`<!-- bench:${name} -->`, `<!-- /bench:${name} -->`] as const;

function bounds(text: string, name: string, file: string): [number, number] {
  const [open, close] = markers(name);
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) {
    throw new Error(
      `${relative(REPO_ROOT, file)} has no ${open} … ${close} block: put the two markers, each on a line of its ` +
        'own, where the figures go.',
    );
  }
  return [start + open.length, end];
}

/** The Markdown inside a block, without its opening line and the blank lines around it. */
export function readBlock(text: string, name: string, file: string): string {
  const [from, to] = bounds(text, name, file);
  const inner = text.slice(from, to).trim();
  return inner.startsWith('_Measured ') ? inner.slice(inner.indexOf('\n') + 1).trim() : inner;
}

export function replaceBlock(text: string, name: string, content: string, file: string): string {
  const [from, to] = bounds(text, name, file);
  return `${text.slice(0, from)}\n${content.trim()}\n${text.slice(to)}`;
}

/**
 * Markdown tables with their padding taken out: the bench prints them compact and the formatter (biome,
 * which `pnpm lint` runs over the READMEs) pads them, so figures are compared cell by cell.
 */
export function withoutTablePadding(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) return line;
      const cells = line.slice(1, line.endsWith('|') ? -1 : undefined).split(/(?<!\\)\|/);
      return `| ${cells.map((cell) => cell.trim().replace(/^(:?)-+(:?)$/, '$1---$2')).join(' | ')} |`;
    })
    .join('\n');
}

const BIOME = join(REPO_ROOT, 'node_modules', '.bin', 'biome');

/**
 * Writes every block to its README, then formats the READMEs as `pnpm lint` wants them; each file is read
 * once and written once. Returns what was written.
 */
export async function writeReadmes(blocks: readonly ReadmeBlock[], opening: string): Promise<string[]> {
  const written: string[] = [];
  for (const file of [...new Set(blocks.map((block) => block.file))]) {
    let text = await readFile(file, 'utf8');
    for (const block of blocks.filter((b) => b.file === file)) {
      text = replaceBlock(text, block.name, `${opening}\n\n${block.body}`, file);
      written.push(`${relative(REPO_ROOT, file)} (${block.name})`);
    }
    await writeFile(file, text);
  }
  await promisify(execFile)(BIOME, ['format', '--write', ...new Set(blocks.map((block) => block.file))], {
    cwd: REPO_ROOT,
  });
  return written;
}
