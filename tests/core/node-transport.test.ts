// The default transport on Node, through the product clients: node:http / node:https over keep-alive agents,
// the whole response read before the policy sees it. Through the built packages, as users run
// them, and (for the Response it builds) through its source.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Handler, json, reset, runNode, scriptedServerPerTest } from '@zoom-api/test-utils';
import {
  createSession,
  createVideoSdkClient,
  listSessions,
  ZoomConnectionError,
  ZoomTimeoutError,
} from '@zoom-api/videosdk';
import { describe, expect, it } from 'vitest';
import { auth, fast, ok, query, TOKEN } from './support.js';

const serve = scriptedServerPerTest();

/** Sends headers and the first bytes of a body that never ends. */
const stallMidBody: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
  res.write('{"sessions":[');
};

/** Sends headers and part of the body, then drops the connection. */
const dropMidBody: Handler = (_req, res, socket) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
  res.write('{"sessions":[', () => setTimeout(() => socket.destroy(), 20));
};

describe('on Node, calls go over node:http', () => {
  it('with the bearer header and none of the headers fetch adds', async () => {
    const s = await serve(ok);
    await listSessions({ client: createVideoSdkClient({ baseUrl: s.baseUrl, auth }), query });
    const headers = s.requests[0]?.headers ?? {};
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers.connection).toBe('keep-alive');
    // undici's fetch sends these on every request; node:http sends none of them.
    expect(headers['sec-fetch-mode']).toBeUndefined();
    expect(headers['accept-language']).toBeUndefined();
  });

  it('keeps the connection alive: 20 sequential calls use one connection', async () => {
    const s = await serve(ok);
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth });
    for (let i = 0; i < 20; i++) await listSessions({ client, query });
    expect(s.requests).toHaveLength(20);
    expect(s.connections).toBe(1);
  });

  it('sends a POST body intact, non-ASCII included, with its byte length', async () => {
    const s = await serve(json(201, { session_id: 'created' }));
    const body = { session_name: 'Réunion – 会議 🎥', session_password: 'pä$$' };
    const { data } = await createSession({ client: createVideoSdkClient({ baseUrl: s.baseUrl, auth }), body });
    expect(data.session_id).toBe('created');
    const arrived = s.requests[0];
    expect(arrived?.body).toBe(JSON.stringify(body));
    expect(arrived?.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(body))));
    expect(arrived?.headers['content-type']).toBe('application/json');
  });

  it('reads a large body sent in small pieces that split multi-byte characters', async () => {
    const sessions = Array.from({ length: 8000 }, (_, i) => ({ id: `s-${i}`, session_name: `会議 ${i} – ünïcödé 🎥` }));
    const bytes = Buffer.from(JSON.stringify({ sessions }));
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // 999-byte pieces: most boundaries fall inside a character; chunked, without Content-Length.
      for (let at = 0; at < bytes.length; at += 999) res.write(bytes.subarray(at, at + 999));
      res.end();
    });
    const { data } = await listSessions({ client: createVideoSdkClient({ baseUrl: s.baseUrl, auth }), query });
    expect(bytes.length).toBeGreaterThan(500_000);
    expect(data.sessions).toEqual(sessions);
  });
});

