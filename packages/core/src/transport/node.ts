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
// friends, or the `proxy` option) are ./proxy.ts's: an agent of its own, loaded only when one applies.
import { type Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../policy/settings.js';
import { BufferedResponse } from './buffered-response.js';
import { proxyAgentFor } from './proxy.js';
import { redactProxy } from './proxy-option.js';
import { type Attempt, AttemptTimeout, ProxyRefused, ResponseCutOff, ResponseTooLarge } from './transport.js';

export function send(request: Request, attempt: Attempt): Promise<Response> {
  const proxied = proxyAgentFor(request.url, attempt.proxy);
  if (proxied) return proxied.then((agent) => sendVia(request, attempt, agent));
  return sendVia(request, attempt);
}

function sendVia(request: Request, attempt: Attempt, agent?: Agent): Promise<Response> {
  return request.body === null
    ? exchange(request, attempt, agent)
    : request.arrayBuffer().then((body) => exchange(request, attempt, agent, new Uint8Array(body)));
}

function exchange(
  request: Request,
  { signal, timeout, authorization, maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES }: Attempt,
  agent: Agent | undefined,
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
    const settle = (error: unknown, response?: Response) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (response) return resolve(response);
      outgoing.destroy();
      reject(error);
    };
    const onAbort = () => settle(signal.reason);

    // Once headers have arrived, a lost connection (a reset, or fewer bytes than Content-Length before
    // the close) is reported by the request ('error', ECONNRESET) or the response ('error', aborted):
    // either way the server did answer, so the response was cut off rather than never reached.
    let started: IncomingMessage | undefined;
    let received = 0;
    const fail = (error: unknown) => {
      if (!started) return settle(error);
      const declared = Number(started.headers['content-length']);
      const expected = Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined;
      settle(new ResponseCutOff(started.statusCode as number, received, expected, error));
    };

    // Through a proxy, a refusal is the proxy's own answer, not Zoom's: its reply to CONNECT (which
    // https-proxy-agent replays as if it were the response) or a 407 to a forwarded request.
    let tunnelRefused: { statusCode: number; statusText?: string | undefined } | undefined;
    const receive = (incoming: IncomingMessage) => {
      const proxy = (agent as { proxy?: URL } | undefined)?.proxy;
      if (proxy && (tunnelRefused || incoming.statusCode === 407)) {
        const { statusCode, statusText } = tunnelRefused ?? { statusCode: 407, statusText: incoming.statusMessage };
        incoming.resume();
        return settle(new ProxyRefused(redactProxy(proxy.href), statusCode, statusText, tunnelRefused !== undefined));
      }
      started = incoming;
      const chunks: Buffer[] = [];
      // A body over maxResponseBytes, declared or as it arrives, ends the exchange: settle destroys
      // the request (and with it the socket), and nothing more is collected.
      const tooLarge = () =>
        settle(new ResponseTooLarge(incoming.statusCode as number, incoming.headers['content-type'], maxResponseBytes));
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

    const outgoing = (url.startsWith('https:') ? httpsRequest : httpRequest)(
      url,
      agent ? { method, headers, agent } : { method, headers },
      receive,
    );
    // The bearer header is set on the request, not passed in its options: NODE_DEBUG=http prints the
    // options (headers included) when it opens a connection, never headers set afterwards.
    outgoing.setHeader('authorization', authorization);
    outgoing.on('error', fail);
    // https-proxy-agent reports the proxy's answer to CONNECT; http-proxy-agent emits the same event,
    // without a status, once it is connected to the proxy.
    outgoing.on('proxyConnect', (answer: { statusCode?: number; statusText?: string }) => {
      const { statusCode, statusText } = answer;
      if (statusCode !== undefined && statusCode !== 200) tunnelRefused = { statusCode, statusText };
    });
    const timer = setTimeout(() => settle(new AttemptTimeout(started?.statusCode)), timeout);
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
