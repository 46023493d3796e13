// Zoom's documents contain a few `oneOf`s whose branches overlap, so a request that is right by the
// document's intent matches two branches and a validator must reject it ("must match exactly one
// schema in oneOf"). tests/contract/spec-quirks.test.ts proves each case against the unchanged
// document; the packages' READMEs list them under "Known spec quirks". For the contract run, Prism
// gets a copy of the document in which exactly these `oneOf`s are narrowed to the one branch the
// request is built from, so what we send is still checked in full against that branch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OpenApiDocument } from './spec-arguments.js';

type Json = Record<string, unknown>;

export interface SpecCorrection {
  /** `METHOD /path` as in the document. */
  operation: string;
  /** Where the overlapping `oneOf` is: the JSON request body's schema, or a path parameter's schema. */
  at: { requestBody: true } | { pathParameter: string };
  /** The branch the contract request is built from (and Prism checks it against). */
  branch: number;
  /** Why this branch. */
  why: string;
}

/** The same four cases in the Accounts document and its master-account variant (whose metrics paths are nested). */
function accountsCorrections(metricsPrefix: string): SpecCorrection[] {
  return [
    {
      operation: 'PATCH /accounts/{accountId}/settings',
      at: { requestBody: true },
      branch: 2,
      why: "meeting security settings, matching the document's example for the `option` query parameter",
    },
    {
      operation: 'PATCH /accounts/{accountId}/lock_settings',
      at: { requestBody: true },
      branch: 0,
      why: 'the general locked settings',
    },
    {
      operation: `GET ${metricsPrefix}/metrics/meetings/{meetingId}/participants/satisfaction`,
      at: { pathParameter: 'meetingId' },
      branch: 0,
      why: 'a numeric meeting ID, the common form',
    },
    {
      operation: `GET ${metricsPrefix}/metrics/meetings/{meetingId}/participants/sharing`,
      at: { pathParameter: 'meetingId' },
      branch: 0,
      why: 'a numeric meeting ID, the common form',
    },
  ];
}

/** The corrections per manifest id; documents not listed are used unchanged. */
export const SPEC_CORRECTIONS: Record<string, SpecCorrection[]> = {
  accounts: accountsCorrections(''),
  'accounts-ma': accountsCorrections('/accounts/{accountId}'),
};

/** The schema holding the overlapping `oneOf`, in `doc` (which is changed in place by the caller). */
export function correctionTarget(doc: OpenApiDocument, correction: SpecCorrection): Json {
  const [method, route] = correction.operation.split(' ');
  const operation = doc.paths[route]?.[method.toLowerCase()];
  if (!operation) throw new Error(`Spec correction for ${correction.operation}: no such operation any more`);
  let schema: Json | undefined;
  if ('requestBody' in correction.at) {
    const content = (operation.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
    schema = content?.['application/json']?.schema as Json | undefined;
  } else {
    const name = correction.at.pathParameter;
    const parameters = (operation.parameters ?? []) as Json[];
    schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema as Json | undefined;
  }
  if (!Array.isArray(schema?.oneOf) || schema.oneOf.length <= correction.branch) {
    throw new Error(
      `Spec correction for ${correction.operation} no longer applies (no oneOf with branch ${correction.branch}): ` +
        'Zoom changed the document; re-check the quirk and remove the correction and its README entry.',
    );
  }
  return schema;
}

/** A copy of `doc` with the listed `oneOf`s narrowed to one branch. */
export function correctedDocument(doc: OpenApiDocument, corrections: readonly SpecCorrection[]): OpenApiDocument {
  const copy = structuredClone(doc);
  for (const correction of corrections) {
    const schema = correctionTarget(copy, correction);
    const branch = (schema.oneOf as Json[])[correction.branch];
    delete schema.oneOf;
    Object.assign(schema, branch);
  }
  return copy;
}

/** Writes `doc` to a temporary file for Prism; `remove()` deletes it again. */
export function writeTemporaryDocument(id: string, doc: OpenApiDocument): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `zoom-contract-${id}-`));
  const file = path.join(dir, `${id}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
