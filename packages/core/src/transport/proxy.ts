// Proxies on Node, as curl, npm and axios read them: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY
// (either case, the lower-case one first; NO_PROXY entries may name a port, `.suffix`/`*.suffix`, `*`, or
// an IPv6 address with or without brackets, compared as an address); or the client's `proxy` option, a
// URL used for every request, or `false` for none. `https:` targets are tunnelled with CONNECT, `http:`
// targets are sent to the proxy as absolute URLs. Credentials in the proxy URL become
// Proxy-Authorization, sent to the proxy only.
//
// This module is loaded on demand: ./node.ts imports it only when a proxy may apply (a *_PROXY variable
// or the `proxy` option is set), so neither a bundle nor a cold start pays for proxies that are not
// configured. It uses nothing but node:http, node:https, node:net and node:tls.
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type ConnectionOptions, connect as connectTls, type TLSSocket } from 'node:tls';
import { describeUrl } from '@zoom-api/internal';
import type { ProxyOption } from './proxy-option.js';
import { ProxyRefused } from './proxy-refused.js';

/** How one request goes through its proxy. */
export interface Proxied {
  /** The proxy's URL (as given: it may hold credentials, so it is never shown; see describeUrl). */
  readonly proxy: string;
  /** Starts the request through the proxy, as `node:http`'s `request(url, options, callback)` would directly. */
  request(
    url: string,
    options: { method: string; headers: Record<string, string> },
    receive: (incoming: IncomingMessage) => void,
  ): ClientRequest;
  /** The proxy refusing a forwarded request (its 407), as a ProxyRefused; undefined for the target's answer. */
  refusal(incoming: IncomingMessage): ProxyRefused | undefined;
}

/** The proxy a request to `url` goes through, or undefined when NO_PROXY (or `proxy: false`) sends it direct. */
export function proxyFor(url: string, option: ProxyOption | undefined): Proxied | undefined {
  const proxy = option === undefined ? fromEnvironment(url) : option;
  if (!proxy) return undefined;
  const proxyUrl = new URL(proxy);
  return { proxy, ...(url.startsWith('https:') ? tunnelled(proxyUrl) : forwarded(proxyUrl)) };
}

/** An environment variable by either spelling, the lower-case one first (as curl reads them): the one set, and its value. */
function variable(name: string): { name: string; value: string } | undefined {
  for (const spelling of [name, name.toUpperCase()]) {
    const value = process.env[spelling];
    if (value) return { name: spelling, value };
  }
  return undefined;
}

/** The proxy of the environment for `url`, '' for none; throws, naming the variable, for one that is not a URL. */
function fromEnvironment(url: string): string {
  const target = new URL(url);
  const scheme = target.protocol.slice(0, -1);
  if (bypasses(target)) return '';
  const found = variable(`${scheme}_proxy`) ?? variable('all_proxy');
  if (!found) return '';
  // A value without a scheme (`proxy.internal:3128`) speaks the target's.
  const proxy = found.value.includes('://') ? found.value : `${scheme}://${found.value}`;
  checkProxyUrl(proxy, found.name);
  return proxy;
}

/**
 * A proxy variable whose value does not parse would fail with the URL parser's error, whose `input` is
 * the whole URL, password included. This names the variable (`where`) instead, never the value.
 */
function checkProxyUrl(proxy: string, where: string): void {
  try {
    new URL(proxy);
    return;
  } catch {}
  throw new Error(
    `the proxy URL in ${where} is not a valid URL; fix it (a user name or password must be percent-encoded, the ` +
      `host may not contain spaces) or unset ${where}`,
  );
}

