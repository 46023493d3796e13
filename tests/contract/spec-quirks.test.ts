// Proves each request-side "Known spec quirk" of scripts/specs/quirks.ts: the request the contract run
// sends is accepted when the overlapping `oneOf` is narrowed to its branch, accepted when narrowed to
// another branch too — so it matches two branches — and therefore rejected by the unchanged document.
// When Zoom fixes a document, this fails and says which correction and README entry to remove.
import path from 'node:path';
import * as accountsStandalone from '@zoom-api/accounts';
import { groupAlive, type PrismServer, startPrism } from '@zoom-api/cli/mock';
import type { OperationInfo } from '@zoom-api/core';
import * as accounts from '@zoom-api/master-account/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callOperation, contractClient, readDocument } from './helpers/contract.js';
import type { Exchange } from './helpers/exchanges.js';
import { correctedDocument, SPEC_QUIRKS, type SpecQuirk, writeTemporaryDocument } from './helpers/spec-corrections.js';

const root = path.resolve(import.meta.dirname, '../..');
const entries = {
  accounts: {
    entry: accountsStandalone as Record<string, unknown>,
    createClient: accountsStandalone.createAccountsClient,
  },
  'accounts-ma': { entry: accounts as Record<string, unknown>, createClient: accounts.createMasterAccountClient },
};

const otherBranch = (c: SpecQuirk): SpecQuirk => ({ ...c, branch: c.branch === 0 ? 1 : 0 });

describe.each(Object.keys(SPEC_QUIRKS) as (keyof typeof entries)[])('Known spec quirks of specs/%s.json', (id) => {
  // The answer-side ones are proved with the fake's answers, in fake-agreement.test.ts.
  const corrections = (SPEC_QUIRKS[id] ?? []).filter((quirk) => !('response' in quirk.at));
  const { entry, createClient } = entries[id];
  const operations = entry.operations as readonly OperationInfo[];
  const original = readDocument(id);
  const asContractRun = correctedDocument(original, corrections);
  const narrowedElsewhere = correctedDocument(original, corrections.map(otherBranch));
  const temporaries: ReturnType<typeof writeTemporaryDocument>[] = [];
  const servers: PrismServer[] = [];

  beforeAll(async () => {
    temporaries.push(writeTemporaryDocument(id, asContractRun), writeTemporaryDocument(id, narrowedElsewhere));
    const specs = [path.join(root, 'specs', `${id}.json`), ...temporaries.map((t) => t.file)];
    for (const spec of specs) servers.push(await startPrism({ spec }));
  });

  afterAll(async () => {
    for (const server of servers) {
      await server.stop();
      expect(groupAlive(server.pid)).toBe(false);
    }
    for (const t of temporaries) t.remove();
  });

  it.each(corrections)('$operation: $why', async (correction) => {
    const op = operations.find((o) => `${o.method} ${o.path}` === correction.operation);
    if (!op) throw new Error(`${id}: the operations table has no ${correction.operation}`);
    const fn = entry[op.name] as Parameters<typeof callOperation>[0];
    const [unchanged, asRun, elsewhere] = await Promise.all(
      servers.map((server) => {
        const exchanges: Exchange[] = [];
        const client = contractClient(createClient, server.baseUrl, exchanges);
        return callOperation(fn, op, asContractRun, client, exchanges, server.baseUrl);
      }),
    );
    expect(asRun?.verdict.reason, `valid against branch ${correction.branch}`).toBe('');
    expect(elsewhere?.verdict.reason, `valid against branch ${otherBranch(correction).branch}`).toBe('');
    expect(unchanged?.verdict.accepted, 'the unchanged document rejects it').toBe(false);
    expect(unchanged?.verdict.reason).toMatch(/must match exactly one schema in oneOf/);
  });
});
