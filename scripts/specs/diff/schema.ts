// Compares two schemas for the consumer of the generated TypeScript. The direction decides the
// bump: an "input" is something the caller writes (parameters, request bodies), an "output" is
// something the caller reads (responses, webhook payloads). Narrowing an input or widening an
// output can break code that compiled before; the opposite only adds possibilities.
import canonicalize from 'canonicalize';
import type { Bump, DiffContext } from './change.ts';
import {
  CONSTRAINT_KEYS,
  type ConstraintKey,
  deref,
  isObject,
  isReadable,
  type ReadableSchemaView,
  type SchemaView,
  viewSchema,
} from './refs.ts';

const MAX_DEPTH = 48;

/** "input": the caller writes it (parameters, request bodies); "output": the caller reads it. */
export type Direction = 'input' | 'output';

export interface SchemaContext extends DiffContext {
  direction: Direction;
  /** Pairs of references being compared further up: recursive schemas stop there. */
  stack?: Set<string>;
  depth?: number;
}

/** A place in a schema, described in words: "response field `sessions[].duration`". */
export interface Label {
  /** What the whole schema is: "response", "query parameter `type`". */
  root: string;
  /** How a field inside it is introduced: "response field". */
  field: string;
  /** The field: "sessions[].duration" ('' for the schema itself). */
  path: string;
  note: string;
}

export function label(root: string, field: string, path = '', note = ''): Label {
  return { root, field, path, note };
}
export function describe(l: Label): string {
  if (!l.path) return l.root + l.note;
  if (l.path === '[]') return `${l.root} items${l.note}`;
  return `${l.field} \`${l.path}\`${l.note}`;
}
const child = (l: Label, name: string): Label => ({ ...l, path: l.path ? `${l.path}.${name}` : name });
const itemsOf = (l: Label): Label => ({ ...l, path: `${l.path}[]` });
const valuesOf = (l: Label): Label => ({ ...l, path: l.path ? `${l.path}.*` : '*' });

/** Picks the bump for a change that hurts callers in one direction and not the other. */
const by = (ctx: SchemaContext, input: Bump, output: Bump): Bump => (ctx.direction === 'input' ? input : output);

export const canonical = (v: unknown): string => (v === undefined ? 'undefined' : (canonicalize(v) ?? 'undefined'));
/** Inline code for a value taken from Zoom's document, safe even when it contains backticks or newlines. */
export function code(v: unknown): string {
  const text = (typeof v === 'string' ? v : JSON.stringify(v)).replace(/\s+/g, ' ');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}
const list = (values: unknown[]): string => values.map(code).join(', ');
const plural = (values: unknown[], one: string, many: string): string => (values.length === 1 ? one : many);
const typeWords = (view: ReadableSchemaView): string => (view.types.length ? view.types.join(' or ') : 'any');

const CONSTRAINT_WORDS: Record<ConstraintKey, string> = {
  minimum: 'minimum',
  maximum: 'maximum',
  exclusiveMinimum: 'exclusive minimum',
  exclusiveMaximum: 'exclusive maximum',
  multipleOf: 'multiple-of constraint',
  minLength: 'minimum length',
  maxLength: 'maximum length',
  pattern: 'pattern',
  minItems: 'minimum number of items',
  maxItems: 'maximum number of items',
  uniqueItems: 'unique-items flag',
  minProperties: 'minimum number of fields',
  maxProperties: 'maximum number of fields',
  default: 'default value',
  readOnly: 'read-only flag',
  writeOnly: 'write-only flag',
};

/**
 * Emits every change between `oldRaw` (in ctx.oldDoc) and `newRaw` (in ctx.newDoc) through
 * ctx.emit(kind, bump, text).
 */
