// Proxies on Node's default transport: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) and the `proxy`
// option, against a real forward proxy on 127.0.0.1 (test-utils' startProxy) that records what passed
// through. http: targets are forwarded in-process; https: targets are tunnelled with CONNECT in child
// processes that trust a throwaway self-signed certificate (NODE_EXTRA_CA_CERTS), from the ESM and the
// CJS builds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { inspect } from 'node:util';
import { json, runNode, scriptedServerPerTest, startProxy, startServer, type TestProxy } from '@zoom-api/test-utils';
import { createVideoSdkClient, listSessions, ZoomApiError, ZoomConnectionError } from '@zoom-api/videosdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { auth, query, TOKEN } from './support.js';

const serve = scriptedServerPerTest();
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];
const NO_PROXY_VARIABLES = ['no_proxy', 'NO_PROXY'];

let proxies: TestProxy[] = [];
async function proxy(options?: Parameters<typeof startProxy>[0]) {
  const started = await startProxy(options);
  proxies.push(started);
  return started;
}

/** Clears every proxy variable the developer's shell may have, then sets `vars`. */
function environment(vars: Record<string, string>) {
  for (const name of [...PROXY_VARIABLES, ...NO_PROXY_VARIABLES]) vi.stubEnv(name, undefined);
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
}

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(proxies.map((p) => p.close()));
  proxies = [];
});

describe('http: targets', () => {
  it.each(['HTTP_PROXY', 'http_proxy', 'ALL_PROXY'])('go through the proxy named in %s', async (name) => {
    const server = await serve(json(200, { sessions: [{}] }));
    const forward = await proxy();
    environment({ [name]: forward.url });
    const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth });
    const { data } = await listSessions({ client, query });
    expect(data.sessions).toHaveLength(1);
    expect(forward.passed).toEqual([
      expect.objectContaining({
        method: 'GET',
        target: `${server.baseUrl}/videosdk/sessions?from=2025-01-01&to=2025-01-02`,
      }),
    ]);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('HTTPS_PROXY alone does not apply to them (as in curl)', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const forward = await proxy();
    environment({ HTTPS_PROXY: forward.url });
    await listSessions({ client: createVideoSdkClient({ baseUrl: server.baseUrl, auth }), query });
    expect(forward.passed).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('bypass the proxy for NO_PROXY hosts, with or without a matching port', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const forward = await proxy();
    const port = new URL(server.baseUrl).port;
    const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth });
    for (const rule of ['127.0.0.1', `127.0.0.1:${port}`, 'example.com, 127.0.0.1', '*']) {
      environment({ HTTP_PROXY: forward.url, NO_PROXY: rule });
      await listSessions({ client, query });
    }
    environment({ HTTP_PROXY: forward.url, no_proxy: '127.0.0.1' });
    await listSessions({ client, query });
    expect(forward.passed).toEqual([]);
    expect(server.requests).toHaveLength(5);

    // Another port, another host: still proxied.
    for (const rule of [`127.0.0.1:${Number(port) + 1}`, 'example.com']) {
      environment({ HTTP_PROXY: forward.url, NO_PROXY: rule });
      await listSessions({ client, query });
    }
    expect(forward.passed).toHaveLength(2);
  });

  // Fault injection: `::1` in NO_PROXY was read as host ':' and port 1, so it bypassed nothing; curl honours it.
  it('bypass the proxy for the IPv6 loopback as curl does: ::1, [::1], [::1]:port, 0:0:0:0:0:0:0:1', async () => {
    const server = await startServer((_req, res) => json(200, { sessions: [] })(_req, res, undefined as never), {
      host: '::1',
    });
    try {
      const forward = await proxy();
      const port = new URL(server.baseUrl).port;
      const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth });
      const rules = ['::1', '[::1]', `[::1]:${port}`, '0:0:0:0:0:0:0:1', 'example.com, ::1', '::1,example.com'];
      for (const rule of rules) {
        environment({ HTTP_PROXY: forward.url, NO_PROXY: rule });
        await listSessions({ client, query });
      }
      environment({ HTTP_PROXY: forward.url, no_proxy: '::1' });
      await listSessions({ client, query });
      expect(forward.passed).toEqual([]);
      expect(server.requests).toHaveLength(rules.length + 1);

      // Another address or another port: still proxied (the proxy answers for the target it cannot reach).
      for (const rule of ['::2', `[::1]:${Number(port) + 1}`, '127.0.0.1']) {
        environment({ HTTP_PROXY: forward.url, NO_PROXY: rule });
        await listSessions({ client, query, retry: false }).catch(() => {});
      }
      expect(forward.passed).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('send the proxy credentials from its URL as Proxy-Authorization', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const forward = await proxy({ credentials: { user: 'egress', password: 'pr0xy-s3cret' } });
    environment({ HTTP_PROXY: forward.url });
    await listSessions({ client: createVideoSdkClient({ baseUrl: server.baseUrl, auth }), query });
    expect(forward.passed).toEqual([
      expect.objectContaining({ allowed: true, proxyAuthorization: `Basic ${btoa('egress:pr0xy-s3cret')}` }),
    ]);
    // The proxy's header stops at the proxy.
    expect(server.requests[0]?.headers['proxy-authorization']).toBeUndefined();
  });

  it('wrong proxy credentials end in the proxy’s 407: a ZoomConnectionError naming the proxy, not retried, without the password', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const forward = await proxy({ credentials: { user: 'egress', password: 'right' } });
    environment({ HTTP_PROXY: forward.url.replace('right', 'wr0ng-s3cret') });
    const error = await listSessions({ client: createVideoSdkClient({ baseUrl: server.baseUrl, auth }), query }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ZoomConnectionError);
    expect(error).not.toBeInstanceOf(ZoomApiError);
    expect((error as Error).message).toContain(
      `the proxy ${forward.bareUrl.replace('//', '//***:***@')}/ refused the request (answered 407 Proxy Authentication Required)`,
    );
    expect(forward.passed).toHaveLength(1);
    expect(server.requests).toHaveLength(0);
    expect(describeFully(error)).not.toContain('wr0ng-s3cret');
  });

  // Fault injection: a proxy URL that does not parse made the URL parser's TypeError the cause, and its
  // `input` (the whole URL, password included) was printed by console.error(error).
  it.each(['HTTP_PROXY', 'http_proxy', 'ALL_PROXY'])(
    'a %s that is not a URL is a ZoomConnectionError naming the variable, with the password nowhere in it',
    async (name) => {
      const server = await serve(json(200, { sessions: [] }));
      environment({ [name]: 'http://user:PW-s3cret-9x@bad host:3128' });
      const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth, retry: false });
      const error = await listSessions({ client, query }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZoomConnectionError);
      expect((error as Error).message).toMatch(
        new RegExp(`failed to connect: the proxy URL in ${name} is not a valid URL; fix it .* or unset ${name}`),
      );
      const printed = `${describeFully(error)}\n${inspect(error, { depth: Infinity, showHidden: true })}`;
      expect(printed).not.toContain('PW-s3cret-9x');
      expect(server.requests).toHaveLength(0);
    },
  );

  it('an unreachable proxy is a ZoomConnectionError that does not show its credentials', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const forward = await proxy();
    await forward.close();
    environment({ HTTP_PROXY: forward.bareUrl.replace('//', '//egress:unre4chable-s3cret@') });
    const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth, retry: false });
    const error = await listSessions({ client, query }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomConnectionError);
    expect(describeFully(error)).not.toContain('unre4chable-s3cret');
    expect(server.requests).toHaveLength(0);
  });
});

