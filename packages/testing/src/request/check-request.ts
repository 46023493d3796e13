// A request against its operation in Zoom's document: path, query and body, each checked by the validator
// as Stoplight Prism checks them (the oracle of tests/contract/fake-agreement.test.ts), and turned into the
// values the code under test meant (numbers and booleans for the parameters the document types so, the
// parsed body). Parameter names are matched without regard to case; a parameter given empty counts as
// absent; a repeated one is a list.
import type { OperationModel, ParameterModel, Schema } from '../model/types.js';
import type { Problem } from '../validation/problem.js';
import { problemsOf, validatorFor } from '../validation/validator.js';

export interface IncomingRequest {
  method: string;
  /** Path parameters as they matched the route, still percent-encoded. */
  pathParams: Readonly<Record<string, string>>;
  search: URLSearchParams;
  headers: Readonly<Record<string, string | undefined>>;
  body: Uint8Array;
}

export interface CheckedRequest {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export type RequestVerdict = { ok: true; request: CheckedRequest } | { ok: false; problems: Problem[] };

const schemas = new WeakMap<OperationModel, Map<string, Schema>>();

/** One object schema for the parameters of one place, keyed by lower-case name (as Prism does). */
function parametersSchema(op: OperationModel, place: ParameterModel['in']): Schema {
  let perPlace = schemas.get(op);
  if (!perPlace) {
    perPlace = new Map();
    schemas.set(op, perPlace);
  }
  let schema = perPlace.get(place);
  if (!schema) {
    const parameters = op.parameters.filter((p) => p.in === place);
    schema = {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [p.name.toLowerCase(), p.schema])),
      required: parameters.filter((p) => p.required).map((p) => p.name.toLowerCase()),
    };
    perPlace.set(place, schema);
  }
  return schema;
}

function decodeSegment(value: string, twice: boolean): string | undefined {
  try {
    const once = decodeURIComponent(value);
    return twice && /%[0-9a-f]{2}/i.test(once) ? decodeURIComponent(once) : once;
  } catch {
    return undefined;
  }
}

/** Validates `values` (lower-case keys) in place, coercing, and hands them back under the document's names. */
function checkParameters(
  op: OperationModel,
  place: 'path' | 'query',
  values: Record<string, unknown>,
  problems: Problem[],
): Record<string, unknown> {
  const validate = validatorFor(parametersSchema(op, place), true);
  if (!validate(values)) problems.push(...problemsOf(validate.errors, place));
  const out: Record<string, unknown> = {};
  for (const parameter of op.parameters.filter((p) => p.in === place)) {
    const key = parameter.name.toLowerCase();
    if (key in values) out[parameter.name] = values[key];
  }
  return out;
}

function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function matchesMediaType(given: string, listed: string): boolean {
  const [type, subtype] = listed.toLowerCase().split('/');
  const [givenType, givenSubtype] = given.split('/');
  return (type === '*' || type === givenType) && (subtype === '*' || subtype === givenSubtype);
}

async function formFields(request: IncomingRequest, contentType: string): Promise<Record<string, unknown> | undefined> {
  try {
    const form = await new Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(request.body),
    }).formData();
    const fields: Record<string, unknown> = {};
    for (const [name, value] of form) fields[name] = typeof value === 'string' ? value : await value.text();
    return fields;
  } catch {
    return undefined;
  }
}

async function checkBody(op: OperationModel, request: IncomingRequest, problems: Problem[]): Promise<unknown> {
  const body = op.body;
  if (request.body.length === 0) {
    if (body?.required) problems.push({ field: 'body', message: 'is required' });
    return undefined;
  }
  const types = Object.keys(body?.content ?? {});
  const given = mediaTypeOf(request.headers['content-type']);
  const listed = given === undefined ? types[0] : types.find((type) => matchesMediaType(given, type));
  if (!body || listed === undefined) {
    problems.push({
      field: 'body',
      message: types.length ? `must be sent as ${types.join(' or ')}` : 'is not taken by this operation',
    });
    return undefined;
  }
  const schema = body.content[listed]?.schema;
  const form = /^(multipart\/form-data|application\/x-www-form-urlencoded)$/.test(listed);
  let value: unknown;
  if (form) {
    value = await formFields(request, request.headers['content-type'] ?? listed);
    if (value === undefined) {
      problems.push({ field: 'body', message: `is not valid ${listed}` });
      return undefined;
    }
  } else {
    const text = new TextDecoder().decode(request.body);
    try {
      value = /json/.test(listed) ? JSON.parse(text) : text;
    } catch {
      problems.push({ field: 'body', message: 'should be a valid JSON object' });
      return undefined;
    }
  }
  if (schema) {
    // Form fields arrive as text, so they are coerced like parameters; JSON must have the right types.
    const validate = validatorFor(schema, form);
    if (!validate(value)) problems.push(...problemsOf(validate.errors, 'body'));
  }
  return value;
}

export async function checkRequest(op: OperationModel, request: IncomingRequest): Promise<RequestVerdict> {
  const problems: Problem[] = [];
  const rawPath: Record<string, unknown> = {};
  for (const parameter of op.parameters.filter((p) => p.in === 'path')) {
    const raw = request.pathParams[parameter.name];
    if (raw === undefined) continue;
    const decoded = decodeSegment(raw, parameter.doubleEncode === true);
    if (decoded === undefined)
      problems.push({ field: `path.${parameter.name}`, message: 'is not valid percent-encoding' });
    else rawPath[parameter.name.toLowerCase()] = decoded;
  }
  const path = checkParameters(op, 'path', rawPath, problems);

  const rawQuery: Record<string, unknown> = {};
  for (const [name, value] of request.search) {
    if (value === '') continue;
    const key = name.toLowerCase();
    const seen = rawQuery[key];
    rawQuery[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  const query = checkParameters(op, 'query', rawQuery, problems);
  const body = await checkBody(op, request, problems);
  return problems.length ? { ok: false, problems } : { ok: true, request: { path, query, body } };
}
