// A call's state travels with the call, not on the Request or the Response: interceptors that replace
// both (`new Request(req, …)`, `new Response(res.body, res)`, as users do to add a header or rewrite an
// answer) leave every per-call setting in force, the body excerpt in the error, and the call's token and
// the API secret out of it.
import { createZoomAuth, ZOOM_AUTH_SECRETS } from '@zoom-api/auth';
import { json, rejection, scriptedServerPerTest, silence, text } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import { type Client, createZoomClient } from '../../src/client.js';
import { ZoomApiError, ZoomResponseError, ZoomTimeoutError } from '../../src/errors/classes.js';
import type { ZoomClientOptions } from '../../src/options.js';

const TOKEN = 'plain-token-Vx81qT'; // not JWT-shaped: only the call's own state can hide it
const SECRET = 'provider-secret-Kd72Lw';
const API_SECRET = 'zoom-auth-secret-P3n9Rz';
const serve = scriptedServerPerTest();

// A token source of the user's own that names its secret, as core's README describes.
const provider = Object.defineProperty({ getToken: async () => TOKEN }, ZOOM_AUTH_SECRETS, {
  value: () => [SECRET],
});

/** A client whose interceptors replace every Request and every Response, counting both. */
function replacing(baseUrl: string, options: ZoomClientOptions = {}) {
  const client: Client = createZoomClient({ baseUrl, auth: provider, logLevel: 'off', ...options });
  const replaced = { requests: 0, responses: 0 };
  client.interceptors.request.use((request) => {
    replaced.requests++;
    const headers = new Headers(request.headers);
    headers.set('x-replaced', 'yes');
    return new Request(request, { headers });
  });
  client.interceptors.response.use((response) => {
    replaced.responses++;
    return new Response(response.body, response);
  });
  return { client, replaced };
}

/** The error of one GET through a replacing client, once both interceptors have run. */
async function errorThroughReplacing(baseUrl: string, options: ZoomClientOptions = {}): Promise<Error> {
  const { client, replaced } = replacing(baseUrl, options);
  const error = await rejection(client.get({ url: '/videosdk/sessions' }));
  expect(replaced).toEqual({ requests: 1, responses: 1 });
  return error;
}

describe('an error after both interceptors replaced the Request and the Response', () => {
  it('a 200 that is not JSON: the body excerpt is there, the token and the secret are not', async () => {
    const s = await serve(text(200, `debug: ${TOKEN} ${SECRET} (not JSON)`, { 'content-type': 'application/json' }));
    const error = await errorThroughReplacing(s.baseUrl);
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect(error.message).toContain('The body began: "debug: [redacted] [redacted] (not JSON)"');
    expect((error as ZoomResponseError).bodyStart).toBe('debug: [redacted] [redacted] (not JSON)');
    expect(`${error.message} ${String(error.cause)}`).not.toMatch(/plain-token|provider-secret/);
  });

  it('an error status echoing them in its body and headers: redacted in the message and the header facts', async () => {
    const s = await serve(
      json(400, { code: 300, message: `bad token ${TOKEN}, secret ${SECRET}` }, { 'x-zm-trackingid': `rid=${TOKEN}` }),
    );
    const error = await errorThroughReplacing(s.baseUrl);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(error.message).toContain('bad token [redacted], secret [redacted]');
    expect((error as ZoomApiError).trackingId).toBe('rid=[redacted]');
  });

  it('the API secret given to createZoomAuth is redacted as well', async () => {
    const s = await serve(text(200, `signed with ${API_SECRET}`, { 'content-type': 'application/json' }));
    const error = await errorThroughReplacing(s.baseUrl, {
      auth: createZoomAuth({ apiKey: 'key', apiSecret: API_SECRET }),
    });
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect((error as ZoomResponseError).bodyStart).toBe('signed with [redacted]');
    expect(error.message).not.toContain(API_SECRET);
  });
});

describe('per-call settings after both interceptors replaced the Request and the Response', () => {
  it('timeout: the call’s, not the client’s', async () => {
    const s = await serve(silence);
    const { client, replaced } = replacing(s.baseUrl, { timeout: 60_000 });
    const error = await rejection(client.get({ url: '/videosdk/sessions', timeout: 50 }));
    expect(error).toBeInstanceOf(ZoomTimeoutError);
    expect((error as ZoomTimeoutError).timeout).toBe(50);
    expect(replaced.requests).toBe(1);
    expect(s.requests[0]?.headers['x-replaced']).toBe('yes');
  });

  it('retry: false on the call makes one attempt where the client would retry', async () => {
    const s = await serve(json(503, {}), json(200, {}));
    const { client, replaced } = replacing(s.baseUrl, { retry: { maxRetries: 2, baseDelay: 1 } });
    const error = await rejection(client.get({ url: '/videosdk/sessions', retry: false }));
    expect((error as ZoomApiError).status).toBe(503);
    expect(s.requests).toHaveLength(1);
    expect(replaced).toEqual({ requests: 1, responses: 1 });
  });

  it('maxResponseBytes: the call’s limit refuses a body the client’s would take', async () => {
    const s = await serve(json(200, { sessions: ['x'.repeat(100)] }));
    const { client } = replacing(s.baseUrl, { maxResponseBytes: 1_000_000 });
    const error = await rejection(client.get({ url: '/videosdk/sessions', maxResponseBytes: 10 }));
    expect(error).toBeInstanceOf(ZoomResponseError);
    expect(error.message).toContain('larger than 10 bytes (maxResponseBytes)');
  });

  it('fetch: the call’s own sends the replaced Request, with the bearer header', async () => {
    const s = await serve(json(200, { sessions: [] }));
    const { client, replaced } = replacing(s.baseUrl);
    const seen: Array<[string | null, string | null]> = [];
    const own = ((request: Request, init?: RequestInit) => {
      seen.push([request.headers.get('x-replaced'), request.headers.get('authorization')]);
      return fetch(request, init);
    }) as typeof fetch;
    const { data } = (await client.get({ url: '/videosdk/sessions', fetch: own })) as { data: unknown };
    expect(data).toEqual({ sessions: [] });
    expect(seen).toEqual([['yes', `Bearer ${TOKEN}`]]);
    expect(replaced).toEqual({ requests: 1, responses: 1 });
  });
});
