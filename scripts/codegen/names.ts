// Function names for operations: verb-first camelCase from Zoom's summary, kept stable by the
// committed specs/names.json ("METHOD /path" → name). The file holds the final names, exactly as
// exported; a name derived here is only a proposal for an operation the file does not know yet.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listOperations, type OpenApiDocument, ROOT } from '../specs/lib.ts';

/** specs/names.json: document id → ("METHOD /path" → function name). */
export type NamesFile = Record<string, Record<string, string>>;

export interface ResolvedName {
  name: string;
  /** False for a proposal derived from the summary, not yet in specs/names.json. */
  committed: boolean;
}

/** "METHOD /path" → the operation's function name. */
export type NameTable = Map<string, ResolvedName>;

const ARTICLES = new Set(['a', 'an', 'the']);
const VERBS = new Set([
  'add',
  'assign',
  'cancel',
  'change',
  'check',
  'create',
  'delete',
  'disassociate',
  'download',
  'end',
  'get',
  'list',
  'recover',
  'remove',
  'set',
  'start',
  'stop',
  'unassign',
  'update',
  'upload',
  'use',
]);

export const operationKey = (method: string, p: string): string => `${method.toUpperCase()} ${p}`;

/** "List session's recordings" → "listSessionRecordings"; "Storage location detail" → "getStorageLocationDetail". */
export function nameFromSummary(summary: unknown): string {
  const words = String(summary ?? '')
    .replace(/['’]s\b/g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w && !ARTICLES.has(w.toLowerCase()));
  if (!words.length) throw new Error(`Cannot derive a function name from an empty summary`);
  if (!VERBS.has((words[0] as string).toLowerCase())) words.unshift('get');
  return words
    .map((w, i) => {
      // Acronyms (SIP, URI, QoS, ID) become ordinary words so the result is plain camelCase.
      const lower = w.toLowerCase();
      return i === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('');
}

export function readNames(root: string = ROOT): NamesFile {
  return JSON.parse(readFileSync(path.join(root, 'specs', 'names.json'), 'utf8')) as NamesFile;
}

/**
 * The name table of one document: committed names first, derived proposals for the rest.
 * Throws when two operations would export the same name.
 */
export function resolveNames(specId: string, doc: OpenApiDocument, names: NamesFile = readNames()): NameTable {
  const committed = names[specId] ?? {};
  const table: NameTable = new Map();
  for (const { method, path: p, operation } of listOperations(doc)) {
    const key = operationKey(method, p);
    table.set(key, { name: committed[key] ?? nameFromSummary(operation.summary), committed: key in committed });
  }
  const seen = new Map<string, string>();
  for (const [key, { name }] of table) {
    if (seen.has(name)) {
      throw new Error(
        `${specId}: "${seen.get(name)}" and "${key}" both map to ${name}(). Give one of them another name in specs/names.json.`,
      );
    }
    seen.set(name, key);
  }
  return table;
}

/** Problems with the names file against the given documents ({ id: doc }). */
export function checkNames(docs: Record<string, OpenApiDocument>, root: string = ROOT): string[] {
  const problems: string[] = [];
  let names: NamesFile;
  try {
    names = readNames(root);
  } catch (err) {
    return [`specs/names.json cannot be read: ${(err as Error).message}`];
  }
  for (const [id, doc] of Object.entries(docs)) {
    if (!doc.paths) continue;
    try {
      const table = resolveNames(id, doc, names);
      for (const [key, { name, committed }] of table) {
        if (!committed) problems.push(`specs/names.json has no name for ${id} "${key}" (proposed: ${name}).`);
      }
      for (const key of Object.keys(names[id] ?? {})) {
        if (!table.has(key)) problems.push(`specs/names.json names ${id} "${key}", which the document no longer has.`);
      }
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return problems;
}
