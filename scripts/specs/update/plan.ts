// Everything an update would write, computed before anything is written: the accepted documents,
// the manifest and names file that describe them, and the changesets that release their packages.
import path from 'node:path';
import type { NamesFile } from '../../codegen/names.ts';
import { describeSpec, type Manifest } from '../lib.ts';
import { changesByPackage, type PlannedChangeset, planChangesets, releasesByPackage } from './changesets.ts';
import type { ClassifiedChange } from './classify.ts';

export interface FileWrite {
  file: string;
  data: string | Uint8Array;
}

export interface PlannedRelease {
  manifest: Manifest;
  names: NamesFile;
  changesets: PlannedChangeset[];
  /** In the order they are applied: documents, names, manifest, changesets. */
  writes: FileWrite[];
  /** The packages to regenerate. */
  packages: string[];
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The manifest with each changed document's description replaced. Keys this tool does not know
 * (at the top level or in an entry) are kept as they are: other tools own them.
 */
export function acceptIntoManifest(manifest: Manifest, changes: readonly ClassifiedChange[]): Manifest {
  const accepted = new Map(changes.map((c) => [c.entry.id, c.doc]));
  return {
    ...manifest,
    specs: manifest.specs.map((entry) => {
      const doc = accepted.get(entry.id);
      return doc ? { ...entry, ...describeSpec(doc) } : entry;
    }),
  };
}

/** The names file with each changed REST document's record replaced by its new one. */
export function acceptIntoNames(names: NamesFile, changes: readonly ClassifiedChange[]): NamesFile {
  const next = structuredClone(names);
  for (const c of changes) if (c.names) next[c.entry.id] = c.names;
  return next;
}

export function planRelease({
  root,
  manifest,
  names,
  changes,
}: {
  root: string;
  manifest: Manifest;
  names: NamesFile;
  changes: readonly ClassifiedChange[];
}): PlannedRelease {
  const newNames = acceptIntoNames(names, changes);
  const newManifest = acceptIntoManifest(manifest, changes);
  const byPackage = changesByPackage(manifest, changes);
  const pinning = new Set((manifest.pinnedBy ?? []).filter((pkg) => !byPackage.has(pkg)));
  const changesets = planChangesets(root, releasesByPackage(manifest, changes), pinning);

  const writes: FileWrite[] = changes.map((c) => ({ file: path.join(root, 'specs', c.entry.file), data: c.text }));
  // names.json is rewritten only when a name changed, so a webhook-only update leaves it byte-identical.
  if (json(newNames) !== json(names))
    writes.push({ file: path.join(root, 'specs', 'names.json'), data: json(newNames) });
  writes.push({ file: path.join(root, 'specs', 'manifest.json'), data: json(newManifest) });
  for (const cs of changesets) writes.push({ file: cs.file, data: cs.text });
  return { manifest: newManifest, names: newNames, changesets, writes, packages: [...byPackage.keys()] };
}
