// README examples as tests: find every README.md, pull out its TypeScript blocks, write each into a scratch
// folder inside this package (so `@zoom-api/*` resolve to the workspace's builds, as an installed package
// would), compile them all in one strict `tsc` run, and map the compiler's diagnostics back to README lines.
//
// Markers (an HTML comment right before the fence; blank lines between are allowed):
//   (none)                      the block is a whole module and must compile as it is
//   <!-- example: run -->       compiles, then runs with tsx against a local fake of Zoom's API: the example
//                               reads ZOOM_API_BASE_URL (and ZOOM_API_KEY / ZOOM_API_SECRET), must exit 0 and
//                               must have called the fake
//   <!-- example: fragment      deliberately partial: compiled after the declarations inside the comment
//   declare const client: …;    (the context a reader has from the surrounding text); the comment may be
//   -->                         empty when the block needs no context
//   <!-- example: webhook-receiver -->  the two halves of a two-process webhooks example: each compiles as a
//   <!-- example: webhook-worker -->    module; ./webhook-example.test.ts runs them side by side against a real
//                                       Redis and sends them Zoom's deliveries
//   <!-- example: vitest -->    a whole test file: compiles, then runs with vitest; must pass, with tests
//   <!-- example: node-test --> a whole test file: compiles, then runs with `node --test`; must pass, with tests
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ExampleKind =
  | 'module'
  | 'run'
  | 'fragment'
  | 'webhook-receiver'
  | 'webhook-worker'
  | 'vitest'
  | 'node-test';

const MARKED_KINDS: readonly string[] = [
  'run',
  'fragment',
  'webhook-receiver',
  'webhook-worker',
  'vitest',
  'node-test',
];

export interface ReadmeBlock {
  /** The README, relative to the repository root, with forward slashes. */
  readme: string;
  /** 1-based line of the block's first code line in the README. */
  line: number;
  kind: ExampleKind;
  code: string;
  /** Declarations compiled before a fragment (the marker comment's body). */
  preamble: string;
}

export interface ExtractResult {
  blocks: ReadmeBlock[];
  /** Markers that are misspelt or not followed by a TypeScript block: each is a mistake in a README. */
  problems: string[];
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.turbo', '.tmp', 'coverage']);

/** Every README.md under `root` (any depth), skipping dependencies, build output and scratch folders. */
export function findReadmes(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (entry.name === 'README.md') {
        found.push(path.relative(root, path.join(dir, entry.name)).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return found.sort();
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const TS_LANGS = new Set(['ts', 'typescript', 'mts', 'cts']);
const MARKER = /^<!--\s*example:\s*([\w-]+)([\s\S]*?)-->\s*$/;

/** The TypeScript blocks of one README's text, with their markers. */
export function extractBlocks(readme: string, text: string): ExtractResult {
  const lines = text.split(/\r?\n/);
  const blocks: ReadmeBlock[] = [];
  const problems: string[] = [];
  let pending: { kind: string; preamble: string; line: number } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trimStart().startsWith('<!--') && /^<!--\s*example\b/.test(line.trim())) {
      // A marker may span lines (a fragment's declarations).
      let end = i;
      while (end < lines.length && !(lines[end] as string).includes('-->')) end++;
      const comment = lines
        .slice(i, end + 1)
        .join('\n')
        .trim();
      const match = MARKER.exec(comment);
      if (pending) problems.push(`${readme}:${pending.line}: example marker not followed by a TypeScript block`);
      if (!match) {
        problems.push(`${readme}:${i + 1}: unreadable example marker ${JSON.stringify(comment.slice(0, 60))}`);
        pending = undefined;
      } else if (!MARKED_KINDS.includes(match[1] as string)) {
        problems.push(
          `${readme}:${i + 1}: unknown example marker "${match[1]}" (use ${MARKED_KINDS.map((k) => `"${k}"`).join(', ')})`,
        );
        pending = undefined;
      } else {
        pending = { kind: match[1] as string, preamble: (match[2] ?? '').replace(/^[^\n]*\n?/, ''), line: i + 1 };
        if ((match[2] ?? '').split('\n')[0]?.trim()) {
          problems.push(`${readme}:${i + 1}: put a fragment's declarations on the lines after "example: fragment"`);
        }
      }
      i = end;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const [, indent = '', ticks = '```', lang = ''] = fence;
      let end = i + 1;
      while (end < lines.length && !(lines[end] as string).trimStart().startsWith(ticks)) end++;
      const code = lines
        .slice(i + 1, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n');
      if (TS_LANGS.has(lang.toLowerCase())) {
        blocks.push({
          readme,
          line: i + 2,
          kind: (pending?.kind as ExampleKind | undefined) ?? 'module',
          code,
          preamble: pending?.preamble ?? '',
        });
      } else if (pending) {
        problems.push(`${readme}:${pending.line}: example marker before a "${lang || 'plain'}" block, not TypeScript`);
      }
      pending = undefined;
      i = end;
      continue;
    }

    if (pending && line.trim() !== '') {
      problems.push(`${readme}:${pending.line}: example marker not right before a code block`);
      pending = undefined;
    }
  }
  if (pending) problems.push(`${readme}:${pending.line}: example marker not followed by a TypeScript block`);
  return { blocks, problems };
}

export interface ScratchFile {
  /** File name inside the scratch folder. */
  name: string;
  text: string;
  /** Lines the file has before the block's first line (the preamble). */
  offset: number;
}

/** One ES module per block: a fragment's declarations, the block, and `export {}` so blocks never share a scope. */
export function scratchFileFor(block: ReadmeBlock, index: number): ScratchFile {
  const slug = block.readme.replace(/\/?README\.md$/, '').replace(/[^\w]+/g, '-') || 'root';
  const preamble = block.preamble.trim() ? `${block.preamble.trimEnd()}\n` : '';
  const offset = preamble ? preamble.split('\n').length - 1 : 0;
  // Test files are named as test runners look for them.
  const suffix = block.kind === 'vitest' || block.kind === 'node-test' ? '.test.mts' : '.mts';
  return {
    name: `${String(index).padStart(2, '0')}-${slug}-L${block.line}${suffix}`,
    text: `${preamble}${block.code}\nexport {};\n`,
    offset,
  };
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  text: string;
}

/** `tsc --pretty false` output as diagnostics (a message's continuation lines are kept with it). */
export function parseDiagnostics(output: string): { diagnostics: Diagnostic[]; other: string[] } {
  const diagnostics: Diagnostic[] = [];
  const other: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+: .*)$/.exec(line);
    if (match) {
      diagnostics.push({
        file: path.basename(match[1] as string),
        line: Number(match[2]),
        column: Number(match[3]),
        text: match[5] as string,
      });
    } else if (/^\s+\S/.test(line) && diagnostics.length > 0) {
      (diagnostics.at(-1) as Diagnostic).text += `\n${line}`;
    } else if (line.trim()) {
      other.push(line);
    }
  }
  return { diagnostics, other };
}

/** A diagnostic as the README's reader sees it: README path, line and column. */
export function describeDiagnostic(block: ReadmeBlock, file: ScratchFile, d: Diagnostic): string {
  const line = d.line - file.offset;
  const where =
    line >= 1
      ? `${block.readme}:${block.line + line - 1}:${d.column}`
      : `${block.readme}, the declarations of the fragment marker above line ${block.line}, line ${d.line}`;
  return `${where} ${d.text}`;
}

export function readReadme(root: string, readme: string): string {
  return readFileSync(path.join(root, readme), 'utf8');
}
