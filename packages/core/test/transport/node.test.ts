// The default transport on Node, through its source: the Response it builds and what an attempt
// leaves behind. Calls through the product clients are in tests/core/node-transport.test.ts.
import { EventEmitter } from 'node:events';
import { type Handler, json, reset, scriptedServerPerTest, text } from '@zoom-api/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/policy/settings.js';
import { BufferedResponse } from '../../src/transport/buffered-response.js';
import { send } from '../../src/transport/node.js';
import { AttemptTimeout } from '../../src/transport/transport.js';

const ok = json(200, { sessions: [] });
const serve = scriptedServerPerTest();

/** Sends headers and the first bytes of a body that never ends. */
const stallMidBody: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
  res.write('{"sessions":[');
};

describe('what an attempt leaves behind', () => {
  it('no listener on the caller’s signal after a success, a lost connection or a timeout', async () => {
    const s = await serve(ok, reset, stallMidBody);
    const signal = new AbortController().signal;
    const listeners = () => EventEmitter.getEventListeners(signal, 'abort').length;
    await send(new Request(s.baseUrl), {
      signal,
      timeout: 5000,
      authorization: 'Bearer t',
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    });
    expect(listeners()).toBe(0);
    await expect(
      send(new Request(s.baseUrl), {
        signal,
        timeout: 5000,
        authorization: 'Bearer t',
        maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
      }),
    ).rejects.toThrow();
    expect(listeners()).toBe(0);
    const timedOut = send(new Request(s.baseUrl), {
      signal,
      timeout: 100,
      authorization: 'Bearer t',
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    });
    await expect(timedOut).rejects.toBeInstanceOf(AttemptTimeout);
    expect(listeners()).toBe(0);
  });
});

describe('the Response it hands back', () => {
  const attempt = () => ({
    signal: new AbortController().signal,
    timeout: 5000,
    authorization: 'Bearer t',
    maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  });

  it('is a standard Response: status, headers as sent, url, a body that reads once', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(201, 'Made', [
        ['content-type', 'application/json; charset=utf-8'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ]);
      res.end('{"ok":"✓"}');
    });
    const url = `${s.baseUrl}/things?x=1`;
    const response = await send(new Request(url), attempt());
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.statusText, response.ok, response.url]).toEqual([201, 'Made', true, url]);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const copy = response.clone();
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ ok: '✓' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(new TextDecoder().decode(await copy.arrayBuffer())).toBe('{"ok":"✓"}');
    expect(s.requests[0]?.headers.authorization).toBe('Bearer t');
  });

  it('streams its body on request, and then cannot be read again', async () => {
    const s = await serve(text(200, 'streamed ✓'));
    const response = await send(new Request(s.baseUrl), attempt());
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('streamed ✓');
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    const blob = await (await send(new Request(s.baseUrl), attempt())).blob();
    expect(await blob.text()).toBe('streamed ✓');
  });

  it('has no body for 204 and for HEAD, and reads as empty', async () => {
    const s = await serve(text(204, ''), text(200, 'not for HEAD', { 'content-length': '12' }));
    const noContent = await send(new Request(s.baseUrl, { method: 'DELETE' }), attempt());
    expect([noContent.status, noContent.body, await noContent.text()]).toEqual([204, null, '']);
    const head = await send(new Request(s.baseUrl, { method: 'HEAD' }), attempt());
    expect([head.status, head.body, head.headers.get('content-length')]).toEqual([200, null, '12']);
  });

  it('tells whether it had a body without asking for `body`, which would build a web stream', async () => {
    const s = await serve(ok, text(204, ''));
    const read = await send(new Request(s.baseUrl), attempt());
    await read.json();
    const noContent = await send(new Request(s.baseUrl, { method: 'DELETE' }), attempt());
    const body = vi.spyOn(BufferedResponse.prototype, 'body', 'get');
    try {
      expect([BufferedResponse.hasNoBody(read), BufferedResponse.hasNoBody(noContent)]).toEqual([false, true]);
      expect(body).not.toHaveBeenCalled();
    } finally {
      body.mockRestore();
    }
    // Any other Response is asked for its body.
    expect([BufferedResponse.hasNoBody(new Response(null)), BufferedResponse.hasNoBody(new Response('x'))]).toEqual([
      true,
      false,
    ]);
  });
});
