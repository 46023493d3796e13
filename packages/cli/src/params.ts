// Checks parameter flags against one operation's table and turns them into the `path`, `query`
// and `headers` objects the generated function takes, with values coerced to the declared type.
import type { OperationInfo, OperationParameterInfo } from '@zoom-api/core';
import type { ParameterFlag } from './args.js';
import { UsageError } from './errors.js';
import { closest } from './suggest.js';

export interface RequestParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
}

/** The supported parameters: cookies are not something a terminal user sets per call. */
export function parametersOf(op: OperationInfo): OperationParameterInfo[] {
  return op.parameters.filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header');
}

export function flagOf(parameter: Pick<OperationParameterInfo, 'in' | 'name'>): string {
  return `--${parameter.in}.${parameter.name}`;
}

/** `--query.from <string>`, as used in help and error messages. */
export function describeParameter(parameter: OperationParameterInfo): string {
  return `${flagOf(parameter)} <${parameter.type ?? 'string'}>`;
}

function validList(op: OperationInfo): string {
  const params = parametersOf(op);
  if (params.length === 0) return `${op.name} takes no parameters.`;
  const lines = params.map((p) => `  ${describeParameter(p)}${p.required ? '  (required)' : ''}`);
  return `Valid parameters of ${op.name}:\n${lines.join('\n')}`;
}

/** Message for a flag that is not a parameter of `op` (wrong location, typo, or no such thing). */
export function unknownParameterMessage(op: OperationInfo, flag: string): string {
  const params = parametersOf(op);
  const bareName = flag.replace(/^--/, '').replace(/^(path|query|header)\./, '');
  const sameName = params.find((p) => p.name === bareName);
  const guess = sameName ? flagOf(sameName) : closest(flag, params.map(flagOf));
  const hint = guess ? ` Did you mean ${guess}?` : '';
  return `unknown parameter ${flag} for ${op.name}.${hint}\n${validList(op)}`;
}

function coerce(parameter: OperationParameterInfo, flag: ParameterFlag): unknown {
  const { value } = flag;
  const type = parameter.type ?? 'string';
  if (value === undefined) {
    if (type === 'boolean') return true;
    throw new UsageError(`${flag.flag} needs a value (${type}), e.g. ${flag.flag} ${placeholder(parameter)}.`);
  }
  let coerced: unknown = value;
  if (type === 'integer') {
    if (!/^-?\d+$/.test(value)) throw new UsageError(`${flag.flag} must be an integer; got '${value}'.`);
    coerced = Number(value);
  } else if (type === 'number') {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      throw new UsageError(`${flag.flag} must be a number; got '${value}'.`);
    }
    coerced = number;
  } else if (type === 'boolean') {
    if (value !== 'true' && value !== 'false') {
      throw new UsageError(`${flag.flag} must be true or false; got '${value}'.`);
    }
    coerced = value === 'true';
  }
  if (parameter.enum && parameter.enum.length > 0 && !parameter.enum.includes(coerced)) {
    throw new UsageError(
      `${flag.flag} must be one of ${parameter.enum.map((v) => JSON.stringify(v)).join(', ')}; got '${value}'.`,
    );
  }
  return coerced;
}

export function placeholder(parameter: OperationParameterInfo): string {
  if (parameter.enum && parameter.enum.length > 0) return String(parameter.enum[0]);
  return `<${parameter.name}>`;
}

export function buildParameters(op: OperationInfo, flags: readonly ParameterFlag[]): RequestParameters {
  const params = parametersOf(op);
  const result: RequestParameters = { path: {}, query: {}, headers: {} };
  const seen = new Set<OperationParameterInfo>();
  for (const flag of flags) {
    const parameter = params.find((p) => p.in === flag.location && p.name === flag.name);
    if (!parameter) throw new UsageError(unknownParameterMessage(op, flag.flag));
    if (seen.has(parameter)) throw new UsageError(`${flag.flag} is given more than once; give it once.`);
    seen.add(parameter);
    const value = coerce(parameter, flag);
    if (parameter.in === 'header') result.headers[parameter.name] = String(value);
    else result[parameter.in as 'path' | 'query'][parameter.name] = value;
  }
  const missing = params.filter((p) => p.required && !seen.has(p));
  if (missing.length > 0) {
    const required = params.filter((p) => p.required).map((p) => `  ${describeParameter(p)}`);
    throw new UsageError(
      `missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map(flagOf).join(', ')} for ${op.name}.\n` +
        `Required parameters of ${op.name}:\n${required.join('\n')}`,
    );
  }
  return result;
}
