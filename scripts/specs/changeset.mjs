// Renders the changeset (changesets 2.x format) that releases one package after Zoom updated one
// or more of the documents it is generated from.
import { createHash } from 'node:crypto';
import { BUMPS } from './diff/index.mjs';

const byBumpDescending = (a, b) => BUMPS.indexOf(b.bump) - BUMPS.indexOf(a.bump);
const bullet = (change) => `- ${change.bump === 'major' ? 'Breaking: ' : ''}${change.text}`;
const documentName = (doc) => `${doc.title ?? doc.id} (\`${doc.file}\`)`;

/**
 * `docs`: [{ id, file, title, changes }] — the package's documents that changed, in manifest order.
 * Breaking changes come first, then additions, then documentation.
 */
export function renderChangeset({ pkg, bump, docs }) {
  const lines = ['---', `${JSON.stringify(pkg)}: ${bump}`, '---', ''];
  if (docs.length === 1) {
    lines.push(`Zoom updated the ${documentName(docs[0])} document.`, '');
    lines.push(...[...docs[0].changes].sort(byBumpDescending).map(bullet));
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
export function changesetFileName(pkg, hashes) {
  const slug = pkg.replace(/^@[^/]+\//, '').replace(/[^a-z0-9-]+/gi, '-');
  const digest = createHash('sha256').update(hashes.join('\n')).digest('hex').slice(0, 8);
  return `zoom-${slug}-${digest}.md`;
}
