// Every operation of the five API documents carries its rate-limit category in the built packages'
// metadata, and the product clients carry the call-time table. The expected labels are read here
// with a regex of their own over the documents the packages were generated from, not with the generator's reader.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as accounts from '@zoom-api/accounts';
import * as cobrowse from '@zoom-api/cobrowse';
import {
  type Client,
  DEFAULT_RATE_LIMIT_CATEGORY,
  type OperationInfo,
  RATE_LIMIT_CATEGORIES,
  type RateLimitTable,
  type ZoomAuth,
  type ZoomClientOptions,
} from '@zoom-api/core';
import * as masterAccount from '@zoom-api/master-account';
import * as masterAccounts from '@zoom-api/master-account/accounts';
import * as masterVideoSdk from '@zoom-api/master-account/videosdk';
import { WORKSPACE_ROOT } from '@zoom-api/test-utils';
import * as videosdk from '@zoom-api/videosdk';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, DEFAULT_CATEGORY } from '../../scripts/codegen/rate-limits.ts';
import { isClientPackage, readRegistry } from '../../scripts/specs/lib.ts';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
// Zoom's one spelling in these documents; the value's case varies (`HEAVY`, `Heavy`).
const ZOOM_LABEL = /\*\*\[Rate Limit Label\]\([^)]*\):\*\* `([A-Za-z-]+)`/;

/** "METHOD /path" → the label as Zoom wrote it, for every labelled operation of the document. */
function labelsIn(file: string): { operations: number; labels: Map<string, string> } {
  const doc = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'specs', file), 'utf8'));
  const labels = new Map<string, string>();
  let operations = 0;
  for (const [p, item] of Object.entries<Record<string, { description?: string }>>(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      operations++;
      const label = op.description?.match(ZOOM_LABEL)?.[1];
      if (label) labels.set(`${method.toUpperCase()} ${p}`, label);
    }
  }
  return { operations, labels };
}

const DOCUMENTS = [
  // The counts are of labels written in capitals; Zoom writes the rest as `Light`, `Heavy` …,
  // which label their operations just the same: every operation of these documents is labelled.
  { file: 'videosdk.json', operations: videosdk.operations, capitals: 33, total: 38 },
  { file: 'accounts.json', operations: accounts.operations, capitals: 37, total: 59 },
  { file: 'cobrowse.json', operations: cobrowse.operations, capitals: 4, total: 4 },
  { file: 'videosdk-ma.json', operations: masterVideoSdk.operations, capitals: 30, total: 35 },
  { file: 'accounts-ma.json', operations: masterAccounts.operations, capitals: 37, total: 59 },
];

const key = (op: OperationInfo) => `${op.method.toUpperCase()} ${op.path}`;

describe.each(DOCUMENTS)('$file', ({ file, operations, capitals, total }) => {
  const { operations: count, labels } = labelsIn(file);

  it('every operation carries a category, the document’s own where it gives one', () => {
    expect(operations).toHaveLength(count);
    for (const op of operations) {
      expect(RATE_LIMIT_CATEGORIES, key(op)).toContain(op.rateLimit.category);
      const label = labels.get(key(op));
      expect(op.rateLimit, key(op)).toEqual(
        label ? { category: label.toUpperCase(), source: 'document' } : { category: 'MEDIUM', source: 'default' },
      );
    }
  });

  it('counts as many labelled operations as the document has labels (and as the issue states)', () => {
    const labelled = operations.filter((op) => op.rateLimit.source === 'document');
    expect(labelled).toHaveLength(labels.size);
    expect([...labels.values()].filter((l) => l === l.toUpperCase())).toHaveLength(capitals);
    expect([count, labels.size]).toEqual([total, total]);
  });
});

const token: ZoomAuth = { getToken: async () => 'not-a-real-token', invalidate: () => {} };

/** The call-time table the operations rows imply: name, and the category only when the document gave it. */
function tableOf(operations: readonly OperationInfo[]): RateLimitTable {
  return Object.fromEntries(
    operations.map((op) => [
      key(op),
      op.rateLimit.source === 'document' ? [op.name, op.rateLimit.category] : [op.name],
    ]),
  );
}

// Every entry point of every client package in the registry. A package built from several documents
// has one client for all of them, so each entry's default client knows the operations of every one.
const ENTRIES = readRegistry(WORKSPACE_ROOT)
  .filter(isClientPackage)
  .flatMap((pkg) =>
    pkg.entries.map((entry) => ({
      specifier: pkg.entries.length === 1 ? pkg.name : `${pkg.name}/${entry.export.slice(2)}`,
      root: pkg.name,
      factory: pkg.factory,
    })),
  );

/** A client's table: the products hand core a loader (the table is read only with `rateLimit`). */
async function tableOfClient(client: Client): Promise<RateLimitTable | undefined> {
  const source = client.getConfig().rateLimitTable;
  return typeof source === 'function' ? await source() : source;
}

describe('the built clients carry the call-time table', () => {
  it.each(ENTRIES)('$specifier: its default client and its factory', async ({ specifier, root, factory }) => {
    const entry = (await import(specifier)) as { defaultClient: Client };
    const whole = (await import(root)) as Record<string, unknown> & { operations: readonly OperationInfo[] };
    const expected = tableOf(whole.operations);
    expect(Object.keys(expected)).toHaveLength(whole.operations.length);
    expect(await tableOfClient(entry.defaultClient)).toEqual(expected);
    const create = whole[factory] as (options: ZoomClientOptions) => Client;
    expect(await tableOfClient(create({ auth: token }))).toEqual(expected);
  });

  it('master-account: the table covers both of its documents', () => {
    expect(masterAccount.operations).toHaveLength(35 + 59);
  });

  it('names listSessions with its category, keyed as the runtime carries method and path', async () => {
    expect((await tableOfClient(videosdk.defaultClient))?.['GET /videosdk/sessions']).toEqual([
      'listSessions',
      labelsIn('videosdk.json').labels.get('GET /videosdk/sessions')?.toUpperCase(),
    ]);
  });

  it("the generator's categories and default are core's", () => {
    expect([...CATEGORIES]).toEqual([...RATE_LIMIT_CATEGORIES]);
    expect(DEFAULT_CATEGORY).toBe(DEFAULT_RATE_LIMIT_CATEGORY);
  });
});
