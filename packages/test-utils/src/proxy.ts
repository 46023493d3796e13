// A real forward proxy on 127.0.0.1, as a company's egress proxy behaves: absolute-URL requests for
// http: targets are forwarded, CONNECT opens a tunnel for https: targets. It records what passed
// through and, when given credentials, answers 407 to any request without the matching
// Proxy-Authorization. It only ever connects to loopback addresses.
import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface ProxyArrival {
  /** `GET`, `POST`… for forwarded requests; `CONNECT` for tunnels. */
  method: string;
  /** The absolute URL (forwarded) or `host:port` (CONNECT). */
  target: string;
  proxyAuthorization: string | undefined;
  /** Whether the proxy let it through (false: answered 407). */
  allowed: boolean;
}

export interface TestProxy {
  /** `http://127.0.0.1:<port>`, with the credentials when the proxy requires them. */
  url: string;
  /** The same without credentials. */
  bareUrl: string;
  passed: ProxyArrival[];
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export async function startProxy(options: { credentials?: { user: string; password: string } } = {}) {
  const { credentials } = options;
  const expected = credentials
    ? `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`
    : undefined;
  const passed: ProxyArrival[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const admit = (method: string, target: string, header: string | undefined) => {
    const allowed = expected === undefined || header === expected;
    passed.push({ method, target, proxyAuthorization: header, allowed });
    return allowed;
  };

  const server = createServer((req, res) => {
    const target = req.url ?? '';
    if (!admit(req.method ?? '', target, req.headers['proxy-authorization'])) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test proxy"', 'content-length': '0' });
      return res.end();
    }
    const url = new URL(target);
    if (!LOOPBACK.has(url.hostname)) {
      res.writeHead(403);
      return res.end();
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(url, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });

  server.on('connection', track);
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    client.on('error', () => {});
    if (!admit('CONNECT', target, req.headers['proxy-authorization'])) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test proxy"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const split = target.lastIndexOf(':');
    const host = target.slice(0, split);
    if (!LOOPBACK.has(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const address = host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
    const upstream = connect(Number(target.slice(split + 1)), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const bareUrl = `http://127.0.0.1:${port}`;
  const url = credentials
    ? `http://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`
    : bareUrl;
  const proxy: TestProxy = {
    url,
    bareUrl,
    passed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
