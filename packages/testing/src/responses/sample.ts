// A value for a JSON Schema: the schema's own example where it has one (unless told to invent), else one
// drawn from the seeded generator within the schema's constraints (type, format, enum, bounds, lengths).
// It does not promise validity on its own (a `oneOf` whose branches overlap, an example that breaks its
// schema): valid-value.ts checks every value with the validator and redraws the parts it rejects.
import type { Schema } from '../model/types.js';
import type { Random } from './random.js';

export interface SampleOptions {
  /** Ignore the document's examples and defaults: draw every value (for variety, or to replace a bad example). */
  invent?: boolean;
}

const MAX_DEPTH = 16;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
const DAY_MS = 86_400_000;
/** Dates are drawn from 2020-01-01 on, within five years. */
const EPOCH = Date.UTC(2020, 0, 1);

type Json = unknown;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return (type.find((t) => t !== 'null') ?? type[0]) as string | undefined;
  if (typeof type === 'string') return type;
  if (schema.properties || schema.additionalProperties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function fitLength(text: string, schema: Schema): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  let out = text;
  while (out.length < min) out += 'x';
  return out.length > max ? out.slice(0, max) : out;
}

function drawString(schema: Schema, random: Random): string {
  const day = EPOCH + random.int(0, 5 * 365) * DAY_MS;
  switch (schema.format) {
    case 'date':
      return new Date(day).toISOString().slice(0, 10);
    case 'date-time':
      return `${new Date(day + random.int(0, DAY_MS / 1000 - 1) * 1000).toISOString().slice(0, 19)}Z`;
    case 'email':
      return fitLength(`${random.pick(WORDS)}${random.int(1, 999)}@example.com`, schema);
    case 'uri':
    case 'url':
      return `https://example.com/${random.pick(WORDS)}/${random.int(1, 99_999)}`;
    case 'uuid': {
      const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    }
    default: {
      const id = Array.from({ length: 10 }, () =>
        random.pick([...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789']),
      ).join('');
      return fitLength(`${random.pick(WORDS)}-${id}`, schema);
    }
  }
}

function drawNumber(schema: Schema, random: Random, integer: boolean): number {
  const low = typeof schema.minimum === 'number' ? schema.minimum : integer ? 1 : 0;
  const high = typeof schema.maximum === 'number' ? schema.maximum : Math.max(low, 0) + 1_000;
  const min = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + (integer ? 1 : 0.01) : low;
  const max = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - (integer ? 1 : 0.01) : high;
  if (integer) return random.int(Math.ceil(min), Math.floor(Math.max(min, max)));
  return Math.round((min + random.next() * (Math.max(min, max) - min)) * 100) / 100;
}

function merge(parts: readonly Json[]): Json {
  if (parts.every(isObject)) return Object.assign({}, ...parts);
  return parts.find((part) => part !== undefined);
}

/** A value for `schema`, deterministic for the state of `random`. */
export function sample(schema: Schema, random: Random, options: SampleOptions = {}, depth = 0): Json {
  if (!options.invent) {
    if ('example' in schema) return structuredClone(schema.example);
    if ('default' in schema) return structuredClone(schema.default);
  }
  if ('const' in schema) return structuredClone(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return structuredClone(random.pick(schema.enum));
  const choices = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  const own = typeOf(schema);
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as Schema[]).map((part) => sample(part, random, options, depth + 1));
    const rest = own ? sample({ ...schema, allOf: undefined }, random, options, depth + 1) : undefined;
    return merge(rest === undefined ? parts : [rest, ...parts]);
  }
  if (choices && choices.length > 0) {
    const branch = sample(random.pick(choices), random, options, depth + 1);
    return own === 'object' && isObject(branch)
      ? merge([sample({ ...schema, oneOf: undefined, anyOf: undefined }, random, options, depth + 1), branch])
      : branch;
  }
  switch (own) {
    case 'string':
      return drawString(schema, random);
    case 'integer':
      return drawNumber(schema, random, true);
    case 'number':
      return drawNumber(schema, random, false);
    case 'boolean':
      return random.next() < 0.5;
    case 'null':
      return null;
    case 'array': {
      if (depth >= MAX_DEPTH) return [];
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : min + 2;
      const items = (schema.items ?? {}) as Schema;
      const count = random.int(min, Math.max(min, Math.min(max, min + 2)));
      const out: Json[] = [];
      for (let i = 0; i < count; i++) {
        const item = sample(items, random, i === 0 ? options : { ...options, invent: true }, depth + 1);
        if (schema.uniqueItems === true && out.some((seen) => JSON.stringify(seen) === JSON.stringify(item))) continue;
        out.push(item);
      }
      return out;
    }
    case 'object': {
      const out: Record<string, Json> = {};
      if (depth >= MAX_DEPTH) return out;
      for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        out[name] = sample(property, random, options, depth + 1);
      }
      // A property the schema requires without describing it: any value will do.
      for (const name of (schema.required ?? []) as string[]) {
        if (!(name in out)) out[name] = drawString({}, random);
      }
      return out;
    }
    default:
      return {};
  }
}