/** An IPv6 address as the URL parser writes a host (`[::1]`); undefined when `address` is not one. */
function canonicalIpv6(address: string): string | undefined {
  try {
    return new URL(`http://[${address}]`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Whether NO_PROXY sends `target` direct: `*` for every host; else any entry that is the host (case aside),
 * `.suffix` or `*.suffix` (a host that ends so), or an IPv6 address, bracketed or not (`::1`, `[::1]`,
 * `0:0:0:0:0:0:0:1`), each optionally with a port (`host:8080`, `[::1]:8080`) the target's must equal.
 */
function bypasses(target: URL): boolean {
  const rules = (variable('no_proxy')?.value ?? '').toLowerCase();
  if (rules === '*') return true;
  const host = target.hostname;
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  return rules.split(/[,\s]/).some((rule) => {
    if (!rule) return false;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rule);
    const bareIpv6 = !bracketed && (rule.match(/:/g)?.length ?? 0) >= 2;
    if (bracketed || bareIpv6) {
      const address = bracketed ? bracketed[1] : rule;
      if (!host.startsWith('[') || address === undefined || canonicalIpv6(address) !== host) return false;
      return bracketed?.[2] === undefined || Number(bracketed[2]) === port;
    }
    const withPort = /^(.+):(\d+)$/.exec(rule);
    const name = withPort?.[1] ?? rule;
    if (withPort && Number(withPort[2]) !== port) return false;
    if (name.startsWith('.') || name.startsWith('*')) return host.endsWith(name.replace(/^\*/, ''));
    return host === name;
  });
}

/** `Proxy-Authorization` for the user and password in the proxy's URL (percent-decoded), if it has them. */
function authorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** The proxy's host as node:net takes it (an IPv6 address without its brackets) and its port. */
function addressOf(proxy: URL): { host: string; port: number } {
  const port = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
  return { host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

/**
 * `http:` targets: the request goes to the proxy, naming the whole target URL, over the proxy's
 * keep-alive connections (Node's global agents). The proxy's 407 is its own refusal, not the target's.
 */
function forwarded(proxy: URL): Omit<Proxied, 'proxy'> {
  const { host, port } = addressOf(proxy);
  const send = proxy.protocol === 'https:' ? httpsRequest : httpRequest;
  return {
    request: (url, { method, headers }, receive) =>
      send(
        { host, port, method, path: url, headers: { ...headers, host: new URL(url).host, ...authorization(proxy) } },
        receive,
      ),
    refusal: (incoming) =>
      incoming.statusCode === 407
        ? new ProxyRefused(describeUrl(proxy.href), 407, incoming.statusMessage, false)
        : undefined,
  };
}

// One keep-alive tunnelling agent per proxy URL, for the life of the process.
const tunnels = new Map<string, HttpsAgent>();

/** `https:` targets: each connection is a CONNECT tunnel through the proxy, TLS to the target inside it. */
function tunnelled(proxy: URL): Omit<Proxied, 'proxy'> {
  const via = tunnels.get(proxy.href) ?? new TunnelAgent(proxy);
  tunnels.set(proxy.href, via);
  return {
    request: (url, { method, headers }, receive) => httpsRequest(url, { method, headers, agent: via }, receive),
    // A refused CONNECT fails the request before any response (TunnelAgent).
    refusal: () => undefined,
  };
}

/**
 * An https agent (keep-alive, so a tunnel carries call after call) whose connections are opened through
 * the proxy: CONNECT host:port, then TLS with the target over that socket. A proxy that answers CONNECT
 * with anything but 200 fails the request with a ProxyRefused.
 */
class TunnelAgent extends HttpsAgent {
  readonly #proxy: URL;

  constructor(proxy: URL) {
    super({ keepAlive: true });
    this.#proxy = proxy;
  }

  // Node's agents take a callback here for a connection made asynchronously (agent.createSocket).
  override createConnection(
    options: RequestOptions,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex | null | undefined {
    const proxy = this.#proxy;
    const { host, port } = addressOf(proxy);
    const toProxy: Socket =
      proxy.protocol === 'https:'
        ? connectTls({ host, port, servername: isIP(host) ? undefined : host })
        : connectTcp({ host, port });
    // Until the tunnel is up, only the call's own timer may keep the process alive.
    toProxy.unref();
    const target = `${options.host}:${options.port}`;
    const head = Object.entries({ host: target, ...authorization(proxy) })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    toProxy.write(`CONNECT ${target} HTTP/1.1\r\n${head}\r\n`);
    readAnswer(toProxy).then(
      ({ status, statusText, rest }) => {
        if (status !== 200) {
          toProxy.destroy();
          return callback?.(new ProxyRefused(describeUrl(proxy.href), status, statusText, true), toProxy);
        }
        toProxy.ref();
        if (rest.byteLength > 0) toProxy.unshift(rest);
        const secure: TLSSocket = connectTls({ ...(options as ConnectionOptions), socket: toProxy });
        callback?.(null, secure);
      },
      (error: Error) => {
        toProxy.destroy();
        callback?.(error, toProxy);
      },
    );
    return undefined;
  }
}

/** The proxy's answer to CONNECT: its status line, and any bytes that came after the blank line. */
function readAnswer(socket: Socket): Promise<{ status: number; statusText: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onEnd = () => onError(new Error('the proxy closed the connection before answering CONNECT'));
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      cleanup();
      const line = /^HTTP\/\d(?:\.\d)? (\d{3}) ?([^\r\n]*)/.exec(received.subarray(0, end).toString('latin1'));
      if (!line) return reject(new Error('the proxy answered CONNECT with something that is not HTTP'));
      resolve({ status: Number(line[1]), statusText: line[2] ?? '', rest: received.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('end', onEnd);
  });
}
