// The one JSON Schema validator of the fake: Ajv with the formats of ajv-formats, set up as Stoplight
// Prism sets up its own (the oracle the fake is tested against): every error reported, unknown keywords
// (OpenAPI's `example`, `title`) ignored, and two instances, one that coerces (parameters arrive as
// strings) and one that does not (JSON bodies and the fake's own answers). Compiled validators are
// kept per schema object, so each schema is compiled once per process.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import type { Schema } from '../model/types.js';
import type { Problem } from './problem.js';

type FormatsPlugin = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS with a `default` export; ESM and bundlers see either shape.
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ??
  formatsModule) as unknown as FormatsPlugin;

function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    allowUnionTypes: true,
    allowMatchingProperties: true,
    strict: false,
    coerceTypes,
    logger: false,
  });
  addFormats(ajv);
  return ajv;
}

let instances: { coerce: Ajv; exact: Ajv } | undefined;
const compiled = { coerce: new WeakMap<object, ValidateFunction>(), exact: new WeakMap<object, ValidateFunction>() };

/** A validator for `schema`: `coerce` turns strings into the numbers and booleans the schema asks for, in place. */
export function validatorFor(schema: Schema, coerce: boolean): ValidateFunction {
  instances ??= { coerce: createAjv(true), exact: createAjv(false) };
  const kind = coerce ? 'coerce' : 'exact';
  let validate = compiled[kind].get(schema);
  if (!validate) {
    validate = instances[kind].compile(schema as object);
    compiled[kind].set(schema, validate);
  }
  return validate;
}

/** The validator's errors as problems located under `prefix` (`query`, `path`, `body`). */
export function problemsOf(errors: readonly ErrorObject[] | null | undefined, prefix: string): Problem[] {
  return (errors ?? []).map((error) => {
    const at = error.instancePath
      .split('/')
      .filter(Boolean)
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
    if (error.keyword === 'required') at.push(String((error.params as { missingProperty: string }).missingProperty));
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
    const message =
      error.keyword === 'required'
        ? 'is required'
        : `${error.message ?? 'is invalid'}${allowed ? `: ${allowed.join(', ')}` : ''}`;
    return { field: [prefix, ...at].join('.'), message };
  });
}
