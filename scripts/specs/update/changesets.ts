// The changesets (changesets 2.x format) that release each package after Zoom updated one or more of
// the documents it is generated from: one file per package, at the most severe bump of its documents.
// The packages that ship every document without being generated from them (the manifest's `pinnedBy`: the
// CLI, whose `--mock` is @zoom-api/testing's fake) get a patch for any change, saying which documents they now
// serve: released again, the CLI's dependency range moves to the new @zoom-api/testing, so that
// `npm update @zoom-api/cli` is sure to bring Zoom's current documents.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUMPS, type Bump, type Change, maxBump } from '../diff/change.ts';
import { consumersOf, type Manifest, releasedWith } from '../lib.ts';
import type { ClassifiedChange } from './classify.ts';

/** One document's part of a changeset. */
export interface ChangesetDocument {
  id: string;
  file: string;
  title?: string;
  /** The document's `info.version`. */
  version?: string;
  /** The document's new canonical hash. */
  sha256?: string;
  changes: readonly Change[];
}

/** A changeset that specs:update will write, with its final path. */
export interface PlannedChangeset {
  pkg: string;
  bump: Bump;
  file: string;
  text: string;
}

const byBumpDescending = (a: Change, b: Change) => BUMPS.indexOf(b.bump) - BUMPS.indexOf(a.bump);
const bullet = (change: Change) => `- ${change.bump === 'major' ? 'Breaking: ' : ''}${change.text}`;
const documentName = (doc: ChangesetDocument) => `${doc.title ?? doc.id} (\`${doc.file}\`)`;

/**
 * The changeset text. `docs` are the package's documents that changed, in manifest order.
 * Breaking changes come first, then additions, then documentation.
 */
export function renderChangeset({
  pkg,
  bump,
  docs,
  pins = false,
}: {
  pkg: string;
  bump: Bump;
  docs: ChangesetDocument[];
  /** The package ships the documents (through a dependency) rather than being generated from them. */
  pins?: boolean;
}): string {
  const lines = ['---', `${JSON.stringify(pkg)}: ${bump}`, '---', ''];
  if (pins) {
    const served = docs.map(
      (doc) =>
        `${documentName(doc)}${doc.version ? ` version ${doc.version}` : ''}, canonical sha256 \`${doc.sha256?.slice(0, 12)}…\``,
    );
    lines.push(
      `Takes the \`@zoom-api/testing\` built from Zoom's updated ${docs.length === 1 ? 'document' : 'documents'}: ` +
        `\`zoom-api --mock\` answers from ${served.join(', ')} (\`zoom-api --version\` lists the documents it serves), ` +
        'and the commands follow the changes below.',
      '',
    );
  }
  const only = docs.length === 1 ? docs[0] : undefined;
  if (only) {
    lines.push(`Zoom updated the ${documentName(only)} document.`, '');
    lines.push(...[...only.changes].sort(byBumpDescending).map(bullet));
  } else {
    const names = docs.map(documentName);
    lines.push(`Zoom updated the ${names.slice(0, -1).join(', ')} and ${names.at(-1)} documents.`);
    for (const doc of docs) {
      lines.push('', `${documentName(doc)}:`, '');
      lines.push(...[...doc.changes].sort(byBumpDescending).map(bullet));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** "zoom-videosdk-1a2b3c4d.md": the package and the documents' new hashes, so reruns don't collide. */
export function changesetFileName(pkg: string, hashes: readonly string[]): string {
  const slug = pkg.replace(/^@[^/]+\//, '').replace(/[^a-z0-9-]+/gi, '-');
  const digest = createHash('sha256').update(hashes.join('\n')).digest('hex').slice(0, 8);
  return `zoom-${slug}-${digest}.md`;
}

/** The changed documents grouped by package, as `packagesOf` a document says, packages in first-seen order. */
function groupByPackage(
  changes: readonly ClassifiedChange[],
  packagesOf: (specId: string) => readonly string[],
): Map<string, ClassifiedChange[]> {
  const byPackage = new Map<string, ClassifiedChange[]>();
  for (const change of changes) {
    for (const pkg of packagesOf(change.entry.id)) byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), change]);
  }
  return byPackage;
}

/** The changed documents by each package they release: generated from them, or shipping every document. */
export const releasesByPackage = (manifest: Manifest, changes: readonly ClassifiedChange[]) =>
  groupByPackage(changes, (id) => releasedWith(manifest, id));

/** The changed documents by the package generated from them: what to regenerate. */
export const changesByPackage = (manifest: Manifest, changes: readonly ClassifiedChange[]) =>
  groupByPackage(changes, (id) => consumersOf(manifest, id));

/**
 * One changeset per affected package, named so that it collides neither with a changeset already
 * in `.changeset/` nor with another one planned here.
 */
export function planChangesets(
  root: string,
  byPackage: ReadonlyMap<string, readonly ClassifiedChange[]>,
  pinning: ReadonlySet<string> = new Set(),
): PlannedChangeset[] {
  const taken = new Set<string>();
  return [...byPackage].map(([pkg, docs]) => {
    // Each document's bump is set (its hash changed), so the package's is too. A package that only ships
    // the documents takes a patch: its own interface is its generated dependencies', which move on their own.
    const pins = pinning.has(pkg);
    const bump = pins ? 'patch' : (maxBump(...docs.map((c) => c.bump)) ?? 'patch');
    const hashes = docs.map((c) => c.sha256);
    let name = changesetFileName(pkg, hashes);
    for (let n = 2; existsSync(path.join(root, '.changeset', name)) || taken.has(name); n++) {
      name = changesetFileName(pkg, [...hashes, String(n)]);
    }
    taken.add(name);
    const text = renderChangeset({
      pkg,
      bump,
      pins,
      docs: docs.map((c) => ({
        id: c.entry.id,
        file: c.entry.file,
        title: c.doc.info?.title,
        version: c.doc.info?.version,
        sha256: c.sha256,
        changes: c.changes,
      })),
    });
    return { pkg, bump, file: path.join(root, '.changeset', name), text };
  });
}
