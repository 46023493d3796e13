#!/usr/bin/env node
// Turns the `webhooks` of Zoom's three event documents (OpenAPI 3.1) into TypeScript: one type per
// event, a discriminated union on `event`, an event-name → type map and runtime lists of the names.
// A purpose-built converter rather than @hey-api/openapi-ts: we only need request-body types, and we
// need them keyed by event name with a literal `event`, which hey-api's webhook output does not give.
//
// The documents are the `events` of the registry's events package (specs/manifest.json), read from the
// package's codegen.json (its slice of the manifest, written by `pnpm products:sync`) so that updating a
// document it does not consume leaves its generate hash alone.
//
// Usage: tsx scripts/codegen/webhooks/generate-events.ts <package folder> [--specs-dir DIR] [--out FILE]
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDocumentRef } from '../../lib/json-pointer.ts';
import {
  type EventSource,
  isEventsPackage,
  type JsonObject,
  type OpenApiDocument,
  type RegistryPackage,
  ROOT,
  readCodegenInput,
  readManifest,
  readRegistry,
  SPECS_DIR,
} from '../../specs/lib.ts';

/** One event document as the generator reads it: its registry entry plus the file under specs/. */
export interface EventDocument extends EventSource {
  file: string;
}

export interface LoadedDocument extends EventDocument {
  doc: OpenApiDocument;
}

type Schema = JsonObject;

/** The event documents of the registry's events package, in registry order. */
export function eventDocuments(root: string = ROOT, registry: RegistryPackage[] = readRegistry(root)): EventDocument[] {
  const pkg = registry.find(isEventsPackage);
  if (!pkg) throw new Error('specs/manifest.json has no package with "events".');
  const files = new Map(readManifest(root).specs.map((s) => [s.id, s.file]));
  return pkg.events.map((source) => ({ ...source, file: files.get(source.spec) ?? `${source.spec}.json` }));
}

// Every notification Zoom sends carries this envelope, but some documents (the account.* events) omit
// `required`; without forcing it the union would not discriminate and `payload.object` would be optional.
const ENVELOPE_REQUIRED = ['event', 'event_ts', 'payload'];
const PAYLOAD_REQUIRED = ['account_id', 'object'];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function fail(message: string): never {
  throw new Error(`generate-events: ${message}`);
}

