// What changed in each document and how much it matters: validation first (an invalid document
// stops everything before it is diffed), then the diff that decides the bump.

import type { NamesFile } from '../../codegen/names.ts';
import type { Bump, Change } from '../diff/change.ts';
import { diffDocuments } from '../diff/index.ts';
import { describeProblems, validateSpec } from '../validate.ts';
import { refusal } from './errors.ts';
import type { SpecChange } from './load.ts';

/** A valid new document, with what changed and the release it calls for. */
export interface ClassifiedChange extends SpecChange {
  /** Validation problems let through because the accepted version has them too, or they are harmless. */
  tolerated: number;
  changes: Change[];
  bump: Bump;
  /** The new "METHOD /path" → name record of the document's functions (null: webhooks only). */
  names: Record<string, string> | null;
}

/** Validates every document (refusing if any is invalid), then diffs each against its accepted version. */
export async function classifyChanges(changes: readonly SpecChange[], names: NamesFile): Promise<ClassifiedChange[]> {
  const validated: (SpecChange & { tolerated: number })[] = [];
  const invalid: string[] = [];
  for (const c of changes) {
    const result = await validateSpec({
      doc: c.doc,
      text: c.text,
      label: c.entry.file,
      baselineDoc: c.current,
      baselineText: c.currentText,
    });
    validated.push({ ...c, tolerated: result.tolerated });
    if (result.problems.length) invalid.push(describeProblems(c.source, result.problems));
  }
  if (invalid.length) throw refusal(`specs:update refused ${invalid.length} invalid document(s)`, invalid);

  return validated.map((c) => {
    const diff = diffDocuments({ specId: c.entry.id, oldDoc: c.current, newDoc: c.doc, names });
    return {
      ...c,
      changes: diff.changes,
      // The hashes differ, so the diff reports at least a documentation change.
      bump: diff.bump ?? 'patch',
      names: diff.names,
    };
  });
}
