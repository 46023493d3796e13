// One contract suite: Prism mocks one of Zoom's documents, and every operation of the matching entry
// point is called through its real client (auth included) with arguments built from that document.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createZoomAuth } from '@zoom-api/auth';
import { groupAlive, type PrismServer, startPrism } from '@zoom-api/cli/mock';
import type { Client, OperationInfo, ZoomClientOptions } from '@zoom-api/core';
import type { TestServer } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Exchange, recordingFetch, recordingProxy } from './exchanges.js';
import { type OpenApiDocument, operationArguments } from './spec-arguments.js';
import { correctedDocument, SPEC_QUIRKS, writeTemporaryDocument } from './spec-corrections.js';
import { judge, type Verdict } from './verdict.js';

const root = path.resolve(import.meta.dirname, '../../..');
export const API_KEY = 'contract-test-api-key';

type OperationFunction = (options: Record<string, unknown>) => Promise<unknown>;

export interface ContractTarget {
  /** Manifest id of the document, e.g. `videosdk`; Prism mocks `specs/<id>.json`. */
  document: string;
  /** The import specifier the operations come from, e.g. `@zoom-api/master-account/videosdk`. */
  entryName: string;
  /** The imported entry point: its `operations` table and one function per operation. */
  entry: Record<string, unknown>;
  createClient: (options: ZoomClientOptions) => Client;
  /**
   * Where the traffic is recorded. `client` (the default): the client is given a recording `fetch`.
   * `server`: the client has no `fetch`, so it sends over the default transport (node:http on Node) to
   * a recording proxy in front of Prism, and each call's data must equal the body Prism sent.
   */
  record?: 'client' | 'server';
}

