// Help at every level and the `list` table, all generated from the operations tables.
import { type OperationInfo, RATE_LIMIT_PLANS, type RateLimitPlan, type RateLimitWindowLimits } from '@zoom-api/core';
import { describeParameter, parametersOf, placeholder } from './params.js';
import { PRODUCTS, type Product } from './products.js';

export const MOCK_EXAMPLE = 'zoom-api videosdk listSessions --query.from 2022-09-01 --query.to 2022-09-02 --mock';

const CALL_OPTIONS = `Call options:
  --path.<name> <value>    a path parameter, e.g. --path.sessionId abc
  --query.<name> <value>   a query parameter, e.g. --query.from 2022-09-01
  --header.<name> <value>  a header parameter
  --body <json>            the request body: inline JSON, @file.json, or @- for standard input
  --all                    follow next_page_token and print every item of every page
  --json                   print compact JSON (default: pretty)
  --mock                   call a fake Zoom that answers from Zoom's documents, instead of Zoom
  --base-url <url>         send requests here instead of $ZOOM_API_BASE_URL or https://api.zoom.us/v2
  --timeout <ms>           give up on an attempt after this many milliseconds (default 60000)
  -h, --help               show help`;

const ENVIRONMENT = `Environment:
  ZOOM_API_KEY           your Zoom API key (not used with --mock)
  ZOOM_API_SECRET        your Zoom API secret (not used with --mock); never printed
  ZOOM_API_BASE_URL      send calls here instead of https://api.zoom.us/v2 (--base-url and --mock win)
  ZOOM_API_LOG           debug, info, warn (default), error or off: what the client logs to stderr
  HTTPS_PROXY, NO_PROXY  the proxy for calls to Zoom, and the hosts that bypass it (also HTTP_PROXY, ALL_PROXY)

--mock starts @zoom-api/testing's fake Zoom on 127.0.0.1 for the call: it checks the request against
Zoom's document as Zoom would and answers with the document's example or a generated value. It needs no
network, no download and no credentials.`;

const EXIT_CODES = 'Exit codes: 0 ok, 1 API or network error, 2 usage error.';

export function topHelp(): string {
  const products = PRODUCTS.map((p) => `  ${p.name.padEnd(16)} ${p.title}`).join('\n');
  return `Usage: zoom-api <command> [options]

Call any operation of the Zoom APIs below (Products) from a terminal.

Try it, no credentials needed:
  ${MOCK_EXAMPLE}

Commands:
  zoom-api list [product]                   list operations: function name, method, path, summary
  zoom-api <product> <operation> [options]  call one operation and print the response as JSON
  zoom-api <product> --help                 the product's operations
  zoom-api <product> <operation> --help     the operation's method, path and parameters
  zoom-api jwt [--expires-in N] [--decode]  print a Zoom API JWT (as zoom-jwt does)
  zoom-api webhooks failed [--retry]        a durable webhook queue's dead letters; --retry re-drives them
  zoom-api --version                        this command's version and the Zoom documents --mock serves
  zoom-api <command> -h                     help on any command (-h and --help alike)

Products:
${products}

${CALL_OPTIONS}

${ENVIRONMENT}

${EXIT_CODES}
`;
}

export function listHelp(): string {
  return `Usage: zoom-api list [product] [--plan free|pro|business] [--json]

Lists every operation: function name, HTTP method, path, rate-limit category (Zoom's label, as in the
operation's document) with that category's limits on the plan (default pro), and summary.
Products: ${PRODUCTS.map((p) => p.name).join(', ')} (default: all of them).
--json prints an array of { product, name, method, path, summary,
  rateLimit: { category, source, plan, perSecond?, perMinute?, perDay? } }.
`;
}

/** A Zoom document as `--version` and `--mock` name it: `Video SDK API version 2, sha256 0123456789ab…`. */
export function describeDocument(doc: { title: string; version: string; sha256: string }): string {
  return `${doc.title}${doc.version ? ` version ${doc.version}` : ''}, sha256 ${doc.sha256.slice(0, 12)}…`;
}

/** A category's limits on a plan, e.g. `10/min` or `4/s, 6,000/day`. */
export function describeLimits(limits: RateLimitWindowLimits): string {
  const parts = [];
  if (limits.perSecond !== undefined) parts.push(`${limits.perSecond}/s`);
  if (limits.perMinute !== undefined) parts.push(`${limits.perMinute}/min`);
  if (limits.perDay !== undefined) parts.push(`${limits.perDay.toLocaleString('en-US')}/day`);
  return parts.join(', ');
}