export function diffSchema(ctx: SchemaContext, where: Label, oldRaw: unknown, newRaw: unknown): void {
  const depth = ctx.depth ?? 0;
  if (depth > MAX_DEPTH) return;
  const a = viewSchema(ctx.oldDoc, oldRaw);
  const b = viewSchema(ctx.newDoc, newRaw);
  // Recursive schemas: stop when this pair of references is already being compared further up.
  const stack = ctx.stack ?? new Set();
  const pair = a.ref && b.ref ? `${a.ref}\u0000${b.ref}` : null;
  if (pair && stack.has(pair)) return;
  if (pair) stack.add(pair);
  try {
    compare({ ...ctx, stack, depth: depth + 1 }, where, a, b, oldRaw, newRaw);
  } finally {
    if (pair) stack.delete(pair);
  }
}

function compare(
  ctx: SchemaContext,
  where: Label,
  a: SchemaView,
  b: SchemaView,
  oldRaw: unknown,
  newRaw: unknown,
): void {
  const { emit } = ctx;
  const L = describe(where);
  if (!isReadable(a) || !isReadable(b)) {
    if (canonical(deref(ctx.oldDoc, oldRaw).node) !== canonical(deref(ctx.newDoc, newRaw).node)) {
      emit('schema-unreadable', 'major', `${L} changed in a form this tool cannot compare (review it by hand)`);
    }
    return;
  }

  if (a.types.join() !== b.types.join()) {
    emit('type-changed', 'major', `${L} changed from ${typeWords(a)} to ${typeWords(b)}`);
    return; // the rest of the comparison would only restate the new type
  }
  if (a.nullable !== b.nullable) {
    if (b.nullable) emit('nullable-added', by(ctx, 'minor', 'major'), `${L} can now be null`);
    else emit('nullable-removed', by(ctx, 'major', 'minor'), `${L} can no longer be null`);
  }
  compareEnum(ctx, L, a.enum, b.enum);

  if ((a.description ?? '') !== (b.description ?? '')) emit('description-changed', 'patch', `${L} description changed`);
  if ((a.title ?? '') !== (b.title ?? '')) emit('title-changed', 'patch', `${L} title changed`);
  if (canonical(a.example) !== canonical(b.example)) emit('example-changed', 'patch', `${L} example changed`);
  if (a.deprecated !== b.deprecated) {
    emit('deprecated-changed', 'patch', b.deprecated ? `${L} is now deprecated` : `${L} is no longer deprecated`);
  }
  if ((a.format ?? '') !== (b.format ?? '')) {
    emit('format-changed', 'patch', `${L} format changed from ${a.format ?? 'none'} to ${b.format ?? 'none'}`);
  }
  for (const key of CONSTRAINT_KEYS) {
    const [x, y] = [a.constraints[key], b.constraints[key]];
    if (canonical(x) !== canonical(y)) {
      const words = (v: unknown) => (v === undefined ? 'none' : code(v));
      emit('constraint-changed', 'patch', `${L} ${CONSTRAINT_WORDS[key]} changed from ${words(x)} to ${words(y)}`);
    }
  }

  compareProperties(ctx, where, a, b);
  if (a.items !== undefined || b.items !== undefined) diffSchema(ctx, itemsOf(where), a.items ?? {}, b.items ?? {});
  compareAdditional(ctx, where, a.additionalProperties, b.additionalProperties);
  compareVariants(ctx, where, 'oneOf', a.oneOf, b.oneOf);
  compareVariants(ctx, where, 'anyOf', a.anyOf, b.anyOf);
}

function compareEnum(ctx: SchemaContext, L: string, before: unknown[] | null, after: unknown[] | null): void {
  const { emit } = ctx;
  if (!before) {
    if (!after) return;
    emit('enum-added', by(ctx, 'major', 'minor'), `${L} is now limited to ${list(after)}`);
    return;
  }
  if (!after) {
    emit('enum-removed', 'minor', `${L} is no longer limited to a fixed set of values`);
    return;
  }
  const had = new Set(before.map(canonical));
  const has = new Set(after.map(canonical));
  const gained = after.filter((v) => !had.has(canonical(v)));
  const lost = before.filter((v) => !has.has(canonical(v)));
  if (lost.length) {
    emit('enum-value-removed', 'major', `${L} lost ${plural(lost, 'the value', 'the values')} ${list(lost)}`);
  }
  if (gained.length) {
    emit('enum-value-added', 'minor', `${L} gained ${plural(gained, 'the value', 'the values')} ${list(gained)}`);
  }
}

