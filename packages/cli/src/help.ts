// Help at every level and the `list` table, all generated from the operations tables.
import type { OperationInfo } from '@zoom-api/core';
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
  --base-url <url>         send requests here instead of https://api.zoom.us/v2
  --timeout <ms>           give up on an attempt after this many milliseconds (default 60000)
  -h, --help               show help`;

const ENVIRONMENT = `Environment:
  ZOOM_API_KEY           your Zoom API key (not used with --mock)
  ZOOM_API_SECRET        your Zoom API secret (not used with --mock); never printed

--mock starts @zoom-api/testing's fake Zoom on 127.0.0.1 for the call: it checks the request against
Zoom's document as Zoom would and answers with the document's example or a generated value. It needs no
network, no download and no credentials.`;

const EXIT_CODES = 'Exit codes: 0 ok, 1 API or network error, 2 usage error.';

export function topHelp(): string {
  const products = PRODUCTS.map((p) => `  ${p.name.padEnd(16)} ${p.title}`).join('\n');
  return `Usage: zoom-api <command> [options]

Call any Zoom Video SDK, Accounts, Cobrowse or master-account API operation from a terminal.

Try it, no credentials needed:
  ${MOCK_EXAMPLE}

Commands:
  zoom-api list [product]                   list operations: function name, method, path, summary
  zoom-api <product> <operation> [options]  call one operation and print the response as JSON
  zoom-api <product> --help                 the product's operations
  zoom-api <product> <operation> --help     the operation's method, path and parameters
  zoom-api jwt [--expires-in N] [--decode]  print a Zoom API JWT (as zoom-jwt does)
  zoom-api webhooks failed [--retry]        a durable webhook queue's dead letters; --retry re-drives them

Products:
${products}

${CALL_OPTIONS}

${ENVIRONMENT}

${EXIT_CODES}
`;
}

export function listHelp(): string {
  return `Usage: zoom-api list [product] [--json]

Lists every operation: function name, HTTP method, path and summary.
Products: ${PRODUCTS.map((p) => p.name).join(', ')} (default: all of them).
--json prints an array of { product, name, method, path, summary }.
`;
}

function table(operations: readonly OperationInfo[]): string {
  const nameWidth = Math.max(...operations.map((op) => op.name.length));
  const methodWidth = Math.max(...operations.map((op) => op.method.length));
  const pathWidth = Math.max(...operations.map((op) => op.path.length));
  return operations
    .map(
      (op) =>
        `  ${op.name.padEnd(nameWidth)}  ${op.method.padEnd(methodWidth)}  ${op.path.padEnd(pathWidth)}  ${op.summary}`,
    )
    .join('\n');
}

export function operationsList(product: Product, operations: readonly OperationInfo[]): string {
  return `${product.name}: ${product.title}, ${operations.length} operations (${product.packageName})\n${table(operations)}\n`;
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
