// Which route an operation given to `zoom.on`, `zoom.fail` or `zoom.calls` stands for. A generated function
// is called once with a probe for a client: it hands the probe its method and path template, which name
// the route. Also accepted: a row of a product's `operations` table, or `'GET /videosdk/sessions'`.
import { findRoute } from '../model/routes.js';
import type { RouteRow } from '../model/types.js';

/** An operation: its generated function, a row of its product's `operations` table, or `'GET /path/{param}'`. */
export type OperationRef = ((options: never) => unknown) | { readonly method: string; readonly path: string } | string;

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace', 'connect']);
const known = new WeakMap<object, RouteRow>();

function describe(op: unknown): string {
  if (typeof op === 'function') return op.name ? `the function ${op.name}` : 'an anonymous function';
  return typeof op === 'string' ? `'${op}'` : (JSON.stringify(op) ?? String(op));
}

/** What a generated function asks its client for, without sending anything. */
function probe(fn: (options: never) => unknown): { method: string; url: string } | undefined {
  let asked: { method: string; url: string } | undefined;
  const client = new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property !== 'string') return undefined;
        return (options: { url?: unknown; method?: unknown } | undefined) => {
          const method = property === 'request' ? String(options?.method ?? '') : property;
          if (asked === undefined && HTTP_METHODS.has(method.toLowerCase()) && typeof options?.url === 'string') {
            asked = { method: method.toUpperCase(), url: options.url };
          }
          return Promise.resolve({ data: undefined, request: undefined, response: undefined });
        };
      },
    },
  );
  try {
    const result = fn({ client } as never) as { catch?: (f: () => void) => void } | undefined;
    result?.catch?.(() => {});
  } catch {
    // Not a generated operation; reported below.
  }
  return asked;
}

/** The route `op` stands for; a TypeError naming `caller` and what to pass when it stands for none. */
export function routeOf(op: OperationRef, caller: string): RouteRow {
  if (typeof op === 'object' && op !== null) {
    const cached = known.get(op);
    if (cached) return cached;
  }
  if (typeof op === 'function') {
    const cached = known.get(op);
    if (cached) return cached;
  }
  let target: { method: string; url: string } | undefined;
  if (typeof op === 'function') target = probe(op);
  else if (typeof op === 'string') {
    const match = /^([A-Za-z]+)\s+(\/\S*)$/.exec(op.trim());
    if (match) target = { method: (match[1] as string).toUpperCase(), url: match[2] as string };
  } else if (op !== null && typeof op === 'object' && typeof op.method === 'string' && typeof op.path === 'string') {
    target = { method: op.method.toUpperCase(), url: op.path };
  }
  const route = target && findRoute(target.method, target.url);
  if (!route) {
    throw new TypeError(
      `${caller}: ${describe(op)} is not an operation of Zoom's documents${target ? ` (${target.method} ${target.url})` : ''}. ` +
        "Pass a generated function such as listSessions from '@zoom-api/videosdk', a row of its `operations` table, " +
        "or 'METHOD /path' as in Zoom's document, e.g. 'GET /videosdk/sessions'.",
    );
  }
  if (typeof op === 'function' || (typeof op === 'object' && op !== null)) known.set(op, route);
  return route;
}
