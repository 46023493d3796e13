// Local $ref resolution and the normalised view of a schema the differ compares: what a TypeScript
// generator would see after following references and merging allOf. Zoom's documents contain a few
// dangling references and string-valued "schemas", so nothing here throws on them: they become
// opaque values that are compared as JSON.
import { resolvePointer } from '../../lib/json-pointer.ts';

const MAX_REF_HOPS = 32;

/** A JSON object of Zoom's document, as far as the differ reads it. */
// biome-ignore lint/suspicious/noExplicitAny: Zoom's documents are untyped JSON; the differ checks shapes at each read.
export type JsonObject = Record<string, any>;

export interface Deref {
  node: unknown;
  /** The first reference followed: the identity used to stop on cycles. */
  ref: string | null;
  /** Set when a reference leads nowhere (or out of the document, or round in circles). */
  dangling: boolean;
}

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function pointerGet(doc: unknown, ref: string): unknown {
  try {
    return resolvePointer(doc, ref);
  } catch {
    return undefined; // a malformed pointer is just another dangling reference
  }
}

/** Follows `$ref` chains inside `doc`. */
export function deref(doc: unknown, node: unknown): Deref {
  let first: string | null = null;
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    const ref: string = current.$ref;
    first ??= ref;
    if (!(ref === '#' || ref.startsWith('#/')) || hops >= MAX_REF_HOPS)
      return { node: current, ref: first, dangling: true };
    const target = pointerGet(doc, ref);
    if (target === undefined) return { node: current, ref: first, dangling: true };
    current = target;
  }
  return { node: current, ref: first, dangling: false };
}

export const CONSTRAINT_KEYS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'default',
  'readOnly',
  'writeOnly',
] as const;
export type ConstraintKey = (typeof CONSTRAINT_KEYS)[number];

/** A schema that could be read as an object, flattened the way a generator sees it. */
export interface ReadableSchemaView {
  opaque: undefined;
  ref: string | null;
  types: string[];
  nullable: boolean;
  enum: unknown[] | null;
  format: unknown;
  description: unknown;
  title: unknown;
  example: unknown;
  deprecated: boolean;
  properties: Record<string, unknown>;
  required: Set<string>;
  items: unknown;
  additionalProperties: unknown;
  oneOf: unknown[];
  anyOf: unknown[];
  constraints: Partial<Record<ConstraintKey, unknown>>;
}

/** A schema that cannot be read as an object (dangling $ref, a string where a schema belongs…). */
export interface OpaqueSchemaView {
  /** The raw value (null when there was none); compared as JSON. */
  opaque: unknown;
  ref: string | null;
}

export type SchemaView = ReadableSchemaView | OpaqueSchemaView;

export const isReadable = (view: SchemaView): view is ReadableSchemaView => view.opaque === undefined;

/** The normalised view of the schema `raw` inside `doc`. */
export function viewSchema(doc: unknown, raw: unknown, seen: Set<unknown> = new Set()): SchemaView {
  const { node, ref, dangling } = deref(doc, raw);
  if (dangling || !isObject(node)) {
    return { opaque: node === undefined ? null : node, ref };
  }
  const view: ReadableSchemaView = {
    opaque: undefined,
    ref,
    types: [],
    nullable: false,
    enum: Array.isArray(node.enum) ? node.enum : null,
    format: node.format,
    description: node.description,
    title: node.title,
    example: node.example ?? node.examples,
    deprecated: node.deprecated === true,
    properties: { ...(isObject(node.properties) ? node.properties : {}) },
    required: new Set(Array.isArray(node.required) ? node.required : []),
    items: node.items,
    additionalProperties: node.additionalProperties,
    oneOf: Array.isArray(node.oneOf) ? node.oneOf : [],
    anyOf: Array.isArray(node.anyOf) ? node.anyOf : [],
    constraints: {},
  };
  const declared: unknown[] = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  for (const t of declared) {
    if (t === 'null') view.nullable = true;
    else view.types.push(String(t));
  }
  if (node.nullable === true) view.nullable = true;
  for (const key of CONSTRAINT_KEYS) if (node[key] !== undefined) view.constraints[key] = node[key];

  // allOf is an intersection: generators type it as one object, so compare it as one.
  if (Array.isArray(node.allOf) && node.allOf.length) {
    const guard = ref ?? node;
    if (!seen.has(guard)) {
      seen.add(guard);
      for (const part of node.allOf) mergeInto(view, viewSchema(doc, part, seen));
      seen.delete(guard);
    }
  }
  if (!view.types.length) {
    if (Object.keys(view.properties).length) view.types.push('object');
    else if (view.items !== undefined) view.types.push('array');
  }
  view.types = [...new Set(view.types)].sort();
  return view;
}

function mergeInto(view: ReadableSchemaView, part: SchemaView): void {
  if (!isReadable(part)) return;
  for (const [name, schema] of Object.entries(part.properties))
    if (!(name in view.properties)) view.properties[name] = schema;
  for (const name of part.required) view.required.add(name);
  if (!view.types.length) view.types.push(...part.types);
  view.nullable ||= part.nullable;
  view.enum ??= part.enum;
  view.format ??= part.format;
  view.description ??= part.description;
  view.items ??= part.items;
  view.additionalProperties ??= part.additionalProperties;
  if (!view.oneOf.length) view.oneOf = part.oneOf;
  if (!view.anyOf.length) view.anyOf = part.anyOf;
  for (const [k, v] of Object.entries(part.constraints) as [ConstraintKey, unknown][]) view.constraints[k] ??= v;
}
