// Compares one operation (or one webhook event) of two documents: parameters, request body and
// responses for operations; the delivered payload for events.
import type { ListedOperation, OperationObject } from '../lib.ts';
import type { DiffContext } from './change.ts';
import { deref, isObject, type JsonObject } from './refs.ts';
import { canonical, describe, diffSchema, type Label, label, type SchemaContext } from './schema.ts';

/** A parameter object after $ref resolution: at least a name and a location. */
type Parameter = JsonObject & { name: string; in: string };

const is2xx = (status: string) => /^2/.test(String(status));

/** Path-level and operation-level parameters merged as the operation sees them, keyed "in:name". */
function parametersOf(doc: unknown, pathItem: JsonObject | undefined, operation: OperationObject) {
  const out = new Map<string, Parameter>();
  for (const raw of [...(pathItem?.parameters ?? []), ...(operation.parameters ?? [])]) {
    const { node } = deref(doc, raw);
    if (isObject(node) && node.name && node.in) out.set(`${node.in}:${node.name}`, node as Parameter);
  }
  return out;
}

const schemaOfParameter = (p: Parameter): unknown =>
  p.schema ?? Object.values(isObject(p.content) ? p.content : {})[0]?.schema ?? {};

function diffParameters(ctx: DiffContext, before: Map<string, Parameter>, after: Map<string, Parameter>): void {
  const { emit } = ctx;
  const input: SchemaContext = { ...ctx, direction: 'input' };
  for (const [key, p] of before) {
    if (!after.has(key)) emit('parameter-removed', 'major', `${p.in} parameter \`${p.name}\` was removed`);
  }
  for (const [key, p] of after) {
    const name = `${p.in} parameter \`${p.name}\``;
    const old = before.get(key);
    if (!old) {
      if (p.required === true) emit('parameter-added-required', 'major', `new required ${name}`);
      else emit('parameter-added', 'minor', `new optional ${name}`);
      continue;
    }
    if ((old.required === true) !== (p.required === true)) {
      if (p.required === true) emit('parameter-required', 'major', `${name} is now required`);
      else emit('parameter-optional', 'minor', `${name} is now optional`);
    }
    if ((old.description ?? '') !== (p.description ?? ''))
      emit('description-changed', 'patch', `${name} description changed`);
    if ((old.deprecated === true) !== (p.deprecated === true)) {
      emit(
        'deprecated-changed',
        'patch',
        p.deprecated ? `${name} is now deprecated` : `${name} is no longer deprecated`,
      );
    }
    if (canonical(old.example ?? old.examples) !== canonical(p.example ?? p.examples)) {
      emit('example-changed', 'patch', `${name} example changed`);
    }
    diffSchema(input, label(name, `${name} field`), schemaOfParameter(old), schemaOfParameter(p));
  }
}

/** Request bodies and responses: media types, then the schema of each media type both sides have. */
function diffContent(ctx: SchemaContext, where: Label, before: JsonObject = {}, after: JsonObject = {}): void {
  const noun = describe(where);
  for (const type of Object.keys(before)) {
    if (!(type in after)) ctx.emit('media-type-removed', 'major', `${noun} is no longer sent as \`${type}\``);
  }
  for (const [type, media] of Object.entries(after)) {
    if (!(type in before)) {
      ctx.emit('media-type-added', 'minor', `${noun} can now be sent as \`${type}\``);
      continue;
    }
    const old = before[type] ?? {};
    if (canonical(old.example ?? old.examples) !== canonical(media?.example ?? media?.examples)) {
      ctx.emit('example-changed', 'patch', `${noun} example changed`);
    }
    diffSchema(ctx, where, old.schema ?? {}, media?.schema ?? {});
  }
}

function diffRequestBody(ctx: DiffContext, oldRaw: unknown, newRaw: unknown): void {
  const { emit } = ctx;
  const input: SchemaContext = { ...ctx, direction: 'input' };
  const before = oldRaw ? deref(ctx.oldDoc, oldRaw).node : undefined;
  const after = newRaw ? deref(ctx.newDoc, newRaw).node : undefined;
  if (!isObject(before) && !isObject(after)) return;
  if (!isObject(after)) {
    emit('request-body-removed', 'major', 'no longer takes a request body');
    return;
  }
  if (!isObject(before)) {
    if (after.required === true) emit('request-body-added', 'major', 'now requires a request body');
    else emit('request-body-added', 'minor', 'now accepts an optional request body');
    return;
  }
  if ((before.required === true) !== (after.required === true)) {
    if (after.required === true) emit('request-body-required', 'major', 'request body is now required');
    else emit('request-body-optional', 'minor', 'request body is now optional');
  }
  if ((before.description ?? '') !== (after.description ?? ''))
    emit('description-changed', 'patch', 'request body description changed');
  diffContent(input, label('request body', 'request body field'), contentOf(before), contentOf(after));
}

