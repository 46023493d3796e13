// Reads the selected documents from the source (a folder or the manifest's URLs) and keeps the ones
// whose canonical hash differs from the accepted version, together with that accepted version.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalHash, fetchText, type OpenApiDocument, parseSpecText, type SpecEntry } from '../lib.ts';
import { refusal } from './errors.ts';

/** A document whose new version differs from the accepted one. */
export interface SpecChange {
  entry: SpecEntry;
  /** Where the new version came from (a file path or URL), for messages. */
  source: string;
  text: string;
  doc: OpenApiDocument;
  sha256: string;
  /** The accepted version, from specs/<file>. */
  current: OpenApiDocument;
  currentText: string;
}

/** A selected document that will not change, and why ("up to date", "not in DIR, skipped"). */
export interface Unchanged {
  entry: SpecEntry;
  status: string;
}

export interface LoadedSources {
  changes: SpecChange[];
  unchanged: Unchanged[];
}

/**
 * `explicit`: the user named the documents, so one missing from the source folder is an error
 * rather than something to skip. Throws a refusal listing every unreadable document.
 */
export async function loadChanges({
  root,
  entries,
  sourceDir,
  explicit,
}: {
  root: string;
  entries: readonly SpecEntry[];
  /** null: download from each entry's URL. */
  sourceDir: string | null;
  explicit: boolean;
}): Promise<LoadedSources> {
  const changes: SpecChange[] = [];
  const unchanged: Unchanged[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const source = sourceDir ? path.join(sourceDir, entry.file) : entry.url;
    if (sourceDir && !existsSync(source)) {
      if (explicit) problems.push(`  ${entry.file}: not found in ${sourceDir}.`);
      else unchanged.push({ entry, status: `not in ${sourceDir}, skipped` });
      continue;
    }
    let text: string;
    let doc: OpenApiDocument;
    try {
      text = sourceDir ? readFileSync(source, 'utf8') : await fetchText(source);
      doc = parseSpecText(text, source);
    } catch (err) {
      problems.push(`  ${entry.file}: ${(err as Error).message}`);
      continue;
    }
    const sha256 = canonicalHash(doc);
    if (sha256 === entry.sha256) {
      unchanged.push({ entry, status: 'up to date' });
      continue;
    }
    const currentPath = path.join(root, 'specs', entry.file);
    let currentText: string;
    let current: OpenApiDocument;
    try {
      currentText = readFileSync(currentPath, 'utf8');
      current = JSON.parse(currentText);
    } catch {
      problems.push(
        `  specs/${entry.file} is missing or unreadable: run \`pnpm specs:pull\` first, so the new document can be compared with the accepted one.`,
      );
      continue;
    }
    if (canonicalHash(current) !== entry.sha256) {
      problems.push(
        `  specs/${entry.file} does not match specs/manifest.json: run \`pnpm specs:pull\` to restore the accepted version first.`,
      );
      continue;
    }
    changes.push({ entry, source, text, doc, sha256, current, currentText });
  }
  if (problems.length) throw refusal(`specs:update cannot read ${problems.length} document(s)`, problems);
  return { changes, unchanged };
}
