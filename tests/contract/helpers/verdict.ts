// Whether Prism accepted a request, and if not, why — in words a reader of the test output can act on.
import type { OperationInfo } from '@zoom-api/core';
import type { Exchange } from './exchanges.js';

interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

/** Request-side findings from Prism's `sl-violations` header (response-side ones are about Zoom's examples). */
export function requestViolations(exchange: Exchange): Violation[] {
  const header = exchange.responseHeaders.get('sl-violations');
  if (!header) return [];
  const json = header.startsWith('Too many violations! ') ? null : header;
  if (json === null) {
    return [{ location: ['request'], severity: 'Error', message: 'Prism reported too many violations to list' }];
  }
  return (JSON.parse(json) as Violation[]).filter((v) => v.location[0] === 'request');
}

function describeViolation(v: Violation): string {
  return `${v.location.join('.')} ${v.message}`;
}

/**
 * The path the client must send for `op` with these path arguments: each value percent-encoded once,
 * and once more where Zoom's document asks for it (an ID containing `/`, flagged `doubleEncode`).
 */
export function expectedPath(op: OperationInfo, pathArgs: Record<string, unknown> = {}): string {
  const twice = new Set(op.parameters.filter((p) => p.in === 'path' && p.doubleEncode).map((p) => p.name));
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = String(pathArgs[name]);
    const once = encodeURIComponent(value);
    return twice.has(name) && value.includes('/') ? encodeURIComponent(once) : once;
  });
}

function base64UrlJson(part: string): Record<string, unknown> | null {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** Problems with the bearer token: Prism only checks that the header exists. */
function bearerProblem(exchange: Exchange, apiKey: string): string | null {
  const authorization = exchange.requestHeaders.get('authorization');
  if (!authorization) return 'no Authorization header';
  const [, encodedHeader, encodedPayload] = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization) ?? [];
  if (encodedHeader === undefined || encodedPayload === undefined) return 'Authorization is not `Bearer <JWT>`';
  const header = base64UrlJson(encodedHeader);
  const payload = base64UrlJson(encodedPayload);
  if (header?.alg !== 'HS256') return 'the JWT is not signed with HS256';
  if (payload?.iss !== apiKey) return "the JWT's iss is not the API key";
  return null;
}

export interface Verdict {
  accepted: boolean;
  /** Empty when accepted. */
  reason: string;
  /** Prism's warnings about the request; they don't reject it, but they are shown. */
  warnings: string[];
}

/**
 * Judges one call: its last request must be the operation's method and exactly the expected path,
 * carry an API JWT, and be accepted by Prism; and the client must have resolved.
 */
export function judge(
  op: OperationInfo,
  pathArgs: Record<string, unknown> | undefined,
  exchanges: Exchange[],
  outcome: { error?: unknown },
  prismBaseUrl: string,
  apiKey: string,
): Verdict {
  const last = exchanges.at(-1);
  if (!last) {
    const detail = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    return { accepted: false, reason: `no request was sent (${detail})`, warnings: [] };
  }
  const violations = exchanges.flatMap(requestViolations);
  const errors = violations.filter((v) => v.severity === 'Error');
  const warnings = violations.filter((v) => v.severity !== 'Error').map(describeViolation);
  const reject = (reason: string): Verdict => ({ accepted: false, reason, warnings });

  const basePath = new URL(prismBaseUrl).pathname.replace(/\/$/, '');
  const sentPath = last.url.pathname.slice(basePath.length);
  const expected = expectedPath(op, pathArgs);
  if (last.method !== op.method || sentPath !== expected) {
    return reject(`sent ${last.method} ${sentPath}, expected ${op.method} ${expected} (${op.path})`);
  }
  const bearer = bearerProblem(last, apiKey);
  if (bearer) return reject(bearer);
  if (last.status < 200 || last.status > 299) {
    let title = '';
    let listed = errors.map(describeViolation).join('; ');
    try {
      const problem = JSON.parse(last.responseBody);
      title = [problem.title, problem.detail].filter(Boolean).join(': ');
      // Prism's own 422 lists the violations in the body as well (the header may have been cut short).
      if (!listed && Array.isArray(problem.validation)) listed = problem.validation.map(describeViolation).join('; ');
    } catch {}
    return reject([String(last.status), title, listed].filter(Boolean).join(' — '));
  }
  if (errors.length > 0) return reject(`Prism found errors: ${errors.map(describeViolation).join('; ')}`);
  if (outcome.error !== undefined) {
    const detail = outcome.error instanceof Error ? outcome.error.message : JSON.stringify(outcome.error);
    return reject(`the client threw after a ${last.status}: ${detail}`);
  }
  return { accepted: true, reason: '', warnings };
}
