// Arguments for one operation, taken from Zoom's document: every path parameter, every query parameter
// the document gives a value for (required ones always), and a request body when the operation has one.
// Values come from the document's examples and defaults first; openapi-sampler fills in the rest from
// the schema (it too prefers examples, defaults and enums).
import type { OperationInfo } from '@zoom-api/core';
import { sample } from 'openapi-sampler';

type Json = Record<string, unknown>;
export type OpenApiDocument = { paths: Record<string, Record<string, Json>> } & Json;

export interface OperationArguments {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  /** The media type the body is sent as (the first one the document lists). */
  contentType?: string;
}

function resolve<T extends Json>(doc: OpenApiDocument, value: T): T {
  let current: Json = value;
  for (let hops = 0; typeof current?.$ref === 'string'; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#/') || hops > 20) throw new Error(`Unsupported or circular $ref ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<Json>((node, key) => node?.[key] as Json, doc);
  }
  return current as T;
}

/** The document's own object for an operation of the generated table. */
export function specOperation(doc: OpenApiDocument, op: Pick<OperationInfo, 'method' | 'path'>): Json {
  const item = doc.paths[op.path];
  const operation = item?.[op.method.toLowerCase()];
  if (!operation) throw new Error(`${op.method} ${op.path} is in the operations table but not in the document`);
  return operation;
}

function firstExample(holder: Json): { found: boolean; value?: unknown } {
  if ('example' in holder) return { found: true, value: holder.example };
  const examples = holder.examples as Record<string, Json> | undefined;
  const first = examples && Object.values(examples)[0];
  if (first && 'value' in first) return { found: true, value: first.value };
  return { found: false };
}

function schemaValue(doc: OpenApiDocument, schema: Json): unknown {
  const own = firstExample(schema);
  if (own.found) return own.value;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  return sample(schema as never, { skipReadOnly: true, quiet: true }, doc);
}

function parameterValue(doc: OpenApiDocument, parameter: Json): { given: boolean; value: unknown } {
  const schema = resolve(doc, (parameter.schema ?? {}) as Json);
  const own = firstExample(parameter);
  if (own.found) return { given: true, value: own.value };
  const given = firstExample(schema).found || 'default' in schema || Array.isArray(schema.enum);
  return { given, value: schemaValue(doc, schema) };
}

/** Builds `{ path, query, body }` for one call of `op`, from the document alone. */
export function operationArguments(doc: OpenApiDocument, op: OperationInfo): OperationArguments {
  const operation = specOperation(doc, op);
  const shared = (doc.paths[op.path]?.parameters ?? []) as unknown as Json[];
  const own = (operation.parameters ?? []) as Json[];
  // Operation-level parameters override path-level ones of the same name and location.
  const byKey = new Map<string, Json>();
  for (const raw of [...shared, ...own]) {
    const parameter = resolve(doc, raw);
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }

  const args: OperationArguments = {};
  for (const parameter of byKey.values()) {
    const name = parameter.name as string;
    const { given, value } = parameterValue(doc, parameter);
    if (parameter.in === 'path') {
      args.path ??= {};
      args.path[name] = value;
    } else if (parameter.in === 'query' && (parameter.required === true || given)) {
      args.query ??= {};
      args.query[name] = value;
    }
  }

  if (operation.requestBody) {
    const requestBody = resolve(doc, operation.requestBody as Json);
    const [contentType, media] = Object.entries(requestBody.content as Record<string, Json>)[0] ?? [];
    if (contentType === undefined || media === undefined) {
      throw new Error(`${op.method} ${op.path} has a request body without content`);
    }
    const example = firstExample(media);
    args.contentType = contentType;
    args.body = example.found ? example.value : schemaValue(doc, resolve(doc, (media.schema ?? {}) as Json));
  }
  return args;
}
