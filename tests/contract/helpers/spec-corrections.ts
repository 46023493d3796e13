// The contract run gives Prism a copy of Zoom's document in which each known overlapping `oneOf`
// (scripts/specs/quirks.ts, proved by tests/contract/spec-quirks.test.ts) is narrowed to the one branch
// the request is built from, so what we send is still checked in full against that branch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { narrowQuirks, type SpecQuirk } from '../../../scripts/specs/quirks.ts';
import type { OpenApiDocument } from './spec-arguments.js';

export { SPEC_QUIRKS, type SpecQuirk } from '../../../scripts/specs/quirks.ts';

/** A copy of `doc` with the listed `oneOf`s narrowed to one branch. */
export function correctedDocument(doc: OpenApiDocument, quirks: readonly SpecQuirk[]): OpenApiDocument {
  return narrowQuirks(structuredClone(doc), quirks) as OpenApiDocument;
}

/** Writes `doc` to a temporary file for Prism; `remove()` deletes it again. */
export function writeTemporaryDocument(id: string, doc: OpenApiDocument): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `zoom-contract-${id}-`));
  const file = path.join(dir, `${id}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