describe('the proxy option', () => {
  it('a URL sends every request through that proxy, without any variable', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const forward = await proxy();
    environment({});
    await listSessions({ client: createVideoSdkClient({ baseUrl: server.baseUrl, auth, proxy: forward.url }), query });
    expect(forward.passed).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });

  it('false ignores the variables', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const forward = await proxy();
    environment({ HTTP_PROXY: forward.url, HTTPS_PROXY: forward.url });
    await listSessions({ client: createVideoSdkClient({ baseUrl: server.baseUrl, auth, proxy: false }), query });
    expect(forward.passed).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('set later with setConfig applies to the next call', async () => {
    const server = await serve(json(200, { sessions: [] }));
    const forward = await proxy();
    environment({});
    const client = createVideoSdkClient({ baseUrl: server.baseUrl, auth });
    await listSessions({ client, query });
    client.setConfig({ proxy: forward.url });
    await listSessions({ client, query });
    expect(forward.passed).toHaveLength(1);
    expect(server.requests).toHaveLength(2);
  });

  it('a bad value is refused at creation, without repeating credentials', () => {
    expect(() => createVideoSdkClient({ auth, proxy: 'ftp://user:ftp-s3cret@host' })).toThrow(
      /proxy must be an http: or https: URL .*'ftp:\/\/\*\*\*:\*\*\*@host\/'/,
    );
    expect(() => createVideoSdkClient({ auth, proxy: 'not a url' })).toThrow(/got a string that is not a URL/);
    expect(() => createVideoSdkClient({ auth, proxy: true as unknown as string })).toThrow(
      /proxy must be a URL string or false/,
    );
  });
});

