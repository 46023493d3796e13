// A stand-in for api.zoom.us for runnable README examples: a real node:http server on 127.0.0.1 that answers
// every operation of Zoom's REST documents (specs/*.json) with a response sampled from the document, and a
// Zoom-style 404 for anything the documents don't have. Fast to start, unlike Prism, and one server covers
// every product (the master-account example calls two documents). Like Zoom, it holds each account (the
// JWT's `iss`) to the Pro plan's rate limits per category, over sliding windows, and answers 429 beyond
// them: an example that claims its calls are spaced within the limits earns none.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Arrival,
  bearerOf,
  sendJson,
  startServer,
  type TestServer,
  WORKSPACE_ROOT,
  type ZoomLikeCategory,
  ZoomLikeWindows,
} from '@zoom-api/test-utils';
import { sample } from 'openapi-sampler';
import { isClientPackage, readManifest, readRegistry } from '../../scripts/specs/lib.ts';

type Json = Record<string, unknown>;
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments: `/sessions/{id}/recordings` beats `/sessions/{id}/{x}`. */
  literals: number;
  status: number;
  body: () => unknown;
  /** The operation's "Rate Limit Label" in the document; MEDIUM without one, as Zoom counts it. */
  category: ZoomLikeCategory;
}

// How the documents label an operation's rate-limit category, at the end of its description. Read here
// from the document itself, not from the generated operations tables, so the fake checks the client.
const RATE_LIMIT_LABEL = /\*\*\[Rate Limit Label\]\([^)]*\):\*\* `([A-Za-z-]+)`/;
const CATEGORIES: readonly string[] = ['LIGHT', 'MEDIUM', 'HEAVY', 'RESOURCE-INTENSIVE'];

function categoryOf(operation: Json): ZoomLikeCategory {
  const label = RATE_LIMIT_LABEL.exec(String(operation.description ?? ''))?.[1]?.toUpperCase();
  return label !== undefined && CATEGORIES.includes(label) ? (label as ZoomLikeCategory) : 'MEDIUM';
}

/**
 * The data center regions the fake's account has chosen. The examples stand for a Video SDK account, so
 * its settings are the document's Video SDK shape of the settings answer (not openapi-sampler's pick,
 * the first shape), with custom regions in `in_session` where Zoom puts them.
 */
export const VIDEO_SDK_REGIONS = ['US', 'DE'];
const SETTINGS_TEMPLATES = new Set(['/accounts/{accountId}/settings']);

function videoSdkSettings(doc: Json, union: Json): Json {
  const members = ((union.oneOf ?? union.anyOf) as Json[] | undefined) ?? [];
  const shape = members.map((m) => resolve(doc, m)).find((m) => /video sdk/i.test(String(m.title ?? '')));
  if (!shape) throw new Error('the settings answer has no Video SDK shape in this document: update fake-zoom.ts');
  const settings = sample(shape as never, { skipWriteOnly: true, quiet: true }, doc) as Json;
  const inSession = (settings.in_session ?? {}) as Json;
  return {
    ...settings,
    in_session: { ...inSession, custom_data_center_regions: true, data_center_regions: VIDEO_SDK_REGIONS },
  };
}

// The REST documents: those the registry builds client packages from (the events package's describe
// webhooks, not calls).
const DOCUMENTS = readRegistry(WORKSPACE_ROOT)
  .filter(isClientPackage)
  .flatMap((pkg) => pkg.entries.map((entry) => entry.spec));
const FILES = new Map(readManifest(WORKSPACE_ROOT).specs.map((spec) => [spec.id, spec.file]));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function resolve(doc: Json, value: unknown): Json {
  let current = value as Json;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 20; hops++) {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<Json>((node, key) => node?.[key] as Json, doc);
  }
  return current;
}

function routesOf(id: string): Route[] {
  const doc = JSON.parse(
    readFileSync(path.join(WORKSPACE_ROOT, 'specs', FILES.get(id) ?? `${id}.json`), 'utf8'),
  ) as Json;
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of METHODS.filter((m) => m in item)) {
      const operation = item[method] as Json;
      const responses = (operation.responses ?? {}) as Record<string, unknown>;
      const success = Object.keys(responses).find((code) => /^2\d\d$/.test(code)) ?? '204';
      const response = resolve(doc, responses[success] ?? {});
      const media = (response.content as Record<string, Json> | undefined)?.['application/json'];
      const schema = media?.schema ? resolve(doc, media.schema) : undefined;
      const segments = template.split('/').filter(Boolean);
      routes.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(
          `^/${segments.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`,
        ),
        literals: segments.filter((s) => !s.startsWith('{')).length,
        status: Number(success),
        category: categoryOf(operation),
        body: () =>
          schema && method === 'get' && SETTINGS_TEMPLATES.has(template)
            ? videoSdkSettings(doc, schema)
            : schema
              ? sample(schema as never, { skipWriteOnly: true, quiet: true }, doc)
              : undefined,
      });
    }
  }
  return routes;
}

export interface FakeZoom extends TestServer {
  /** Requests no document has an operation for (answered 404). */
  unmatched: Arrival[];
  /** `METHOD /template` of each matched request, in order (those answered 429 included). */
  matched: string[];
  /** `METHOD /template (CATEGORY)` of each request answered 429 for going over the Pro plan's limits. */
  rateLimited: string[];
}

/** The account a request counts against, as Zoom counts: the API key, the `iss` of the bearer JWT. */
function accountOf(request: Arrival): string {
  const payload = bearerOf(request)?.split('.')[1] ?? '';
  try {
    return String((JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown }).iss);
  } catch {
    return 'no account';
  }
}

const HEADER_SPELLING: Record<ZoomLikeCategory, string> = {
  LIGHT: 'Light',
  MEDIUM: 'Medium',
  HEAVY: 'Heavy',
  'RESOURCE-INTENSIVE': 'Resource-intensive',
};

let allRoutes: Route[] | undefined;

export async function startFakeZoom(): Promise<FakeZoom> {
  allRoutes ??= DOCUMENTS.flatMap(routesOf).sort((a, b) => b.literals - a.literals);
  const routes = allRoutes;
  const unmatched: Arrival[] = [];
  const matched: string[] = [];
  const rateLimited: string[] = [];
  const limits = new ZoomLikeWindows({ plan: 'pro' });
  const server = await startServer((req, res) => {
    const pathname = new URL(req.url, 'http://x').pathname;
    const route = routes.find((r) => r.method === req.method && r.pattern.test(pathname));
    if (!route) {
      unmatched.push(req);
      sendJson(res, 404, { code: 300, message: `No operation for ${req.method} ${pathname} in Zoom's documents.` });
      return;
    }
    matched.push(`${route.method} ${route.template}`);
    const over = limits.admit(accountOf(req), route.category, Date.now());
    if (over) {
      rateLimited.push(`${route.method} ${route.template} (${route.category})`);
      sendJson(
        res,
        429,
        { code: 429, message: 'You have reached the maximum per-second rate limit for this API. Try again later.' },
        {
          'x-ratelimit-category': HEADER_SPELLING[route.category],
          'x-ratelimit-type': over.type,
          'x-ratelimit-limit': String(over.limit),
          'x-ratelimit-remaining': String(over.remaining),
          'retry-after': over.retryAfter,
        },
      );
      return;
    }
    const body = route.body();
    if (body === undefined || route.status === 204) {
      res.writeHead(route.status === 200 ? 204 : route.status).end();
      return;
    }
    sendJson(res, route.status, body);
  });
  return Object.assign(server, { unmatched, matched, rateLimited });
}
