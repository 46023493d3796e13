// Records what really went over the wire, in one of two places:
// - recordingFetch(): the client is given this `fetch`, so every request our code builds (path, query,
//   headers, body, bearer token) is seen exactly as Prism receives it;
// - recordingProxy(): a reverse proxy in front of Prism records on the server side, so the client can
//   run on its default transport (core's node:http one and its BufferedResponse), as users run it.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { type Arrival, startServer, type TestServer } from '@zoom-api/test-utils';

export interface Exchange {
  method: string;
  url: URL;
  requestHeaders: Headers;
  requestBody: string;
  status: number;
  responseHeaders: Headers;
  responseBody: string;
}

export function recordingFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const requestBody = request.body ? await request.clone().text() : '';
    const response = await globalThis.fetch(request);
    exchanges.push({
      method: request.method,
      url: new URL(request.url),
      requestHeaders: request.headers,
      requestBody,
      status: response.status,
      responseHeaders: response.headers,
      responseBody: await response.clone().text(),
    });
    return response;
  };
}

// Hop-by-hop headers belong to one connection, not to the exchange being relayed.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

function relay(target: URL, arrival: Arrival): Promise<{ incoming: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = Object.fromEntries(Object.entries(arrival.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    // The raw request target, byte for byte: a URL object would re-normalise it.
    const outgoing = httpRequest(
      { host: target.hostname, port: target.port, method: arrival.method, path: arrival.url, headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => resolve({ incoming, body: Buffer.concat(chunks) }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(arrival.body);
  });
}

/** A reverse proxy on 127.0.0.1 that passes every request to `target` and records the exchange. */
export function recordingProxy(target: string, exchanges: Exchange[]): Promise<TestServer> {
  const upstream = new URL(target);
  let self = '';
  const proxy = startServer((arrival, res) => {
    relay(upstream, arrival).then(
      ({ incoming, body }) => {
        const responseHeaders = new Headers();
        const forwarded: [string, string][] = [];
        for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
          const [name, value] = [incoming.rawHeaders[i] as string, incoming.rawHeaders[i + 1] as string];
          responseHeaders.append(name, value);
          if (!HOP_BY_HOP.has(name.toLowerCase())) forwarded.push([name, value]);
        }
        const requestHeaders = new Headers();
        for (const [name, value] of Object.entries(arrival.headers)) {
          for (const one of Array.isArray(value) ? value : [value ?? '']) requestHeaders.append(name, one);
        }
        // Recorded before the client gets its answer, so a finished call always finds its exchange.
        exchanges.push({
          method: arrival.method,
          url: new URL(arrival.url, self),
          requestHeaders,
          requestBody: arrival.body,
          status: incoming.statusCode as number,
          responseHeaders,
          responseBody: body.toString('utf8'),
        });
        res.writeHead(incoming.statusCode as number, incoming.statusMessage, forwarded.flat());
        res.end(body);
      },
      (error: Error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recording proxy: ${error.message}`);
      },
    );
  });
  return proxy.then((server) => {
    self = server.baseUrl;
    return server;
  });
}
