// Applies an update all or nothing: every file it writes is backed up first, and so is every
// package's generated code (regeneration rewrites it in place). If a write or the step after the
// writes fails, everything is put back and the error says whether that fully succeeded.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { faultPoint } from '../fault.ts';
import { writeFileAtomic } from '../lib.ts';
import { SpecsUpdateError } from './errors.ts';
import type { FileWrite } from './plan.ts';

interface GeneratedSnapshot {
  /** Puts back every saved folder and removes generated folders that did not exist before. */
  restore(): void;
  /** Removes the saved copies. */
  discard(): void;
}

const generatedDirs = (root: string): string[] => {
  const packagesDir = path.join(root, 'packages');
  return existsSync(packagesDir)
    ? readdirSync(packagesDir).map((name) => path.join(packagesDir, name, 'src', 'generated'))
    : [];
};

/** Copies of every packages/*\/src/generated folder, so a failed regeneration can be undone. */
export function snapshotGenerated(root: string): GeneratedSnapshot {
  const dirs = generatedDirs(root).filter((dir) => existsSync(dir));
  // Inside the workspace rather than os.tmpdir(): renaming back is then a same-filesystem move.
  const store = path.join(root, '.tmp', `specs-update-${process.pid}-${Date.now()}`);
  const saved = dirs.map((dir, i) => {
    const copy = path.join(store, String(i));
    cpSync(dir, copy, { recursive: true });
    return { dir, copy };
  });
  return {
    restore() {
      for (const dir of generatedDirs(root))
        if (!saved.some((s) => s.dir === dir)) rmSync(dir, { recursive: true, force: true });
      for (const { dir, copy } of saved) {
        rmSync(dir, { recursive: true, force: true });
        renameSync(copy, dir);
      }
    },
    discard() {
      rmSync(store, { recursive: true, force: true });
      try {
        rmdirSync(path.dirname(store)); // .tmp, when nothing else uses it
      } catch {
        // not empty: another tool's files are there
      }
    },
  };
}

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
  afterWrites: (() => Promise<void>) | null;
}): Promise<void> {
  const backups = writes.map((w) => ({ file: w.file, before: existsSync(w.file) ? readFileSync(w.file) : null }));
  const snapshot = afterWrites ? snapshotGenerated(root) : null;
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
    if (afterWrites) await afterWrites();
    await faultPoint('before-commit');
  } catch (err) {
    const notRestored: string[] = [];
    // Newest first, so a file written twice would end at its oldest content.
    for (const { file, before } of [...backups].reverse()) {
      try {
        if (before === null) rmSync(file, { force: true });
        else writeFileAtomic(file, before);
      } catch (restoreErr) {
        notRestored.push(`  ${file}: ${(restoreErr as Error).message}`);
      }
    }
    try {
      snapshot?.restore();
    } catch (restoreErr) {
      notRestored.push(`  generated code: ${(restoreErr as Error).message}`);
    }
    const outcome = notRestored.length
      ? `specs:update failed and could NOT restore:\n${notRestored.join('\n')}`
      : 'specs:update rolled back: specs, manifest, names, changesets and generated code are as they were.';
    throw new SpecsUpdateError('SPECS_UPDATE_ROLLED_BACK', `${(err as Error).message}\n${outcome}`, { cause: err });
  } finally {
    snapshot?.discard();
  }
}