/** Zoom's documents hold a few non-objects where an object belongs; they read as empty. */
const asObject = (node: unknown): JsonObject => (isObject(node) ? node : {});

const contentOf = (body: unknown): JsonObject => (isObject(body) && isObject(body.content) ? body.content : {});

function diffResponses(ctx: DiffContext, before: JsonObject = {}, after: JsonObject = {}): void {
  const { emit } = ctx;
  const output: SchemaContext = { ...ctx, direction: 'output' };
  const successes = new Set([...Object.keys(before), ...Object.keys(after)].filter(is2xx));
  // "response field `x`" when there is only one success response, "response 202 field `x`" otherwise.
  const name = (status: string) => (is2xx(status) && successes.size === 1 ? 'response' : `response ${status}`);
  for (const status of Object.keys(before)) {
    if (status in after) continue;
    if (is2xx(status)) emit('response-removed', 'major', `${name(status)} was removed`);
    else emit('error-response-removed', 'patch', `no longer documents ${name(status)}`);
  }
  for (const [status, raw] of Object.entries(after)) {
    const r = asObject(deref(ctx.newDoc, raw).node);
    if (!(status in before)) {
      if (is2xx(status)) emit('response-added', 'minor', `new ${name(status)}`);
      else emit('error-response-added', 'patch', `now documents ${name(status)}`);
      continue;
    }
    const old = asObject(deref(ctx.oldDoc, before[status]).node);
    if ((old.description ?? '') !== (r.description ?? ''))
      emit('description-changed', 'patch', `${name(status)} description changed`);
    diffContent(output, label(name(status), `${name(status)} field`), contentOf(old), contentOf(r));
  }
}

/** Summary, description and deprecation: what the JSDoc of the function says. */
function diffDocumentation(ctx: DiffContext, before: OperationObject, after: OperationObject): void {
  const { emit } = ctx;
  if ((before.summary ?? '') !== (after.summary ?? '')) emit('summary-changed', 'patch', 'summary changed');
  if ((before.description ?? '') !== (after.description ?? ''))
    emit('description-changed', 'patch', 'description changed');
  if ((before.deprecated === true) !== (after.deprecated === true)) {
    emit('deprecated-changed', 'patch', after.deprecated ? 'is now deprecated' : 'is no longer deprecated');
  }
}

/**
 * Every change of one operation, reported through ctx.emit(kind, bump, text).
 */
export function diffOperation(
  ctx: DiffContext,
  before: Pick<ListedOperation, 'operation' | 'pathItem'>,
  after: Pick<ListedOperation, 'operation' | 'pathItem'>,
): void {
  diffDocumentation(ctx, before.operation, after.operation);
  diffParameters(
    ctx,
    parametersOf(ctx.oldDoc, before.pathItem, before.operation),
    parametersOf(ctx.newDoc, after.pathItem, after.operation),
  );
  diffRequestBody(ctx, before.operation.requestBody, after.operation.requestBody);
  diffResponses(ctx, before.operation.responses, after.operation.responses);
}

/**
 * Every change of one webhook event. What a receiver handles is the request Zoom sends, so only the
 * request body is compared; Zoom's documents restate it as the webhook's "response", which nothing
 * is generated from.
 */
export function diffEvent(ctx: DiffContext, before: OperationObject, after: OperationObject): void {
  diffDocumentation(ctx, before, after);
  const old = asObject(deref(ctx.oldDoc, before.requestBody).node);
  const now = asObject(deref(ctx.newDoc, after.requestBody).node);
  // Zoom writes the event's documentation on its request body.
  if ((old.description ?? '') !== (now.description ?? ''))
    ctx.emit('description-changed', 'patch', 'description changed');
  diffContent({ ...ctx, direction: 'output' }, label('payload', 'field'), contentOf(old), contentOf(now));
}
