// A few operations answer with one of several shapes (`oneOf`/`anyOf` in a 2xx JSON response) that
// share no discriminator: GET /accounts/{accountId}/settings is the account's settings, its
// authentication settings, its meeting security settings or a Video SDK account's settings, depending
// on the `option` query and the account. hey-api turns that into an anonymous union of all-optional
// objects, on which reading a property only one shape has (`data.in_session`) does not compile.
//
// This step gives each shape a name (moved into components.schemas of a copy of the document, so
// hey-api emits it as an exported type and the union refers to it) and writes variants.gen.ts with one
// type guard per shape. A guard tests for the properties only its shape has among the answer's shapes;
// an operation where some shape has no such property is left as hey-api emits it, since no guard could
// tell that shape apart honestly.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodePointer } from '../lib/json-pointer.ts';
import { type JsonObject, listOperations, type OpenApiDocument } from '../specs/lib.ts';
import { type NameTable, operationKey } from './names.ts';

export interface ResponseVariant {
  /** The exported type (a component schema name). */
  type: string;
  /** The exported guard, `is<type>`. */
  guard: string;
  /** Properties only this shape has among the answer's shapes, in the document's order. */
  keys: string[];
  /** The document's title of the shape, when it has one. */
  title: string | undefined;
}

export interface VariantGroup {
  /** The operation's function name, e.g. getAccountSettings. */
  operation: string;
  method: string;
  path: string;
  variants: ResponseVariant[];
}

export interface NamedVariants {
  /** A copy of the document with each shape moved to components.schemas (the input left unchanged). */
  doc: OpenApiDocument;
  groups: VariantGroup[];
  /** Operations whose shapes could not all be told apart, with why. */
  skipped: string[];
}

const MEDIA = 'application/json';
const COMPONENT_REF = '#/components/schemas/';

function resolve(doc: OpenApiDocument, value: unknown): JsonObject | undefined {
  let v = value as JsonObject | undefined;
  for (let i = 0; typeof v?.$ref === 'string' && i < 20; i++) {
    v = decodePointer(v.$ref).reduce<JsonObject | undefined>((node, key) => node?.[key], doc);
  }
  return v;
}

/** Every property name a shape can have, through its own `oneOf`/`anyOf`/`allOf` members. */
function propertyNames(doc: OpenApiDocument, schema: unknown, seen = new Set<unknown>()): Set<string> {
  const node = resolve(doc, schema);
  const names = new Set<string>();
  if (!node || seen.has(node)) return names;
  seen.add(node);
  for (const name of Object.keys(node.properties ?? {})) names.add(name);
  for (const member of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) {
    for (const name of propertyNames(doc, member, seen)) names.add(name);
  }
  return names;
}

const words = (text: string) => text.match(/[A-Za-z0-9]+/g) ?? [];
// "Video SDK Account Settings" → VideoSdkAccountSettings: an all-capitals word is an acronym, written
// as one capital, as the rest of the generated names do (createVideoSdkClient).
const pascal = (text: string) =>
  words(text)
    .map((w) => w[0]?.toUpperCase() + w.slice(1).toLowerCase())
    .join('');
const capitalize = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;
const keyWord = (key: string) => words(key).map(capitalize).join('');