function compareProperties(ctx: SchemaContext, where: Label, a: ReadableSchemaView, b: ReadableSchemaView): void {
  const { emit } = ctx;
  for (const name of Object.keys(a.properties)) {
    if (!(name in b.properties)) emit('property-removed', 'major', `${describe(child(where, name))} was removed`);
  }
  for (const name of Object.keys(b.properties)) {
    const w = child(where, name);
    if (!(name in a.properties)) {
      if (ctx.direction === 'output') emit('property-added', 'minor', `new ${describe(w)}`);
      else if (b.required.has(name)) emit('property-added-required', 'major', `new required ${describe(w)}`);
      else emit('property-added', 'minor', `new optional ${describe(w)}`);
      continue;
    }
    const [was, is] = [a.required.has(name), b.required.has(name)];
    if (was !== is) {
      if (ctx.direction === 'input') {
        if (is) emit('property-required', 'major', `${describe(w)} is now required`);
        else emit('property-optional', 'minor', `${describe(w)} is now optional`);
      } else if (is) emit('property-required', 'minor', `${describe(w)} is now always present`);
      else emit('property-optional', 'major', `${describe(w)} may now be absent`);
    }
    diffSchema(ctx, w, a.properties[name], b.properties[name]);
  }
}

function compareAdditional(ctx: SchemaContext, where: Label, before: unknown, after: unknown): void {
  if (isObject(before) && isObject(after)) {
    diffSchema(ctx, valuesOf(where), before, after);
    return;
  }
  const allows = (v: unknown) => v !== undefined && v !== false;
  if (allows(before) !== allows(after) || (allows(before) && canonical(before) !== canonical(after))) {
    const L = describe(where);
    const now = allows(after);
    ctx.emit(
      'additional-properties-changed',
      now ? 'minor' : by(ctx, 'major', 'minor'),
      now ? `${L} now allows fields the document does not list` : `${L} no longer allows unlisted fields`,
    );
  }
}

/** Alternatives are matched when identical, then in order; the rest were added or removed. */
function compareVariants(
  ctx: SchemaContext,
  where: Label,
  keyword: 'oneOf' | 'anyOf',
  before: unknown[],
  after: unknown[],
): void {
  if (!before.length && !after.length) return;
  const keyed = (doc: unknown, raws: unknown[]) =>
    raws.map((raw, i) => ({ raw, i, key: canonical(deref(doc, raw).node) }));
  const olds = keyed(ctx.oldDoc, before);
  const news = keyed(ctx.newDoc, after);
  const unmatchedOld = olds.filter((old) => !news.some((now) => now.key === old.key));
  const unmatchedNew = news.filter((now) => !olds.some((old) => old.key === now.key));
  const L = describe(where);
  const pairs = Math.min(unmatchedOld.length, unmatchedNew.length);
  // Paired in order while both sides have one left.
  for (const [k, old] of unmatchedOld.entries()) {
    const now = unmatchedNew[k];
    if (now === undefined) break;
    diffSchema(ctx, { ...where, note: `${where.note} (alternative ${now.i + 1} of ${keyword})` }, old.raw, now.raw);
  }
  for (const { i } of unmatchedOld.slice(pairs)) {
    ctx.emit('variant-removed', 'major', `${L} lost alternative ${i + 1} of its ${keyword} shapes`);
  }
  for (const { i: j } of unmatchedNew.slice(pairs)) {
    ctx.emit('variant-added', 'minor', `${L} gained a new alternative shape (${keyword} ${j + 1})`);
  }
}
