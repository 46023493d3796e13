// Materialises specs/*.json from ZOOM_SPECS_DIR, the mirror beside the repository, or Zoom's URLs.
// Every document is verified against the manifest's canonical hash before anything is written,
// so a bad source leaves every existing file exactly as it was.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeCycle, findSchemaCycles } from './cycles.ts';
import { faultPoint } from './fault.ts';
import { recoverInterrupted, Transaction } from './journal.ts';
import {
  canonicalHash,
  defaultSourceDir,
  fetchText,
  type OpenApiDocument,
  parseSpecText,
  ROOT,
  readManifest,
  type SpecEntry,
  writeFileAtomic,
} from './lib.ts';

export interface PullOptions {
  root?: string;
  /** Where ZOOM_SPECS_DIR is read from. */
  env?: NodeJS.ProcessEnv;
  /** Only these documents (default: every one). */
  ids?: string[];
  log?: (line: string) => void;
  /** Receives the note that an interrupted run was rolled back (shown even with --quiet). */
  warn?: (line: string) => void;
}

/** A pull that refused at least one document; no file was written. */
export class SpecMismatchError extends Error {
  readonly code = 'SPEC_MISMATCH';
}

export async function pullSpecs({
  root = ROOT,
  env = process.env,
  ids,
  log = console.error,
  warn = console.error,
}: PullOptions = {}): Promise<{ written: string[] }> {
  // A run killed earlier is rolled back before anything is read (./journal.ts).
  recoverInterrupted(root, warn);
  const manifest = readManifest(root);
  const sourceDir = defaultSourceDir(root, env);
  const entries = ids?.length ? manifest.specs.filter((s) => ids.includes(s.id)) : manifest.specs;
  const unknown = (ids ?? []).filter((id) => !manifest.specs.some((s) => s.id === id));
  if (unknown.length)
    throw new Error(`Unknown spec id(s): ${unknown.join(', ')}. Known: ${manifest.specs.map((s) => s.id).join(', ')}.`);

  const pending: { entry: SpecEntry; target: string; text: string; source: string }[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const target = path.join(root, 'specs', entry.file);
    if (existsSync(target)) {
      try {
        if (canonicalHash(JSON.parse(readFileSync(target, 'utf8'))) === entry.sha256) {
          log(`specs/${entry.file}: up to date`);
          continue;
        }
      } catch {
        // An unreadable local copy is simply replaced by a verified one below.
      }
    }
    const source = sourceDir ? path.join(sourceDir, entry.file) : entry.url;
    let text: string;
    try {
      text = sourceDir ? readFileSync(source, 'utf8') : await fetchText(source);
    } catch (err) {
      problems.push(`specs/${entry.file}: cannot read ${source}: ${(err as Error).message}`);
      continue;
    }
    let doc: OpenApiDocument;
    try {
      doc = parseSpecText(text, source);
    } catch (err) {
      problems.push(`specs/${entry.file}: ${(err as Error).message}`);
      continue;
    }
    const actual = canonicalHash(doc);
    if (actual !== entry.sha256) {
      problems.push(
        `specs/${entry.file}: ${source} does not match the manifest.\n` +
          `  expected sha256 ${entry.sha256}\n  actual   sha256 ${actual}\n` +
          `  If Zoom published a new version, review and accept it with \`pnpm specs:update --from ${sourceDir ?? '<dir>'} ${entry.id}\`.`,
      );
      continue;
    }
    // A document with a cycle that breaks codegen is not written: the build would fail later with
    // an empty stack-overflow message (./cycles.ts). Only reachable with a hand-edited manifest,
    // since specs:update refuses such a document.
    const cycles = findSchemaCycles(doc);
    if (cycles.length) {
      problems.push(
        `specs/${entry.file}: ${source} has ${cycles.length} schema cycle(s) code generation cannot handle:\n` +
          cycles.map((c) => `  ${c.pointer}: ${describeCycle(c)}`).join('\n'),
      );
      continue;
    }
    pending.push({ entry, target, text, source });
  }
  if (problems.length) {
    throw new SpecMismatchError(
      `specs:pull refused ${problems.length} document(s); no file was changed.\n${problems.join('\n')}`,
    );
  }
  if (!pending.length) return { written: [] };
  // Several files: journaled, so a kill half-way leaves the old set after the next command.
  const txn = await Transaction.begin(root, 'specs:pull', { files: pending.map((p) => p.target) });
  try {
    for (const { entry, target, text, source } of pending) {
      writeFileAtomic(target, text);
      log(`specs/${entry.file}: written from ${source}`);
      await faultPoint('pull-after-first-write');
    }
  } catch (err) {
    const failed = txn.rollback();
    if (failed.length) (err as Error).message += `\nspecs:pull could NOT restore:\n${failed.join('\n')}`;
    throw err;
  }
  await txn.commit();
  return { written: pending.map((p) => p.entry.id) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const quiet = args.includes('--quiet');
  pullSpecs({ ids: args.filter((a) => a !== '--quiet'), log: quiet ? () => {} : console.error }).catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
