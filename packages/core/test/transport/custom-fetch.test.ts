// The `fetch` a client or a call brings is the transport under the policy, not a way around it.

import { bearerOf, json, scriptedServer, scriptedServerPerTest, silence } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { listSessions, QUERY as query, zoomClient } from '../helpers.js';

const TOKEN = 'token-for-transport-tests';
const auth = { getToken: async () => TOKEN };
const ok = json(200, { sessions: [] });

const serve = scriptedServerPerTest();

/** A fetch that records what it was given and passes it on to the global fetch. */
function recordingFetch() {
  const calls: Array<{ authorization: string | null; signal: boolean }> = [];
  const transport = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      authorization: (input as Request).headers.get('authorization'),
      signal: init?.signal instanceof AbortSignal,
    });
    return fetch(input, init);
  };
  return { calls, transport: transport as typeof fetch };
}

describe('custom fetch', () => {
  it('the client’s fetch sends every attempt, with the bearer header and an abort signal', async () => {
    const s = await serve(json(503, {}), ok);
    const { calls, transport } = recordingFetch();
    const client = zoomClient(s.baseUrl, { auth, fetch: transport, retry: { baseDelay: 5 } });
    await listSessions(client, { query });
    expect(calls).toEqual([
      { authorization: `Bearer ${TOKEN}`, signal: true },
      { authorization: `Bearer ${TOKEN}`, signal: true },
    ]);
    expect(s.requests.map(bearerOf)).toEqual([TOKEN, TOKEN]);
  });

  it('a fetch passed to one call is used for that call, still under the policy', async () => {
    const s = await serve(json(503, {}), ok);
    const { calls, transport } = recordingFetch();
    const client = zoomClient(s.baseUrl, { auth, retry: { baseDelay: 5 } });
    await listSessions(client, { query, fetch: transport });
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);
    await listSessions(client, { query });
    expect(calls).toHaveLength(2);
  });

  it('setConfig({ fetch, timeout }) changes the transport and the timeout, not the policy', async () => {
    const s = await serve(ok);
    const { calls, transport } = recordingFetch();
    const client = zoomClient(s.baseUrl, { auth });
    client.setConfig({ fetch: transport });
    await listSessions(client, { query });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.authorization).toBe(`Bearer ${TOKEN}`);

    const hanging = await scriptedServer(silence);
    try {
      client.setConfig({ baseUrl: hanging.baseUrl, timeout: 100 } as never);
      const error = await listSessions(client, { query }).catch((e: unknown) => e);
      expect((error as Error).name).toBe('ZoomTimeoutError');
    } finally {
      await hanging.close();
    }
  });
});