describe('aborts, timeouts and lost connections', () => {
  it('aborting mid-response rejects with the caller’s reason and closes the connection', async () => {
    let closed: Promise<void> | undefined;
    const s = await serve((req, res, socket) => {
      closed = new Promise((resolve) => socket.on('close', () => resolve()));
      stallMidBody(req, res, socket);
    });
    const controller = new AbortController();
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth });
    const call = listSessions({ client, query, signal: controller.signal }).catch((e: unknown) => e);
    await s.received(1);
    const reason = new Error('no longer needed');
    controller.abort(reason);
    expect(await call).toBe(reason);
    await closed;
    expect(s.requests).toHaveLength(1);
  });

  it('a body that stalls times out (the timeout covers the whole response) and is not retried', async () => {
    const s = await serve(stallMidBody);
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth, timeout: 200 });
    const error = await listSessions({ client, query }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomTimeoutError);
    expect((error as ZoomTimeoutError).timeout).toBe(200);
    expect(s.requests).toHaveLength(1);
  });

  it('a connection lost mid-body is retried for a GET', async () => {
    const s = await serve(dropMidBody, ok);
    const { response } = await listSessions({
      client: createVideoSdkClient({ baseUrl: s.baseUrl, auth, retry: fast }),
      query,
    });
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(2);
  });

  it('a connection lost mid-body on a POST is a ZoomConnectionError (ECONNRESET), not retried', async () => {
    const s = await serve(dropMidBody, json(201, {}));
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth, retry: fast });
    const error = await createSession({ client, body: { session_name: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomConnectionError);
    expect((error as Error).message).toMatch(/ECONNRESET/);
    expect(s.requests).toHaveLength(1);
  });

  /** Says 1000 bytes, sends 13, and closes: raw bytes, so Node's own server cannot correct the lie. */
  const shortBody: Handler = (_req, _res, socket) => {
    socket.end(
      'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\nconnection: close\r\n\r\n{"sessions":[',
    );
  };
  /** Sends the headers only, then resets the connection (TCP RST). */
  const resetAfterHeaders: Handler = (_req, res, socket) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.flushHeaders();
    setTimeout(() => socket.resetAndDestroy(), 20);
  };
  it.each([
    ['a body shorter than its Content-Length', shortBody, 13],
    ['a connection dropped mid-body', dropMidBody, 13],
    ['a reset right after the headers', resetAfterHeaders, 0],
  ] as const)('%s is reported as a cut-off response, not as failing to connect', async (_label, step, received) => {
    const s = await serve(step);
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth, retry: false });
    const error = await listSessions({ client, query }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomConnectionError);
    const { message } = error as Error;
    expect(message).not.toMatch(/failed to connect/);
    expect(message).toContain(`GET ${s.baseUrl}/videosdk/sessions: the response was cut off`);
    expect(message).toContain(`HTTP 200, ${received} of 1000 bytes of the body arrived`);
    expect(message).not.toContain(TOKEN);
  });

  it('a reset on a reused keep-alive connection is retried on a new one', async () => {
    const s = await serve(ok, reset, ok);
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth, retry: fast });
    await listSessions({ client, query });
    const { response } = await listSessions({ client, query });
    expect(response.status).toBe(200);
    expect(s.requests).toHaveLength(3);
    expect(s.connections).toBe(2);
  });
});

describe('https', () => {
  it('verifies certificates, keeps one TLS connection for several calls, and lets the process exit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-tls-'));
    try {
      // A throwaway self-signed certificate for 127.0.0.1, made here with openssl.
      const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
      const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
      const request = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert];
      execFileSync('openssl', [...request, ...subject], { stdio: 'pipe' });
      let connections = 0;
      const requests: string[] = [];
      const tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
        requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ sessions: [{ id: 'tls' }] }));
      });
      tls.on('secureConnection', () => connections++);
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
      const baseUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
      try {
        // This process does not trust the certificate: the call fails as a connection error.
        const client = createVideoSdkClient({ baseUrl, auth, retry: false });
        const untrusted = await listSessions({ client, query }).catch((e: unknown) => e);
        expect(untrusted).toBeInstanceOf(ZoomConnectionError);
        expect((untrusted as Error).message).toMatch(/self[- ]signed/i);

        // A process that trusts it (NODE_EXTRA_CA_CERTS) makes three calls over one connection and ends.
        connections = 0;
        requests.length = 0;
        const { code, signal, output } = await runNode(
          path.join(import.meta.dirname, 'fixtures', 'https-client.mjs'),
          [],
          {
            env: { ...process.env, NODE_EXTRA_CA_CERTS: cert, SERVER_URL: baseUrl },
            killAfter: 10_000,
          },
        );
        expect(signal, `child was killed; output:\n${output}`).toBeNull();
        expect(code, output).toBe(0);
        expect(output.trim()).toBe('200 1, 200 1, 200 1');
        expect(requests).toEqual(
          Array(3).fill('GET /videosdk/sessions?from=2025-01-01&to=2025-01-02 Bearer tls-token'),
        );
        expect(connections).toBe(1);
      } finally {
        tls.closeAllConnections();
        await new Promise((resolve) => tls.close(resolve));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('server-sent events', () => {
  it('client.sse is not available: Zoom has no event streams, so core ships no SSE client', async () => {
    const client = createVideoSdkClient({ baseUrl: 'http://127.0.0.1:9', auth });
    await expect(client.sse.get({ url: '/videosdk/sessions' })).rejects.toThrow(/client\.sse is not available/);
  });
});