export function readDocument(id: string): OpenApiDocument {
  return JSON.parse(readFileSync(path.join(root, 'specs', `${id}.json`), 'utf8'));
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `GET /path` for every operation the document declares. */
export function documentOperations(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([route, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${route}`),
  );
}

/**
 * A client as a user builds one (auth included), pointed at `baseUrl`; with `exchanges`, it records
 * its traffic through its `fetch`, without, it keeps the default transport.
 */
export function contractClient(
  createClient: (options: ZoomClientOptions) => Client,
  baseUrl: string,
  exchanges?: Exchange[],
): Client {
  const auth = createZoomAuth({ apiKey: API_KEY, apiSecret: 'contract-test-api-secret' });
  return exchanges
    ? createClient({ baseUrl, auth, fetch: recordingFetch(exchanges) })
    : createClient({ baseUrl, auth });
}

export interface CallResult {
  op: OperationInfo;
  verdict: Verdict;
  exchanges: Exchange[];
  /** What the call resolved to, when it did. */
  result?: { data?: unknown; response?: Response } | undefined;
}

/** Calls one operation through `client`, with arguments from the document, and judges the outcome. */
export async function callOperation(
  fn: OperationFunction,
  op: OperationInfo,
  doc: OpenApiDocument,
  client: Client,
  exchanges: Exchange[],
  baseUrl: string,
): Promise<CallResult> {
  const { path: pathArgs, query, body } = operationArguments(doc, op);
  const start = exchanges.length;
  const outcome: { error?: unknown } = {};
  let result: CallResult['result'];
  try {
    result = (await fn({ client, path: pathArgs, query, body })) as CallResult['result'];
  } catch (error) {
    outcome.error = error;
  }
  const own = exchanges.slice(start);
  return { op, verdict: judge(op, pathArgs, own, outcome, baseUrl, API_KEY), exchanges: own, result };
}

function describeExchange(x: Exchange): string {
  const body = x.requestBody ? ` ${x.requestHeaders.get('content-type')} ${x.requestBody.slice(0, 300)}` : '';
  return `${x.status} ${x.method} ${x.url.pathname}${x.url.search}${body}`;
}

export function formatTable(title: string, results: CallResult[]): string {
  const accepted = results.filter((r) => r.verdict.accepted).length;
  const lines = [
    `Prism contract: ${title}`,
    `  called ${results.length}, accepted ${accepted}, rejected ${results.length - accepted}`,
  ];
  for (const { op, verdict, exchanges } of results) {
    if (!verdict.accepted) {
      lines.push(`  ✗ ${op.name} (${op.method} ${op.path}): ${verdict.reason}`);
      for (const exchange of exchanges) lines.push(`      sent: ${describeExchange(exchange)}`);
    }
    for (const warning of verdict.warnings) lines.push(`  ! ${op.name}: Prism warns: ${warning}`);
  }
  return lines.join('\n');
}

/**
 * The call went over core's node:http transport and its BufferedResponse handed back what Prism sent:
 * undici's fetch adds `sec-fetch-mode` to every request, node:http does not; and the data equals the
 * body the proxy relayed.
 */
function expectDefaultTransport({ exchanges, result }: CallResult): void {
  const last = exchanges.at(-1) as Exchange;
  expect(last.requestHeaders.get('sec-fetch-mode'), 'the request was sent by a fetch').toBeNull();
  expect(result?.response?.constructor.name).toBe('BufferedResponse');
  const body = last.responseBody;
  if (body === '') {
    // An empty body (204 and the like) is `data: null`, whatever Prism's Content-Type says.
    expect(result?.data).toBeNull();
  } else if (/json/.test(last.responseHeaders.get('content-type') ?? '')) {
    expect(result?.data).toEqual(JSON.parse(body));
  } else {
    expect(result?.data).toBe(body);
  }
}

export function describeContract(target: ContractTarget): void {
  const { document, entryName, entry, createClient, record = 'client' } = target;
  const corrections = SPEC_QUIRKS[document] ?? [];
  const doc = correctedDocument(readDocument(document), corrections);
  const operations = entry.operations as readonly OperationInfo[];
  const results: CallResult[] = [];
  let prism: PrismServer | undefined;
  let proxy: TestServer | undefined;
  let client: Client;
  let baseUrl = '';
  const exchanges: Exchange[] = [];
  const over = record === 'server' ? ', over the default transport, recorded by a proxy' : '';

  describe(`${entryName} against Prism mocking specs/${document}.json${over}`, () => {
    let temporary: { file: string; remove(): void } | undefined;
    beforeAll(async () => {
      temporary = corrections.length > 0 ? writeTemporaryDocument(document, doc) : undefined;
      prism = await startPrism({ spec: temporary?.file ?? path.join(root, 'specs', `${document}.json`) });
      if (record === 'server') {
        proxy = await recordingProxy(prism.baseUrl, exchanges);
        baseUrl = proxy.baseUrl;
        client = contractClient(createClient, baseUrl);
      } else {
        baseUrl = prism.baseUrl;
        client = contractClient(createClient, baseUrl, exchanges);
      }
    });

    afterAll(async () => {
      if (results.length > 0) {
        const corrected =
          corrections.length > 0 ? ` (${corrections.length} overlapping oneOfs narrowed: Known spec quirks)` : '';
        console.log(formatTable(`specs/${document}.json${corrected} → ${entryName}`, results));
      }
      temporary?.remove();
      await proxy?.close();
      if (!prism) return;
      await prism.stop();
      expect(groupAlive(prism.pid), `Prism (pid ${prism.pid}) still running after stop()`).toBe(false);
    });

    it('the operations table lists every operation of the document, and the manifest agrees', () => {
      const manifest = JSON.parse(readFileSync(path.join(root, 'specs/manifest.json'), 'utf8'));
      const counted = manifest.specs.find((s: { id: string }) => s.id === document).operations;
      const listed = operations.map((op) => `${op.method} ${op.path}`).sort();
      expect(listed).toEqual(documentOperations(doc).sort());
      expect(listed).toHaveLength(counted);
    });

    it.each(operations.map((op) => ({ ...op, label: `${op.method} ${op.path}` })))(
      '$name ($label) is accepted',
      async (op) => {
        const fn = entry[op.name];
        expect(typeof fn, `${entryName} exports no function ${op.name}`).toBe('function');
        if (!prism) throw new Error('Prism did not start (see the beforeAll error)');
        const result = await callOperation(fn as OperationFunction, op, doc, client, exchanges, baseUrl);
        results.push(result);
        expect(result.verdict.reason).toBe('');
        expect(result.verdict.accepted).toBe(true);
        if (record === 'server') expectDefaultTransport(result);
      },
    );
  });
}
