// The transport on Node (the "node" condition of core's `#transport` import): one attempt over
// node:http / node:https through Node's global agents, which keep connections alive (since Node 19;
// idle sockets are unref'd, so they never hold the process open, and closed after 5 s or the
// server's Keep-Alive hint). In packages/bench a keep-alive node:http agent costs about half of
// Node's global fetch per call; fetch stays the transport everywhere else.
//
// It reads the Request the runtime built (url, method, headers, body) and answers with a Response
// whose body has fully arrived: the attempt's timeout covers the whole exchange, so a body that
// stalls times out too. Left to a `fetch` of your own, as Zoom's JSON API does without them:
// compression (not asked for) and redirects (a 3xx is returned as it is). Proxies (HTTPS_PROXY and
// friends, or the `proxy` option) are ./proxy.ts's: an agent of its own, and the module with its
// libraries is loaded (`import()`) only when one may apply, so a bundle carries it as a separate chunk.
// So are the errors of an attempt that fails on our side (./transport.ts): loaded when one happens.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BufferedResponse } from './buffered-response.js';
import type { Proxied } from './proxy.js';
import { mayProxy } from './proxy-option.js';
import type { Attempt } from './transport.js';

type TransportErrors = typeof import('./transport.js');

export function send(request: Request, attempt: Attempt): Promise<Response> {
  if (mayProxy(attempt.proxy)) {
    return import('./proxy.js').then(({ proxyFor }) => sendVia(request, attempt, proxyFor(request.url, attempt.proxy)));
  }
  return sendVia(request, attempt);
}

function sendVia(request: Request, attempt: Attempt, proxied?: Proxied): Promise<Response> {
  return request.body === null
    ? exchange(request, attempt, proxied)
    : request.arrayBuffer().then((body) => exchange(request, attempt, proxied, new Uint8Array(body)));
}

function exchange(
  request: Request,
  { signal, timeout, authorization, maxResponseBytes }: Attempt,
  proxied: Proxied | undefined,
  body?: Uint8Array,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const { url, method } = request;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });

    let settled = false;
    // Ends the attempt once: false when it had ended already.
    const end = () => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      return true;
    };
    const settle = (error: unknown, response?: Response) => {
      if (!end()) return;
      if (response) return resolve(response);
      outgoing.destroy();
      reject(error);
    };
    // The attempt's own failures (timed out, too large, cut off): ended now, rejected with an error of
    // ./transport.ts once that module has loaded. A call that succeeds never loads it.
    const failWith = (make: (errors: TransportErrors) => Error) => {
      if (!end()) return;
      outgoing.destroy();
      import('./transport.js').then((errors) => reject(make(errors)), reject);
    };
    const onAbort = () => settle(signal.reason);

    // Once headers have arrived, a lost connection (a reset, or fewer bytes than Content-Length before
    // the close) is reported by the request ('error', ECONNRESET) or the response ('error', aborted):
    // either way the server did answer, so the response was cut off rather than never reached.
    let started: IncomingMessage | undefined;
    let received = 0;
    const fail = (error: unknown) => {
      if (!started) return settle(error);
      const status = started.statusCode as number;
      const declared = Number(started.headers['content-length']);
      const expected = Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
      const arrived = received;
      failWith(({ ResponseCutOff }) => new ResponseCutOff(status, arrived, expected, error));
    };

    const receive = (incoming: IncomingMessage) => {
      const refusal = proxied?.refusal(incoming);
      if (refusal) {
        incoming.resume();
        return settle(refusal);
      }
      started = incoming;
      const chunks: Buffer[] = [];
      // A body over maxResponseBytes, declared or as it arrives, ends the exchange: failWith destroys
      // the request (and with it the socket), and nothing more is collected.
      const tooLarge = () =>
        failWith(
          ({ ResponseTooLarge }) =>
            new ResponseTooLarge(incoming.statusCode as number, incoming.headers['content-type'], maxResponseBytes),
        );
      if (Number(incoming.headers['content-length']) > maxResponseBytes) return tooLarge();
      incoming.on('data', (chunk: Buffer) => {
        received += chunk.byteLength;
        if (received > maxResponseBytes) return tooLarge();
        chunks.push(chunk);
      });
      incoming.on('error', fail);
      incoming.on('end', () => {
        const status = incoming.statusCode as number;
        const nullBody = status === 204 || status === 205 || status === 304 || method === 'HEAD';
        const bytes = nullBody ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        // Without a reason phrase, the Response's own default ('').
        const init = { status, statusText: incoming.statusMessage ?? '', headers: pairs(incoming.rawHeaders) };
        settle(null, new BufferedResponse(bytes as Buffer | null, init, url));
      });
    };

    const outgoing = proxied
      ? proxied.request(url, { method, headers }, receive)
      : (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { method, headers }, receive);
    // The bearer header is set on the request, not passed in its options: NODE_DEBUG=http prints the
    // options (headers included) when it opens a connection, never headers set afterwards.
    outgoing.setHeader('authorization', authorization);
    outgoing.on('error', fail);
    const timer = setTimeout(() => {
      const status = started?.statusCode;
      failWith(({ AttemptTimeout }) => new AttemptTimeout(status));
    }, timeout);
    signal.addEventListener('abort', onAbort);
    outgoing.end(body);
  });
}

// Node's rawHeaders ([name, value, name, value, …]) as Headers init pairs: every header as sent,
// repeats included.
function pairs(raw: string[]): [string, string][] {
  const list: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) list.push([raw[i] as string, raw[i + 1] as string]);
  return list;
}