function literal(value: unknown): string {
  if (typeof value === 'string') {
    return /^[^'\\\n\r\u2028\u2029]*$/.test(value) ? `'${value}'` : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  fail(`cannot express enum value ${JSON.stringify(value)} as a TypeScript literal`);
}

function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : literal(name);
}

function jsDoc(lines: (string | undefined)[], indent: string): string {
  const text = lines.filter(Boolean).join('\n\n').replaceAll('*/', '*\\/').trim();
  if (!text) return '';
  const body = text.split('\n').map((line) => `${indent} *${line ? ` ${line.trimEnd()}` : ''}`);
  return `${indent}/**\n${body.join('\n')}\n${indent} */\n`;
}

function schemaDoc(schema: Schema, indent: string): string {
  return jsDoc([schema.description?.trim(), schema.deprecated ? '@deprecated' : ''], indent);
}

/** The first prose paragraph of an event's description (Zoom's start with a heading and a rule). */
function eventSummary(description = ''): string {
  const paragraph = description
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .find((p) => p && !p.startsWith('#') && !/^-{3,}$/.test(p));
  return paragraph ?? '';
}

function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A local $ref's target (see resolveDocumentRef for the `paths` → `webhooks` retry). */
function resolveRef(doc: OpenApiDocument, ref: string, where: string): Schema {
  if (!ref.startsWith('#/')) fail(`${where}: only local references are supported, got ${ref}`);
  const target = resolveDocumentRef(doc, ref) as Schema | undefined;
  if (target === undefined) fail(`${where}: $ref ${ref} points at nothing in the document`);
  return target;
}

function createConverter(doc: OpenApiDocument, where: string, warnings: string[]) {
  const refStack: string[] = [];

  function convert(raw: unknown, indent: string): string {
    if (raw === true || raw === undefined) return 'unknown';
    if (raw === false) return 'never';
    if (raw === null || typeof raw !== 'object') fail(`${where}: a schema is ${JSON.stringify(raw)}, not an object`);
    const schema = raw as Schema;
    if (schema.$ref) {
      if (refStack.includes(schema.$ref)) fail(`${where}: circular $ref ${schema.$ref}`);
      refStack.push(schema.$ref);
      const type = convert(resolveRef(doc, schema.$ref, where), indent);
      refStack.pop();
      return type;
    }
    const parts: string[] = [];
    const own = convertOwn(schema, indent);
    if (own) parts.push(own);
    for (const sub of schema.allOf ?? []) parts.push(wrap(convert(sub, indent)));
    let type = parts.length ? parts.join(' & ') : 'unknown';
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (alternatives) {
      const union = alternatives.map((sub: unknown) => wrap(convert(sub, indent))).join(' | ');
      type = parts.length ? `${wrap(type)} & (${union})` : union;
    }
    if (schema.nullable === true) type = `${wrap(type)} | null`;
    return type;
  }

  function convertOwn(schema: Schema, indent: string): string {
    if ('const' in schema) return literal(schema.const);
    if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ') || 'never';
    const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
    if (!types.length && (schema.properties || schema.additionalProperties !== undefined)) types.push('object');
    if (!types.length && schema.items) types.push('array');
    return types.map((t) => convertType(t, schema, indent)).join(' | ');
  }

  function convertType(type: string, schema: Schema, indent: string): string {
    switch (type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return `Array<${convert(schema.items, indent)}>`;
      case 'object':
        return convertObject(schema, indent);
      default:
        fail(`${where}: unsupported schema type ${JSON.stringify(type)}`);
    }
  }

  function convertObject(schema: Schema, indent: string): string {
    const inner = `${indent}  `;
    const required = new Set<string>(schema.required ?? []);
    const members = Object.entries<Schema>(schema.properties ?? {}).flatMap(([name, sub]) => {
      // accounts-events.json has `"type": "object"` misplaced inside one `properties` map: a keyword
      // that slipped a level, not a property, so it is dropped (with a warning) rather than typed.
      if (sub === null || typeof sub !== 'object') {
        warnings.push(`${where}: ignored property "${name}", whose schema is ${JSON.stringify(sub)}`);
        return [];
      }
      const comment = schemaDoc(sub.$ref ? { ...resolveRef(doc, sub.$ref, where), ...sub } : sub, inner);
      const optional = required.has(name) ? '' : '?';
      return [`${comment}${inner}${propertyKey(name)}${optional}: ${convert(sub, inner)};`];
    });
    const extra = schema.additionalProperties;
    if (extra !== false && (extra !== undefined || !members.length)) {
      // With named properties present the index signature must admit all of them, hence unknown.
      const value = members.length || extra === true || extra === undefined ? 'unknown' : convert(extra, inner);
      members.push(`${inner}[key: string]: ${value};`);
    }
    if (!members.length) return 'Record<string, never>';
    return `{\n${members.join('\n')}\n${indent}}`;
  }

  return { convert };
}

function wrap(type: string): string {
  return /^[\w$.<>[\]'"]+$/.test(type) || type.startsWith('{') ? type : `(${type})`;
}

function requestSchema(doc: OpenApiDocument, name: string, where: string): { schema: Schema; summary: string } {
  const item = doc.webhooks[name];
  const post = item?.post;
  if (!post) fail(`${where}: webhook "${name}" has no POST operation (methods: ${Object.keys(item ?? {}).join(', ')})`);
  const body = post.requestBody?.$ref ? resolveRef(doc, post.requestBody.$ref, where) : post.requestBody;
  let schema = body?.content?.['application/json']?.schema;
  if (!schema) fail(`${where}: webhook "${name}" has no application/json request body schema`);
  if (schema.$ref) schema = resolveRef(doc, schema.$ref, where);
  return { schema, summary: eventSummary(body.description) };
}

/** The event's schema with the envelope made explicit: a literal `event`, required envelope fields. */
function withEnvelope(doc: OpenApiDocument, name: string, schema: Schema, where: string): Schema {
  const properties = { ...schema.properties };
  if (!properties.payload) fail(`${where}: webhook "${name}" has no payload property`);
  let payload = properties.payload.$ref ? resolveRef(doc, properties.payload.$ref, where) : properties.payload;
  payload = {
    ...payload,
    required: [...new Set([...(payload.required ?? []), ...PAYLOAD_REQUIRED.filter((p) => payload.properties?.[p])])],
  };
  properties.event = { description: properties.event?.description ?? 'The name of the event.', const: name };
  properties.payload = payload;
  const required = [...new Set([...(schema.required ?? []), ...ENVELOPE_REQUIRED.filter((p) => properties[p])])];
  return { ...schema, properties, required };
}

export function loadDocuments(
  specsDir: string = SPECS_DIR,
  documents: EventDocument[] = eventDocuments(),
): LoadedDocument[] {
  return documents.map((source) => {
    const file = path.join(specsDir, source.file);
    let doc: OpenApiDocument;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      fail(`cannot read ${file}: ${(err as Error).message}. Run \`pnpm specs:pull\` at the repository root first.`);
    }
    if (!doc.webhooks || typeof doc.webhooks !== 'object') fail(`${source.file} has no \`webhooks\` section`);
    return { ...source, doc };
  });
}

/**
 * Builds the TypeScript source. An event name found in more than one document gets the union of
 * the documents' shapes (listed in `duplicates`), so the name list stays one entry per event.
 */
export interface GeneratedEvents {
  source: string;
  names: string[];
  duplicates: string[];
  warnings: string[];
}

interface CollectedEvent {
  name: string;
  sources: LoadedDocument[];
  shapes: string[];
  summaries: string[];
}

export function generateEvents(loaded: LoadedDocument[]): GeneratedEvents {
  const byName = new Map<string, CollectedEvent>();
  const warnings: string[] = [];
  for (const source of loaded) {
    for (const name of Object.keys(source.doc.webhooks)) {
      const where = `${source.file} webhook "${name}"`;
      const { schema, summary } = requestSchema(source.doc, name, source.file);
      const enumerated = schema.properties?.event?.enum;
      if (enumerated && !(enumerated.length === 1 && enumerated[0] === name)) {
        fail(`${where}: its \`event\` enum ${JSON.stringify(enumerated)} does not match the webhook name`);
      }
      const { convert } = createConverter(source.doc, where, warnings);
      const type = convert(withEnvelope(source.doc, name, schema, where), '');
      const entry = byName.get(name) ?? { name, sources: [], shapes: [], summaries: [] };
      entry.sources.push(source);
      entry.shapes.push(type);
      if (summary) entry.summaries.push(summary);
      byName.set(name, entry);
    }
  }

  const typeNames = new Map<string, string>();
  for (const name of byName.keys()) {
    const typeName = `${pascalCase(name)}Event`;
    const clash = [...typeNames.entries()].find(([, t]) => t === typeName);
    if (clash) fail(`events "${clash[0]}" and "${name}" would both be named ${typeName}`);
    typeNames.set(name, typeName);
  }

  const duplicates = [...byName.values()].filter((e) => e.sources.length > 1);
  const out: string[] = [];
  out.push(
    '// Generated by scripts/codegen/webhooks/generate-events.ts from',
    `// ${loaded.map((s) => `specs/${s.file}`).join(', ')}. Do not edit; run \`pnpm generate\`.`,
    '',
  );
  for (const entry of byName.values()) {
    const from = entry.sources.map((s) => `${s.label} (${s.file})`).join(' and ');
    const note = entry.sources.length > 1 ? `Documented by ${from}; either shape may arrive.` : `From ${from}.`;
    out.push(`${jsDoc([`\`${entry.name}\`: ${entry.summaries[0] ?? ''}`.trim(), note], '')}`.trimEnd());
    const shape = entry.shapes.length > 1 ? entry.shapes.map(wrap).join(' | ') : entry.shapes[0];
    out.push(`export type ${typeNames.get(entry.name)} = ${shape};`, '');
  }

  out.push(`/** Event name → event type, for every event in the ${loaded.length} documents. */`);
  out.push('export interface ZoomWebhookEventMap {');
  for (const name of byName.keys()) out.push(`  ${literal(name)}: ${typeNames.get(name)};`);
  out.push('}', '');
  out.push('/** The name of every documented Zoom webhook event. */');
  out.push('export type ZoomWebhookEventName = keyof ZoomWebhookEventMap;', '');
  out.push('/** Every documented Zoom webhook event, discriminated on `event`. */');
  out.push('export type ZoomWebhookEvent = ZoomWebhookEventMap[ZoomWebhookEventName];', '');

  for (const source of loaded) {
    const names = Object.keys(source.doc.webhooks);
    out.push(`/** Events documented by ${source.label} (${source.file}). */`);
    out.push(`export type ${source.union} =\n${names.map((n) => `  | ${typeNames.get(n)}`).join('\n')};`, '');
    out.push(`/** Names of the events documented by ${source.label} (${source.file}). */`);
    out.push(
      `export const ${source.list} = [\n${names.map((n) => `  ${literal(n)},`).join('\n')}\n] as const satisfies readonly ZoomWebhookEventName[];`,
      '',
    );
  }

  out.push(`/** Names of all ${byName.size} documented events, each once. */`);
  out.push(
    `export const zoomWebhookEvents = [\n${[...byName.keys()].map((n) => `  ${literal(n)},`).join('\n')}\n] as const satisfies readonly ZoomWebhookEventName[];`,
    '',
  );
  return { source: out.join('\n'), names: [...byName.keys()], duplicates: duplicates.map((d) => d.name), warnings };
}

interface Args {
  specsDir: string;
  out: string;
  documents: EventDocument[];
}

function parseArgs(argv: string[]): Args {
  const usage = 'Usage: generate-events.ts <package folder> [--specs-dir DIR] [--out FILE]';
  const [folder, ...rest] = argv;
  if (!folder || folder.startsWith('-')) fail(`no package folder given. ${usage}`);
  const input = readCodegenInput(folder);
  const pkg = input.package;
  if (!isEventsPackage(pkg))
    fail(`packages/${folder} is not the events package (its codegen.json lists no events). ${usage}`);
  const args: Args = {
    specsDir: SPECS_DIR,
    out: path.join(ROOT, pkg.dir, 'src/generated/events.gen.ts'),
    documents: pkg.events.map((source) => ({
      ...source,
      file: path.posix.relative('specs', input.documents[source.spec] as string),
    })),
  };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[i + 1];
    if ((flag === '--specs-dir' || flag === '--out') && value) {
      args[flag === '--out' ? 'out' : 'specsDir'] = path.resolve(value);
      i++;
    } else {
      fail(`unknown argument ${flag}. ${usage}`);
    }
  }
  return args;
}

function main() {
  const { specsDir, out, documents } = parseArgs(process.argv.slice(2));
  const { source, names, duplicates, warnings } = generateEvents(loadDocuments(specsDir, documents));
  for (const warning of new Set(warnings)) console.warn(`generate-events: warning: ${warning}`);
  mkdirSync(path.dirname(out), { recursive: true });
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, source);
  renameSync(temporary, out);
  const shared = duplicates.length
    ? `; in more than one document (shapes merged as a union): ${duplicates.join(', ')}`
    : '; no event name appears in more than one document';
  console.log(`generate-events: ${names.length} events → ${path.relative(process.cwd(), out)}${shared}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
