// A value that the validator accepts for a schema: drawn by sample(), then checked, and each part the
// validator rejects drawn again (without examples, and another branch of a `oneOf`) until it passes.
import type { ErrorObject } from 'ajv';
import type { Schema } from '../model/types.js';
import { validatorFor } from '../validation/validator.js';
import type { Random } from './random.js';
import { type SampleOptions, sample } from './sample.js';

const ROUNDS = 25;

const decode = (token: string) => token.replaceAll('~1', '/').replaceAll('~0', '~');

/** The schema node a keyword failed in (`#/properties/a/items/oneOf` → the node holding `oneOf`). */
function failedNode(schema: Schema, error: ErrorObject): Schema | undefined {
  const tokens = error.schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean).map(decode);
  tokens.pop();
  let node: unknown = schema;
  for (const token of tokens) node = (node as Record<string, unknown> | undefined)?.[token];
  return node !== null && typeof node === 'object' ? (node as Schema) : undefined;
}

function setAt(root: unknown, pointer: string, value: unknown): unknown {
  const tokens = pointer.split('/').filter(Boolean).map(decode);
  if (tokens.length === 0) return value;
  let parent = root as Record<string, unknown>;
  for (const token of tokens.slice(0, -1)) parent = parent[token] as Record<string, unknown>;
  parent[tokens.at(-1) as string] = value;
  return root;
}

export class InvalidSampleError extends Error {
  override name = 'InvalidSampleError';
}

export interface ValidValueOptions extends SampleOptions {
  /** Where to start: the document's example, say. */
  start?: unknown;
  /** When no draw passes (a schema no value satisfies), hand back the last one instead of throwing. */
  closest?: boolean;
}

/**
 * A value valid against `schema`. Throws InvalidSampleError, with the validator's last complaint, when no
 * draw passes (a schema no value can satisfy), unless `closest` asks for the last draw then.
 */
export function validValue(schema: Schema, random: Random, options: ValidValueOptions = {}): unknown {
  const validate = validatorFor(schema, false);
  let value = 'start' in options ? structuredClone(options.start) : sample(schema, random, options);
  for (let round = 0; round < ROUNDS; round++) {
    if (validate(value)) return value;
    const alternatives = (error: ErrorObject) => (error.keyword === 'oneOf' || error.keyword === 'anyOf' ? 0 : 1);
    const errors = [...(validate.errors ?? [])].sort(
      (a, b) => a.instancePath.length - b.instancePath.length || alternatives(a) - alternatives(b),
    );
    // Redraw the outermost failing places first; what lies inside one is redrawn with it.
    const redrawn: string[] = [];
    for (const error of errors) {
      if (redrawn.some((done) => error.instancePath === done || error.instancePath.startsWith(`${done}/`))) continue;
      const node = failedNode(schema, error);
      if (!node) continue;
      value = setAt(value, error.instancePath, sample(node, random, { invent: true }));
      redrawn.push(error.instancePath);
    }
  }
  if (validate(value) || options.closest) return value;
  const why = (validate.errors ?? []).map((e) => `${e.instancePath || '(the answer)'} ${e.message}`).join('; ');
  throw new InvalidSampleError(`no value drawn from the schema passes its own validation: ${why}`);
}