function column(values: readonly string[]): (value: string) => string {
  const width = Math.max(...values.map((value) => value.length));
  return (value) => value.padEnd(width);
}

function table(operations: readonly OperationInfo[], plan?: RateLimitPlan): string {
  const name = column(operations.map((op) => op.name));
  const method = column(operations.map((op) => op.method));
  const path = column(operations.map((op) => op.path));
  const limitOf = (op: OperationInfo) =>
    `${op.rateLimit.category} ${describeLimits(RATE_LIMIT_PLANS[plan ?? 'pro'][op.rateLimit.category])}`;
  const limit = column(operations.map(limitOf));
  return operations
    .map(
      (op) =>
        `  ${name(op.name)}  ${method(op.method)}  ${path(op.path)}  ${plan ? `${limit(limitOf(op))}  ` : ''}${op.summary}`,
    )
    .join('\n');
}

export function operationsList(product: Product, operations: readonly OperationInfo[], plan: RateLimitPlan): string {
  const shared = RATE_LIMIT_PLANS[plan]['HEAVY+RESOURCE-INTENSIVE'];
  const sharing = shared
    ? `; HEAVY and RESOURCE-INTENSIVE also share ${shared.perDay.toLocaleString('en-US')} calls a day`
    : '';
  return (
    `${product.name}: ${product.title}, ${operations.length} operations (${product.packageName}); ` +
    `rate limits of the ${plan} plan (--plan free|pro|business)${sharing}\n${table(operations, plan)}\n`
  );
}

/** An operation's category and its limits on every plan. */
function rateLimitLine(op: OperationInfo): string {
  const { category, source } = op.rateLimit;
  const plans = (['free', 'pro', 'business'] as const).map(
    (p) => `${p} ${describeLimits(RATE_LIMIT_PLANS[p][category])}`,
  );
  const label = source === 'document' ? "Zoom's label" : 'no label in the document: counted as MEDIUM';
  return `Rate limit: ${category} (${label}); ${plans.join('; ')}`;
}

export function productHelp(product: Product, operations: readonly OperationInfo[]): string {
  return `Usage: zoom-api ${product.name} <operation> [options]

${product.title}, through ${product.packageName}. Operations:
${table(operations)}

Run zoom-api ${product.name} <operation> --help for an operation's parameters.

${CALL_OPTIONS}

${ENVIRONMENT}

${EXIT_CODES}
`;
}

function bodyLine(op: OperationInfo): string {
  if (!op.body) return 'Body: none';
  const how = op.body.contentTypes.includes('application/json')
    ? `--body '{…}' or --body @file.json`
    : `--body '{"field":"@path/to/file"}' (fields written @path are sent as files)`;
  return `Body (${op.body.required ? 'required' : 'optional'}, ${op.body.contentTypes.join(' or ')}): ${how}`;
}

export function operationHelp(product: Product, op: OperationInfo): string {
  const params = parametersOf(op);
  const width = Math.max(0, ...params.map((p) => describeParameter(p).length));
  const lines = params.map((p) => {
    const notes = [p.required ? 'required' : 'optional'];
    if (p.enum && p.enum.length > 0) notes.push(`one of: ${p.enum.map(String).join(', ')}`);
    return `  ${describeParameter(p).padEnd(width)}  ${notes.join('; ')}`;
  });
  const example = [
    `zoom-api ${product.name} ${op.name}`,
    ...params.filter((p) => p.required).map((p) => `--${p.in}.${p.name} ${placeholder(p)}`),
    ...(op.body?.required ? [`--body @body.json`] : []),
    '--mock',
  ].join(' ');
  const paginated = params.some((p) => p.in === 'query' && p.name === 'next_page_token');
  return `Usage: zoom-api ${product.name} ${op.name} [options]

${op.summary}

  ${op.method} ${op.path}

${rateLimitLine(op)}

Parameters:
${lines.length > 0 ? lines.join('\n') : '  (none)'}

${bodyLine(op)}
${paginated ? 'Paginated: --all follows next_page_token and prints every item.\n' : ''}
Example:
  ${example}

${CALL_OPTIONS}

${ENVIRONMENT}

${EXIT_CODES}
`;
}
