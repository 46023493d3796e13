// Local $ref resolution and the normalised view of a schema the differ compares: what a TypeScript
// generator would see after following references and merging allOf. Zoom's documents contain a few
// dangling references and string-valued "schemas", so nothing here throws on them: they become
// opaque values that are compared as JSON.

const MAX_REF_HOPS = 32;

function pointerGet(doc, ref) {
  if (ref === '#') return doc;
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * Follows `$ref` chains inside `doc`. Returns { node, ref, dangling }: `ref` is the first reference
 * followed (the identity used to stop on cycles), `dangling` is set when a reference leads nowhere.
 */
export function deref(doc, node) {
  let first = null;
  let current = node;
  for (let hops = 0; current && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
    const ref = current.$ref;
    first ??= ref;
    if (!(ref === '#' || ref.startsWith('#/')) || hops >= MAX_REF_HOPS)
      return { node: current, ref: first, dangling: true };
    const target = pointerGet(doc, ref);
    if (target === undefined) return { node: current, ref: first, dangling: true };
    current = target;
  }
  return { node: current, ref: first, dangling: false };
}

const CONSTRAINT_KEYS = [
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
];

export { CONSTRAINT_KEYS };

/**
 * The normalised view of a schema:
 * { opaque, ref, types, nullable, enum, format, description, title, example, deprecated,
 *   properties, required, items, additionalProperties, oneOf, anyOf, constraints }.
 * `opaque` holds the raw value when the schema cannot be read as an object.
 */
export function viewSchema(doc, raw, seen = new Set()) {
  const { node, ref, dangling } = deref(doc, raw);
  if (dangling || node === null || typeof node !== 'object' || Array.isArray(node)) {
    return { opaque: node === undefined ? null : node, ref };
  }
  const view = {
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
  const declared = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
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

function mergeInto(view, part) {
  if (part.opaque !== undefined) return;
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
  for (const [k, v] of Object.entries(part.constraints)) view.constraints[k] ??= v;
}

export const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
