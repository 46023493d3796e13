// Which operation a request is for: the route table needs no document; an operation's details come with
// its document, loaded once per process on first use.
import { documents, routes } from '../generated/routes.gen.js';
import type { DocumentModel, OperationModel, RouteRow } from './types.js';

export type Match =
  | { kind: 'operation'; route: RouteRow; params: Record<string, string> }
  /** The path is an operation's, but not with this method. */
  | { kind: 'method'; allowed: string[] }
  | { kind: 'none' };

interface Compiled {
  route: RouteRow;
  segments: string[];
  /** Per segment: the parameter name, or undefined for a literal. */
  params: (string | undefined)[];
}

const compiled: Compiled[] = routes.map((route) => {
  const segments = route.path.split('/').filter(Boolean);
  return { route, segments, params: segments.map((s) => /^\{(.+)\}$/.exec(s)?.[1]) };
});

/** `/a/{x}` and `/a/b` both fit `/a/b`: the route with a literal at the first place they differ wins. */
function moreLiteral(a: Compiled, b: Compiled): number {
  for (let i = 0; i < a.params.length; i++) {
    const aParam = a.params[i] !== undefined;
    const bParam = b.params[i] !== undefined;
    if (aParam !== bParam) return aParam ? 1 : -1;
  }
  return 0;
}

/** The route of `method` and `pathname` (relative to the API's root, still percent-encoded). */
export function matchRoute(method: string, pathname: string): Match {
  const parts = pathname.split('/').filter(Boolean);
  const fitting = compiled
    .filter(
      (c) =>
        c.segments.length === parts.length && c.segments.every((s, i) => c.params[i] !== undefined || s === parts[i]),
    )
    .sort(moreLiteral);
  if (fitting.length === 0) return { kind: 'none' };
  const best = fitting.find((c) => c.route.method === method);
  if (!best) return { kind: 'method', allowed: [...new Set(fitting.map((c) => c.route.method))] };
  const params: Record<string, string> = {};
  best.params.forEach((name, i) => {
    if (name !== undefined) params[name] = parts[i] as string;
  });
  return { kind: 'operation', route: best.route, params };
}

/** The route of an operation by method and path template (`GET /videosdk/sessions/{sessionId}`). */
export function findRoute(method: string, template: string): RouteRow | undefined {
  return routes.find((r) => r.method === method && r.path === template);
}

const loaded = new Map<string, Promise<DocumentModel>>();

export function loadDocument(id: string): Promise<DocumentModel> {
  let model = loaded.get(id);
  if (!model) {
    const load = documents[id];
    if (!load) return Promise.reject(new Error(`@zoom-api/testing has no document '${id}'`));
    model = load();
    loaded.set(id, model);
  }
  return model;
}

export async function loadOperation(route: RouteRow): Promise<OperationModel> {
  const model = await loadDocument(route.document);
  const operation = model.operations.find((op) => op.method === route.method && op.path === route.path);
  if (!operation) throw new Error(`@zoom-api/testing: ${route.method} ${route.path} is missing from ${route.document}`);
  return operation;
}

export { routes };
