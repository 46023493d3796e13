// Query strings as hey-api's runtime writes them, with one difference: the runtime percent-encodes values
// but never names, so `{ 'extra&k=v': 'z' }` went out as `extra&k=v=z`, parameters the caller never wrote.
// The names (and the keys of an object sent as deepObject) are encoded before the runtime's serializer
// sees them, so its styles for arrays and objects and its per-parameter options still apply.
import type { QuerySerializerOptions } from './generated/client/index.js';
import { createConfig, createQuerySerializer } from './generated/client/utils.gen.js';

type QuerySerializer = (query: Record<string, unknown>) => string;

// The runtime's default serializer, a function that every createConfig() hands out: replaced like options.
const RUNTIME_DEFAULT = createConfig().querySerializer;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function encodedNames<T>(record: Record<string, T>, value: (entry: T) => T = (entry) => entry): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([name, entry]) => [encodeURIComponent(name), value(entry)]));
}

/** The runtime's serializer for `options`, over encoded names. */
export function encodingQuerySerializer(options: QuerySerializerOptions = {}): QuerySerializer {
  const parameters = options.parameters && encodedNames(options.parameters);
  const serialize = createQuerySerializer({ ...options, ...(parameters ? { parameters } : {}) });
  return (query) => serialize(encodedNames(query, (value) => (isPlainObject(value) ? encodedNames(value) : value)));
}

/**
 * The `querySerializer` option as this client uses it: the caller's own function as it is; options, or
 * the runtime's default, through encodingQuerySerializer.
 */
export function querySerializerOf(option: unknown): QuerySerializer | undefined {
  if (option === undefined) return undefined;
  if (option === RUNTIME_DEFAULT) return encodingQuerySerializer();
  if (typeof option === 'function') return option as QuerySerializer;
  return encodingQuerySerializer(option as QuerySerializerOptions);
}
