// Applies an update all or nothing: every file it writes, and every package's generated code
// (regeneration rewrites it in place), is backed up and recorded in the journal (../journal.ts)
// before the first write. If a write or the step after the writes fails, everything is put back
// and the error says whether that fully succeeded; if the process dies instead, the next specs:*
// command puts it back.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { faultPoint } from '../fault.ts';
import { Transaction } from '../journal.ts';
import { writeFileAtomic } from '../lib.ts';
import { SpecsUpdateError } from './errors.ts';
import type { FileWrite } from './plan.ts';

/** What the step after the writes gets: to record the children it starts, and mark them. */
export interface AfterWritesContext {
  /** Environment variables every child must carry (recovery kills only marked processes). */
  childEnv: Record<string, string>;
  /** Records a child started with `detached: true` (its own process group) in the journal. */
  onChild(pid: number): void;
}

/** Every packages/*\/src/generated folder, existing or not (one that appears is removed on rollback). */
const generatedDirs = (root: string): string[] => {
  const packagesDir = path.join(root, 'packages');
  return existsSync(packagesDir)
    ? readdirSync(packagesDir).map((name) => path.join(packagesDir, name, 'src', 'generated'))
    : [];
};

/**
 * Writes every file, then runs `afterWrites` (regeneration) with the new files on disk; on any
 * failure puts every file back and throws a SpecsUpdateError (code SPECS_UPDATE_ROLLED_BACK)
 * whose cause is the original error.
 */
export async function applyAtomically({
  root,
  writes,
  afterWrites,
}: {
  root: string;
  writes: readonly FileWrite[];
  afterWrites: ((context: AfterWritesContext) => Promise<void>) | null;
}): Promise<void> {
  const txn = await Transaction.begin(root, 'specs:update', {
    files: writes.map((w) => w.file),
    dirs: afterWrites ? generatedDirs(root) : [],
    // A package folder that appears during regeneration gets no generated code on rollback either.
    created: afterWrites ? { parent: 'packages', sub: path.join('src', 'generated') } : undefined,
  });
  try {
    // Documents come first (plan.ts), then names, manifest and changesets.
    let lastDocument = -1;
    for (const [i, w] of writes.entries())
      if (/^(?!manifest|names).*\.json$/.test(path.basename(w.file))) lastDocument = i;
    for (const [i, w] of writes.entries()) {
      mkdirSync(path.dirname(w.file), { recursive: true });
      writeFileAtomic(w.file, w.data);
      if (i === lastDocument) await faultPoint('after-specs');
      if (path.basename(w.file) === 'manifest.json') await faultPoint('after-manifest');
    }
    await faultPoint('after-changeset');
    if (afterWrites) await afterWrites({ childEnv: txn.childEnv, onChild: (pid) => txn.recordChild(pid) });
    await faultPoint('before-commit');
  } catch (err) {
    const notRestored = txn.rollback();
    const outcome = notRestored.length
      ? `specs:update failed and could NOT restore (the next specs:* command tries again):\n${notRestored.join('\n')}`
      : 'specs:update rolled back: specs, manifest, names, changesets and generated code are as they were.';
    throw new SpecsUpdateError('SPECS_UPDATE_ROLLED_BACK', `${(err as Error).message}\n${outcome}`, { cause: err });
  }
  await txn.commit();
}
