// Proxies on Node, as curl, npm and axios read them: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY
// (either case; NO_PROXY entries may name a port, `.suffix`/`*.suffix`, or `*`), resolved per request
// by proxy-from-env; or the client's `proxy` option, a URL used for every request, or `false` for none.
// `https:` targets are tunnelled with CONNECT (https-proxy-agent), `http:` targets are sent to the
// proxy as absolute URLs (http-proxy-agent). Credentials in the proxy URL become Proxy-Authorization.
//
// Nothing here is loaded until a proxy applies: with no *_PROXY variable and no `proxy` option the
// transport never imports the three libraries, so a cold start pays nothing for them.
/// <reference path="../types/proxy-from-env.d.ts" />
import type { Agent } from 'node:http';
import type { ProxyOption } from './proxy-option.js';

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];

// One keep-alive agent per proxy URL and target protocol, for the life of the process.
const agents = new Map<string, Promise<Agent>>();

/**
 * The agent one request goes through: `undefined` (synchronously, without loading anything) when no
 * proxy can apply, else a promise of the proxy's agent, or of `undefined` when NO_PROXY excludes `url`.
 */
export function proxyAgentFor(url: string, option: ProxyOption | undefined): Promise<Agent | undefined> | undefined {
  if (option === false) return undefined;
  if (option === undefined && !PROXY_VARIABLES.some((name) => process.env[name])) return undefined;
  return (option === undefined ? fromEnvironment(url) : Promise.resolve(option)).then((proxy) =>
    proxy ? agentFor(proxy, url.startsWith('https:')) : undefined,
  );
}

async function fromEnvironment(url: string): Promise<string> {
  const { getProxyForUrl } = await import('proxy-from-env');
  return getProxyForUrl(url);
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
