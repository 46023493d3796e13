// The report specs:update prints: per document, what changed and the bump; then the changesets
// (in full on a dry run, which is how a reviewer reads them before accepting).
import path from 'node:path';
import { describeSpec } from '../lib.ts';
import type { PlannedChangeset } from './changesets.ts';
import type { ClassifiedChange } from './classify.ts';
import type { Unchanged } from './load.ts';

export function formatReport({
  root,
  sourceLabel,
  unchanged,
  changes,
  changesets,
  dryRun,
}: {
  root: string;
  sourceLabel: string;
  unchanged: readonly Unchanged[];
  changes: readonly ClassifiedChange[];
  changesets: readonly PlannedChangeset[];
  dryRun: boolean;
}): string {
  const out = [`specs:update: comparing with ${sourceLabel}`, ''];
  for (const c of changes) {
    const [from, to] = [c.entry, describeSpec(c.doc)];
    out.push(
      `${c.entry.file}: ${from.title} ${from.version} → ${to.title} ${to.version}, ` +
        `${from.operations} → ${to.operations} operations, ${from.webhooks} → ${to.webhooks} webhooks; bump ${c.bump}`,
    );
    if (c.tolerated)
      out.push(
        `  (${c.tolerated} validation problem(s) tolerated: the accepted version has them too, or they are Zoom's harmless habits)`,
      );
    for (const change of c.changes) out.push(`  ${change.bump.padEnd(5)}  ${change.text}`);
  }
  for (const { entry, status } of unchanged) out.push(`${entry.file}: ${status}`);
  if (!changes.length) {
    out.push('', 'Nothing to update.');
    return out.join('\n');
  }
  out.push('', dryRun ? 'Changesets that would be written:' : 'Changesets:');
  for (const cs of changesets) out.push(`  ${path.relative(root, cs.file)}  ${cs.pkg}: ${cs.bump}`);
  if (dryRun) {
    for (const cs of changesets) out.push('', `--- ${path.relative(root, cs.file)}`, cs.text.trimEnd());
    out.push('', 'Dry run: nothing was written.');
  }
  return out.join('\n');
}
