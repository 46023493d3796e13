// Proxies on Node, as curl, npm and axios read them: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY
// (either case; NO_PROXY entries may name a port, `.suffix`/`*.suffix`, `*`, or an IPv6 address with or
// without brackets), resolved per request by proxy-from-env (IPv6 entries here, as it misreads `::1`);
// or the client's `proxy` option, a URL used for every request, or `false` for none.
// `https:` targets are tunnelled with CONNECT (https-proxy-agent), `http:` targets are sent to the
// proxy as absolute URLs (http-proxy-agent). Credentials in the proxy URL become Proxy-Authorization.
//
// This module is loaded on demand (./node.ts imports it only when a proxy may apply: a *_PROXY variable
// or the `proxy` option is set), and it loads the three libraries the same way, so neither a bundle nor
// a cold start pays for proxies that are not configured.
/// <reference path="../types/proxy-from-env.d.ts" />
import type { Agent, ClientRequest, IncomingMessage } from 'node:http';
import { PROXY_VARIABLES, type ProxyOption, redactProxy } from './proxy-option.js';
import { ProxyRefused } from './proxy-refused.js';

/** The agent a request goes through, and what tells the proxy's own refusal from the target's answer. */
export interface Proxied {
  agent: Agent;
  /**
   * Watches `outgoing` for the proxy's answer to CONNECT; the function returned says whether `incoming`
   * is the proxy refusing (its CONNECT answer replayed as the response, or a 407), as a ProxyRefused.
   */
  watch(outgoing: ClientRequest): (incoming: IncomingMessage) => ProxyRefused | undefined;
}

// One keep-alive agent per proxy URL and target protocol, for the life of the process.
const agents = new Map<string, Promise<Agent>>();

/** The proxy one request to `url` goes through, or undefined when NO_PROXY excludes `url`. */
export async function proxyFor(url: string, option: ProxyOption | undefined): Promise<Proxied | undefined> {
  const proxy = option === undefined ? await fromEnvironment(url) : option;
  if (!proxy) return undefined;
  const agent = await agentFor(proxy, url.startsWith('https:'));
  return { agent, watch: (outgoing) => watch(outgoing, agent) };
}

// Through a proxy, a refusal is the proxy's own answer, not Zoom's: its reply to CONNECT (which
// https-proxy-agent replays as if it were the response) or a 407 to a forwarded request.
function watch(outgoing: ClientRequest, agent: Agent): (incoming: IncomingMessage) => ProxyRefused | undefined {
  let tunnelRefused: { statusCode: number; statusText?: string } | undefined;
  // https-proxy-agent reports the proxy's answer to CONNECT; http-proxy-agent emits the same event,
  // without a status, once it is connected to the proxy.
  outgoing.on('proxyConnect', (answer: { statusCode?: number; statusText?: string }) => {
    const { statusCode, statusText } = answer;
    if (statusCode !== undefined && statusCode !== 200) tunnelRefused = { statusCode, statusText };
  });
  return (incoming) => {
    if (!tunnelRefused && incoming.statusCode !== 407) return undefined;
    const { statusCode, statusText } = tunnelRefused ?? { statusCode: 407, statusText: incoming.statusMessage };
    const proxy = (agent as { proxy?: URL }).proxy;
    return new ProxyRefused(redactProxy(proxy?.href ?? ''), statusCode, statusText, tunnelRefused !== undefined);
  };
}

async function fromEnvironment(url: string): Promise<string> {
  if (bypassesIpv6(url)) return '';
  const { getProxyForUrl } = await import('proxy-from-env');
  const proxy = getProxyForUrl(url);
  if (proxy) checkProxyUrl(proxy);
  return proxy;
}

/**
 * A proxy variable whose value does not parse would fail in the proxy agent with the URL parser's error,
 * whose `input` is the whole URL, password included. This names the variable instead, never the value.
 */
function checkProxyUrl(proxy: string): void {
  try {
    new URL(proxy);
    return;
  } catch {}
  // proxy-from-env adds the target's scheme to a value without one.
  const name = PROXY_VARIABLES.find((variable) => process.env[variable] && proxy.endsWith(process.env[variable]));
  const where = name ?? 'the proxy variable';
  throw new Error(
    `the proxy URL in ${where} is not a valid URL; fix it (a user name or password must be percent-encoded, the ` +
      `host may not contain spaces) or unset ${where}`,
  );
}

/** An IPv6 address as the URL parser writes a host: `[::1]`; undefined when `address` is not one. */
function canonicalIpv6(address: string): string | undefined {
  try {
    return new URL(`http://[${address}]`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Whether NO_PROXY names the IPv6 address `url` goes to. proxy-from-env reads `::1` as host `:` and port 1,
 * so it matches only the bracketed form; curl honours both. Entries are compared as addresses
 * (`0:0:0:0:0:0:0:1` is `::1`), bracketed ones may name a port (`[::1]:8080`); every other entry is left to
 * proxy-from-env.
 */
function bypassesIpv6(url: string): boolean {
  const target = new URL(url);
  if (!target.hostname.startsWith('[')) return false;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const rules = process.env.no_proxy || process.env.NO_PROXY || '';
  return rules.split(/[,\s]/).some((rule) => {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rule);
    const address = bracketed ? bracketed[1] : (rule.match(/:/g)?.length ?? 0) >= 2 ? rule : undefined;
    if (address === undefined || canonicalIpv6(address) !== target.hostname) return false;
    return bracketed?.[2] === undefined || Number(bracketed[2]) === Number(port);
  });
}

function agentFor(proxy: string, tunnel: boolean): Promise<Agent> {
  const key = `${tunnel ? 'connect' : 'forward'} ${proxy}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = tunnel
      ? import('https-proxy-agent').then(({ HttpsProxyAgent }) => new HttpsProxyAgent(proxy, { keepAlive: true }))
      : import('http-proxy-agent').then(({ HttpProxyAgent }) => new HttpProxyAgent(proxy, { keepAlive: true }));
    // A failed load is not cached: the next request tries again.
    agent.catch(() => agents.delete(key));
    agents.set(key, agent);
  }
  return agent;
}