describe('https: targets are tunnelled with CONNECT', () => {
  let dir: string;
  let cert: string;
  let tls: Server;
  let baseUrl: string;
  const tlsRequests: string[] = [];

  beforeAll(async () => {
    // A throwaway self-signed certificate for localhost, made here with openssl. The URL names the host
    // `localhost`, as a real one names api.zoom.us: through a CONNECT tunnel the transport checks the
    // certificate against the host name (an IP address gets no SNI and is checked as 'localhost').
    dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-proxy-'));
    const key = path.join(dir, 'key.pem');
    cert = path.join(dir, 'cert.pem');
    const request = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert];
    execFileSync(
      'openssl',
      [...request, '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
      {
        stdio: 'pipe',
      },
    );
    tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      tlsRequests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sessions: [{}, {}] }));
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://localhost:${(tls.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    tls.closeAllConnections();
    await new Promise((resolve) => tls.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const runClient = (fixture: string, vars: Record<string, string>) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: cert, SERVER_URL: baseUrl, ...vars };
    for (const name of [...PROXY_VARIABLES, ...NO_PROXY_VARIABLES]) if (!(name in vars)) delete env[name];
    return runNode(path.join(import.meta.dirname, 'fixtures', fixture), [], { env, killAfter: 15_000 });
  };

  it.each(['proxy-client.mjs', 'proxy-client.cjs'])('%s: through an authenticating proxy', async (fixture) => {
    tlsRequests.length = 0;
    const tunnel = await proxy({ credentials: { user: 'egress', password: 'tunnel-s3cret' } });
    const { code, output } = await runClient(fixture, { https_proxy: tunnel.url });
    expect(output.trim()).toBe('200 2');
    expect(code).toBe(0);
    expect(tunnel.passed).toEqual([
      {
        method: 'CONNECT',
        target: baseUrl.slice('https://'.length),
        proxyAuthorization: `Basic ${btoa('egress:tunnel-s3cret')}`,
        allowed: true,
      },
    ]);
    // The bearer token travelled inside the tunnel, to the server only.
    expect(tlsRequests).toEqual(['GET /videosdk/sessions?from=2025-01-01&to=2025-01-02 Bearer proxy-token']);
  });

  it('a proxy spoken to over TLS (an https: proxy URL) carries the tunnel inside its own TLS connection', async () => {
    tlsRequests.length = 0;
    const tunnel = await proxy({ credentials: { user: 'egress', password: 'tls-proxy-s3cret' } });
    // TLS in front of the test proxy, with the same localhost certificate the client trusts.
    const tlsProxyConnections: number[] = [];
    const front = createTlsServer(
      { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(cert) },
      (socket) => {
        tlsProxyConnections.push(1);
        const inner = connect(Number(new URL(tunnel.bareUrl).port), '127.0.0.1');
        socket.pipe(inner).pipe(socket);
        socket.on('error', () => inner.destroy());
        inner.on('error', () => socket.destroy());
      },
    );
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      const frontUrl = `https://egress:tls-proxy-s3cret@localhost:${(front.address() as AddressInfo).port}`;
      const { code, output } = await runClient('proxy-client.mjs', { HTTPS_PROXY: frontUrl });
      expect(output.trim()).toBe('200 2');
      expect(code).toBe(0);
      expect(tlsProxyConnections).toHaveLength(1);
      expect(tunnel.passed).toEqual([
        expect.objectContaining({ method: 'CONNECT', target: baseUrl.slice('https://'.length), allowed: true }),
      ]);
      expect(tlsRequests).toHaveLength(1);
    } finally {
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it('NO_PROXY bypasses the tunnel', async () => {
    tlsRequests.length = 0;
    const tunnel = await proxy();
    const { output } = await runClient('proxy-client.mjs', {
      HTTPS_PROXY: tunnel.url,
      NO_PROXY: 'localhost,127.0.0.1',
    });
    expect(output.trim()).toBe('200 2');
    expect(tunnel.passed).toEqual([]);
    expect(tlsRequests).toHaveLength(1);
  });

  it('a refused CONNECT fails the call without showing the credentials', async () => {
    tlsRequests.length = 0;
    const tunnel = await proxy({ credentials: { user: 'egress', password: 'right' } });
    const { output } = await runClient('proxy-client.mjs', {
      HTTPS_PROXY: tunnel.url.replace('right', 'wr0ng-tunnel-s3cret'),
    });
    expect(output).toMatch(
      /^failed: ZoomConnectionError: GET https:\/\/localhost:\d+\/videosdk\/sessions failed to connect: the proxy http:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/ refused the tunnel \(CONNECT answered 407 Proxy Authentication Required\)/,
    );
    expect(output).not.toContain('wr0ng-tunnel-s3cret');
    expect(tunnel.passed).toEqual([expect.objectContaining({ method: 'CONNECT', allowed: false })]);
    expect(tlsRequests).toEqual([]);
  });
});

/** Everything an error would show when logged: message, stack, causes, JSON. */
function describeFully(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as Error;
    parts.push(String(e), e.stack ?? '', JSON.stringify(e) ?? '');
    current = e.cause;
  }
  return parts.join('\n');
}
