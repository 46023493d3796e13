// Finds the materialised OpenAPI document `--mock` serves. The package ships no Zoom documents:
// they live in the workspace's specs/ folder, written by `pnpm specs:pull`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

const MANIFEST = join('specs', 'manifest.json');

interface ManifestEntry {
  id: string;
  file: string;
}

/** The nearest folder at or above `start` that has specs/manifest.json. */
function findWorkspace(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, MANIFEST))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The path of the document with manifest id `specId`, looked up from the working directory and
 * then from where the CLI is installed. Throws a UsageError saying how to get it when missing.
 */
export function locateSpec(specId: string, searchFrom: readonly string[]): string {
  const workspace = searchFrom.map(findWorkspace).find((dir) => dir !== undefined);
  if (workspace === undefined) {
    throw new UsageError(
      `--mock needs Zoom's OpenAPI document '${specId}', and there is no specs/manifest.json in ` +
        `${searchFrom.join(' or ')} or any folder above. Run the command inside the zoom-api workspace ` +
        '(after `pnpm specs:pull`), or pass the document with --spec FILE.',
    );
  }
  const manifestPath = join(workspace, MANIFEST);
  let entries: ManifestEntry[];
  try {
    entries = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { specs: ManifestEntry[] }).specs;
  } catch (error) {
    throw new UsageError(`cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  const entry = entries?.find((e) => e.id === specId);
  if (!entry) throw new UsageError(`${manifestPath} has no document with id '${specId}'; pass --spec FILE.`);
  const file = join(workspace, 'specs', entry.file);
  if (!existsSync(file)) {
    throw new UsageError(
      `--mock serves specs/${entry.file}, which is not there yet. Run \`pnpm specs:pull\` in ${workspace} ` +
        'to materialise it, or pass the document with --spec FILE.',
    );
  }
  return file;
}
