// Writing a file that another process may read at any moment (the spec tooling's documents and manifest):
// one function for all of them, so they leave the same temporary names behind on a crash, the names `specs:*`
// recovery sweeps (scripts/specs/journal.ts).
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes through `.<name>.<pid>.<random>.tmp` in the same folder (created if missing), then renames it
 * over `file`: a reader sees the old file or the whole new one, never half of it.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
