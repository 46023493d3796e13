// Requests for one operation, generated from Zoom's document: the contract run's arguments (valid), the
// same with only what is required (valid by the document's own rules, or not: the point is the verdict),
// and one request per rule the document states that breaks exactly that rule — a required query parameter
// left out, a query value of the wrong type or outside its enum, maximum or format, a body that is not an
// object, lacks a required property, has one of the wrong type, outside its enum or longer than its
// maxLength, a body of a media type the operation does not take, no body where one is required.
import type { OperationInfo } from '@zoom-api/core';
import { type OpenApiDocument, operationArguments, specOperation } from './spec-arguments.js';

type Json = Record<string, unknown>;

export interface RawRequest {
  /** What the request is: `valid: …` or the rule it breaks. */
  label: string;
  method: string;
  /** Path and query, relative to the API's root, percent-encoded. */
  target: string;
  body?: { contentType: string; text: string } | { form: Record<string, string> };
}

interface Parts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
  contentType?: string | undefined;
}

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function toRequest(
  label: string,
  op: Pick<OperationInfo, 'method' | 'path'>,
  parts: Parts,
  bodyOverride?: RawRequest['body'],
): RawRequest {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(asText(parts.path[name])));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.query)) if (value !== undefined) search.append(name, asText(value));
  const query = search.toString();
  let body = bodyOverride;
  if (body === undefined && parts.body !== undefined) {
    body =
      parts.contentType === 'multipart/form-data'
        ? { form: Object.fromEntries(Object.entries(parts.body as Json).map(([k, v]) => [k, asText(v)])) }
        : { contentType: parts.contentType ?? 'application/json', text: JSON.stringify(parts.body) };
  }
  return { label, method: op.method, target: query ? `${path}?${query}` : path, ...(body ? { body } : {}) };
}

/** A value of the wrong JSON type for `schema`, or undefined when any value would do. */
function wrongType(schema: Json): unknown {
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'not-a-boolean';
    case 'object':
    case 'array':
      return 'not-structured';
    default:
      return undefined;
  }
}

/** Query values that break one rule of `schema` each: type, enum, maximum, format. */
function badQueryValues(schema: Json): [string, string][] {
  const out: [string, string][] = [];
  if (schema.type === 'integer' || schema.type === 'number') out.push(['not a number', 'abc']);
  if (schema.type === 'boolean') out.push(['not a boolean', 'maybe']);
  if (Array.isArray(schema.enum)) out.push(['not one of its enum', 'not-a-listed-value']);
  if (typeof schema.maximum === 'number') out.push(['above its maximum', String(schema.maximum + 1)]);
  if (schema.format === 'date') out.push(['not a date', '2022-13-45']);
  if (schema.format === 'date-time') out.push(['not a date-time', 'yesterday']);
  return out;
}

function objectSchema(schema: Json | undefined): Json | undefined {
  return schema && (schema.type === 'object' || schema.properties) ? schema : undefined;
}

export function requestVariants(doc: OpenApiDocument, op: Pick<OperationInfo, 'method' | 'path'>): RawRequest[] {
  const base = operationArguments(doc, op as OperationInfo);
  const parts: Parts = {
    path: base.path ?? {},
    query: base.query ?? {},
    body: base.body,
    contentType: base.contentType,
  };
  const operation = specOperation(doc, op);
  const parameters = [
    ...((doc.paths[op.path]?.parameters ?? []) as unknown as Json[]),
    ...((operation.parameters ?? []) as Json[]),
  ];
  const query = parameters.filter((p) => p.in === 'query');
  const required = new Set(query.filter((p) => p.required === true).map((p) => p.name as string));
  const out: RawRequest[] = [toRequest('valid: the contract run’s arguments', op, parts)];

  const onlyRequired: Parts = {
    ...parts,
    query: Object.fromEntries(Object.entries(parts.query).filter(([name]) => required.has(name))),
  };
  const requestBody = operation.requestBody as Json | undefined;
  const content = (requestBody?.content ?? {}) as Record<string, Json>;
  const bodySchema = objectSchema(content[parts.contentType ?? '']?.schema as Json | undefined);
  if (bodySchema && parts.body && typeof parts.body === 'object' && !Array.isArray(parts.body)) {
    const keep = new Set((bodySchema.required as string[] | undefined) ?? []);
    onlyRequired.body = Object.fromEntries(Object.entries(parts.body as Json).filter(([name]) => keep.has(name)));
  }
  out.push(toRequest('valid: only what is required', op, onlyRequired));

  for (const name of required) {
    const query2 = { ...parts.query };
    delete query2[name];
    out.push(toRequest(`query ${name}: required, left out`, op, { ...parts, query: query2 }));
  }
  for (const parameter of query) {
    for (const [what, value] of badQueryValues((parameter.schema ?? {}) as Json)) {
      out.push(
        toRequest(`query ${parameter.name}: ${what}`, op, {
          ...parts,
          query: { ...parts.query, [parameter.name as string]: value },
        }),
      );
    }
  }

  if (requestBody && parts.contentType === 'application/json') {
    if (requestBody.required === true)
      out.push(toRequest('body: required, left out', op, { ...parts, body: undefined }));
    out.push(toRequest('body: sent as text/plain', op, parts, { contentType: 'text/plain', text: 'hello' }));
    if (bodySchema && parts.body && typeof parts.body === 'object' && !Array.isArray(parts.body)) {
      const body = parts.body as Json;
      out.push(toRequest('body: an array, not an object', op, { ...parts, body: [] }));
      const requiredProperty = ((bodySchema.required as string[] | undefined) ?? [])[0];
      if (requiredProperty) {
        const { [requiredProperty]: _left, ...rest } = body;
        out.push(toRequest(`body ${requiredProperty}: required, left out`, op, { ...parts, body: rest }));
      }
      const properties = Object.entries((bodySchema.properties ?? {}) as Record<string, Json>);
      const typed = properties.find(([, schema]) => wrongType(schema) !== undefined);
      if (typed) {
        out.push(
          toRequest(`body ${typed[0]}: wrong type`, op, {
            ...parts,
            body: { ...body, [typed[0]]: wrongType(typed[1]) },
          }),
        );
      }
      const enumerated = properties.find(([, schema]) => Array.isArray(schema.enum) && schema.type === 'string');
      if (enumerated) {
        out.push(
          toRequest(`body ${enumerated[0]}: not one of its enum`, op, {
            ...parts,
            body: { ...body, [enumerated[0]]: 'not-a-listed-value' },
          }),
        );
      }
      const bounded = properties.find(([, schema]) => typeof schema.maxLength === 'number' && schema.type === 'string');
      if (bounded) {
        const tooLong = 'x'.repeat((bounded[1].maxLength as number) + 1);
        out.push(
          toRequest(`body ${bounded[0]}: longer than its maxLength`, op, {
            ...parts,
            body: { ...body, [bounded[0]]: tooLong },
          }),
        );
      }
    }
  }
  return out;
}
