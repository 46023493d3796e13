// The contract check can fail: requests Prism must reject — a missing required query parameter, a body
// that breaks its schema, an unknown route, a missing bearer, a call that went to the wrong route — are
// each judged "rejected", with a reason that names the problem. Sent through the real client where
// a client can send them.
import path from 'node:path';
import { groupAlive, type PrismServer, startPrism } from '@zoom-api/cli/mock';
import type { OperationInfo } from '@zoom-api/core';
import * as videosdk from '@zoom-api/videosdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, contractClient } from './helpers/contract.js';
import type { Exchange } from './helpers/exchanges.js';
import { judge } from './helpers/verdict.js';

const root = path.resolve(import.meta.dirname, '../..');
const operation = (name: string) => videosdk.operations.find((op) => op.name === name) as OperationInfo;

describe('judging Prism’s answers', () => {
  let prism: PrismServer;
  let exchanges: Exchange[];
  let client: ReturnType<typeof contractClient>;

  beforeAll(async () => {
    prism = await startPrism({ spec: path.join(root, 'specs/videosdk.json') });
  });
  afterAll(async () => {
    await prism.stop();
    expect(groupAlive(prism.pid)).toBe(false);
  });

  async function call(name: string, send: () => Promise<unknown>, pathArgs?: Record<string, unknown>) {
    exchanges = [];
    client = contractClient(videosdk.createVideoSdkClient, prism.baseUrl, exchanges);
    const outcome: { error?: unknown } = {};
    try {
      await send();
    } catch (error) {
      outcome.error = error;
    }
    return judge(operation(name), pathArgs, exchanges, outcome, prism.baseUrl, API_KEY);
  }

  it('accepts a right request (the control)', async () => {
    const verdict = await call('listSessions', () =>
      videosdk.listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } }),
    );
    expect(verdict).toEqual({ accepted: true, reason: '', warnings: [] });
  });

  it('rejects a request without a required query parameter, naming it', async () => {
    const verdict = await call('listSessions', () =>
      videosdk.listSessions({ client, query: { from: '2022-09-01' } as never }),
    );
    expect(verdict.accepted).toBe(false);
    expect(verdict.reason).toMatch(/^4\d\d .*request\.query.*'to'/);
  });

  it('rejects a body that breaks its schema', async () => {
    const verdict = await call('createSession', () =>
      videosdk.createSession({ client, body: { session_name: 42 } as never }),
    );
    expect(verdict.accepted).toBe(false);
    expect(verdict.reason).toMatch(/^4\d\d .*request\.body\.session_name .*must be string/);
  });

  it('rejects an unknown route with 404', async () => {
    const verdict = await call('listSessions', () => client.get({ url: '/videosdk/no_such_route' }));
    expect(verdict.accepted).toBe(false);
    expect(verdict.reason).toBe(
      'sent GET /videosdk/no_such_route, expected GET /videosdk/sessions (/videosdk/sessions)',
    );
    expect(exchanges.at(-1)?.status).toBe(404);
  });

  it('rejects a request without a bearer token (Prism answers 401)', async () => {
    exchanges = [];
    const response = await fetch(`${prism.baseUrl}/videosdk/sessions?from=2022-09-01&to=2022-09-02`);
    exchanges.push({
      method: 'GET',
      url: new URL(response.url),
      requestHeaders: new Headers(),
      requestBody: '',
      status: response.status,
      responseHeaders: response.headers,
      responseBody: await response.text(),
    });
    expect(response.status).toBe(401);
    const verdict = judge(operation('listSessions'), undefined, exchanges, {}, prism.baseUrl, API_KEY);
    expect(verdict).toMatchObject({ accepted: false, reason: 'no Authorization header' });
  });

  it('rejects a right request sent to a different operation’s route', async () => {
    const verdict = await call(
      'getSessionDetails',
      () => videosdk.listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } }),
      { sessionId: 'abc' },
    );
    expect(verdict.reason).toBe(
      'sent GET /videosdk/sessions, expected GET /videosdk/sessions/abc (/videosdk/sessions/{sessionId})',
    );
  });

  it('rejects a session ID with `/` that is encoded once, though the document asks for twice', async () => {
    const sessionId = 'sfk/aOFJSJSYhGwk1hnxgw==';
    const verdict = await call(
      'getSessionDetails',
      () => client.get({ url: `/videosdk/sessions/${encodeURIComponent(sessionId)}` }),
      { sessionId },
    );
    expect(verdict.reason).toBe(
      'sent GET /videosdk/sessions/sfk%2FaOFJSJSYhGwk1hnxgw%3D%3D, expected GET ' +
        '/videosdk/sessions/sfk%252FaOFJSJSYhGwk1hnxgw%253D%253D (/videosdk/sessions/{sessionId})',
    );
  });

  it('accepts the same session ID double-encoded by the client (the control)', async () => {
    const sessionId = 'sfk/aOFJSJSYhGwk1hnxgw==';
    const verdict = await call('getSessionDetails', () => videosdk.getSessionDetails({ client, path: { sessionId } }), {
      sessionId,
    });
    expect(verdict).toEqual({ accepted: true, reason: '', warnings: [] });
  });
});