/** Names and guards for every multi-shape 2xx JSON answer of `doc` that can be told apart. */
export function nameResponseVariants(source: OpenApiDocument, table: NameTable): NamedVariants {
  const doc = structuredClone(source);
  const groups: VariantGroup[] = [];
  const skipped: string[] = [];
  const components: JsonObject = doc.components ?? {};
  const schemas: JsonObject = components.schemas ?? {};
  const taken = new Set(Object.keys(schemas));
  for (const { method, path: p, operation } of listOperations(doc)) {
    const name = table.get(operationKey(method, p))?.name;
    if (!name) continue;
    for (const [status, raw] of Object.entries<unknown>(operation.responses ?? {})) {
      if (!/^2\d\d$/.test(status)) continue;
      const media = resolve(doc, raw)?.content?.[MEDIA];
      const union = resolve(doc, media?.schema);
      const members: unknown[] | undefined = union?.oneOf ?? union?.anyOf;
      if (!union || !Array.isArray(members) || members.length < 2) continue;
      const where = `${method} ${p} (${name}) ${status}`;
      const keySets = members.map((m) => propertyNames(doc, m));
      const unique = keySets.map((keys, i) => [...keys].filter((k) => keySets.every((o, j) => j === i || !o.has(k))));
      const blind = unique.findIndex((keys) => keys.length === 0);
      if (blind >= 0) {
        const title = resolve(doc, members[blind])?.title;
        skipped.push(`${where}: shape ${blind + 1}${title ? ` ("${title}")` : ''} has no property of its own`);
        continue;
      }
      const variants = members.map((member, i): ResponseVariant => {
        const keys = unique[i] as string[];
        const ref = (member as JsonObject).$ref;
        const title = resolve(doc, member)?.title;
        let type: string;
        if (typeof ref === 'string' && ref.startsWith(COMPONENT_REF)) {
          type = ref.slice(COMPONENT_REF.length);
        } else {
          // Untitled: named after the operation and the first property only this shape has, which stays
          // the same as long as the document keeps that property first.
          type = title ? pascal(title) : `${capitalize(name)}With${keyWord(keys[0] as string)}`;
          if (!/^[A-Z]\w*$/.test(type) || taken.has(type)) {
            throw new Error(`${where}: shape ${i + 1} would be named ${type}, which is taken or not a name`);
          }
          taken.add(type);
          schemas[type] = member;
          members[i] = { $ref: `${COMPONENT_REF}${type}` };
        }
        return { type, guard: `is${type}`, keys, title };
      });
      groups.push({ operation: name, method, path: p, variants });
    }
  }
  if (groups.length) doc.components = { ...components, schemas };
  return { doc, groups, skipped };
}

// Built rather than written out, so that this file has no relative import-like text for the tools that
// follow a generator's imports (products:sync's turbo inputs) to trip on.
const TYPES_MODULE = `'${'.'}/types.gen.js'`;
const HEADER =
  '// Generated by scripts/codegen/response-variants.ts from the registry in specs/manifest.json. Do not edit.';

/** variants.gen.ts in `dir` (next to hey-api's types.gen.ts): one guard per named shape. */
export function writeVariantGuards(dir: string, groups: readonly VariantGroup[]): void {
  const lines = [HEADER];
  const types = new Set<string>();
  const body: string[] = [];
  for (const group of groups) {
    const response = `${capitalize(group.operation)}Response`;
    types.add(response);
    for (const variant of group.variants) {
      types.add(variant.type);
      const others = group.variants.filter((v) => v !== variant).map((v) => v.type);
      const keys = variant.keys.map((k) => `\`${k}\``).join(', ');
      body.push(
        '',
        '/**',
        ` * Whether \`${group.operation}\` (${group.method} ${group.path}) answered with the ${variant.type} shape`,
        ` * rather than ${others.join(', ')}: true when it has any of ${keys}, which only that shape has.`,
        ' * An answer trimmed to fields all shapes share (e.g. by a filter) matches no guard.',
        ' */',
        `export function ${variant.guard}(data: ${response}): data is ${variant.type} {`,
        `  return hasAny(data, ${JSON.stringify(variant.keys)});`,
        '}',
      );
    }
  }
  if (body.length) {
    lines.push(
      `import type { ${[...types].sort().join(', ')} } from ${TYPES_MODULE};`,
      '',
      'function hasAny(data: unknown, keys: readonly string[]): boolean {',
      "  return typeof data === 'object' && data !== null && keys.some((key) => key in data);",
      '}',
      ...body,
    );
  } else {
    lines.push('export {};');
  }
  writeFileSync(path.join(dir, 'variants.gen.ts'), `${lines.join('\n')}\n`);
}
