// One operation call through the real package: its client (auth, timeout, retries, typed errors),
// one page or all of them, printed as JSON.
import {
  type OperationInfo,
  pageItems,
  paginate,
  type TokenProvider,
  type ZoomClientOptions,
  type ZoomLogger,
} from '@zoom-api/core';
import { EXIT_API_ERROR, EXIT_OK } from './errors.js';
import { describeFailure } from './failure.js';
import type { RequestParameters } from './params.js';
import type { LoadedProduct, OperationFunction } from './products.js';
import type { Writer } from './redact.js';

export interface CallPlan {
  product: LoadedProduct;
  op: OperationInfo;
  parameters: RequestParameters;
  body: unknown;
  auth: TokenProvider;
  baseUrl: string | undefined;
  timeout: number | undefined;
  all: boolean;
  json: boolean;
}

export interface CallIo {
  stdout: Writer;
  stderr: Writer;
  /** Whether stderr is a terminal: the --all progress line then rewrites itself in place. */
  stderrIsTty: boolean;
}

function printJson(io: CallIo, value: unknown, compact: boolean): void {
  if (value === undefined) return;
  if (typeof value === 'string') {
    // A body that was not JSON, printed as it came.
    io.stdout.write(value.endsWith('\n') ? value : `${value}\n`);
    return;
  }
  io.stdout.write(`${compact ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

async function allItems(fn: OperationFunction, options: Record<string, unknown>, io: CallIo): Promise<unknown[]> {
  const items: unknown[] = [];
  let pageCount = 0;
  const line = (done: boolean) =>
    `zoom-api: ${done ? 'fetched ' : ''}${plural(pageCount, 'page')}, ${plural(items.length, 'item')}${done ? '' : '…'}`;
  for await (const page of paginate.pages(fn, options)) {
    pageCount++;
    // The same rule as paginate(): no Zoom list operation has two array fields on its pages.
    items.push(...pageItems(page));
    io.stderr.write(io.stderrIsTty ? `\r${line(false)}` : `${line(false)}\n`);
  }
  io.stderr.write(io.stderrIsTty ? `\r${line(true)}\n` : `${line(true)}\n`);
  return items;
}

// The client's log lines (ZOOM_API_LOG) go to stderr with the other messages: console would print debug
// and info lines on stdout, into the JSON a pipe reads.
function stderrLogger(stderr: Writer): ZoomLogger {
  const line = (message: string) => void stderr.write(`${message}\n`);
  return { debug: line, info: line, warn: line, error: line };
}

export async function callOperation(plan: CallPlan, io: CallIo): Promise<number> {
  const { op, parameters } = plan;
  const clientOptions: ZoomClientOptions = { auth: plan.auth, logger: stderrLogger(io.stderr) };
  if (plan.baseUrl !== undefined) clientOptions.baseUrl = plan.baseUrl;
  if (plan.timeout !== undefined) clientOptions.timeout = plan.timeout;
  const client = plan.product.createClient(clientOptions);
  const fn = plan.product.operationFunction(op.name);
  const options: Record<string, unknown> = { client };
  if (Object.keys(parameters.path).length > 0) options.path = parameters.path;
  if (Object.keys(parameters.query).length > 0) options.query = parameters.query;
  if (Object.keys(parameters.headers).length > 0) options.headers = parameters.headers;
  if (plan.body !== undefined) options.body = plan.body;

  try {
    if (plan.all) printJson(io, await allItems(fn, options, io), plan.json);
    else printJson(io, (await fn(options)).data, plan.json);
    return EXIT_OK;
  } catch (error) {
    io.stderr.write(`zoom-api: ${describeFailure(error)}\n`);
    return EXIT_API_ERROR;
  }
}
