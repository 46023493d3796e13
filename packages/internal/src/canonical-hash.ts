// How a Zoom document is identified: the spec tooling records this hash in specs/manifest.json, and
// `zoom-api --mock` checks a downloaded document against the hash its build embedded. One function for
// both, so the two can never disagree about what "the same document" means.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** sha256 of the RFC 8785 canonical form: whitespace, key order and escaping don't change it. */
export function canonicalHash(doc: unknown): string {
  const text = canonicalize(doc);
  if (text === undefined) throw new Error('cannot hash a document that has no JSON form');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
