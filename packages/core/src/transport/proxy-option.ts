// The `proxy` client option, its check, and whether a proxy may apply at all. Kept apart from ./proxy.ts,
// which the Node transport loads only when one may: the main entry must not reference the proxy
// libraries, or bundlers for browsers and edge runtimes would try to resolve them (and their node:net,
// node:tls) from code that never runs there. ./proxy.ts imports nothing from here (a proxy URL is shown
// with @zoom-api/internal's describeUrl), so that bundlers keep this start-up code in the entry's chunk.
import { describeUrl, describeValue } from '@zoom-api/internal';

/** The `proxy` client option: a proxy URL (`http://user:pass@host:port`) or `false` for none. */
export type ProxyOption = string | false;

export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];

/** Whether a proxy may apply: the option names one, or it is unset and a proxy variable is. */
export function mayProxy(option: ProxyOption | undefined): boolean {
  return option === undefined ? PROXY_VARIABLES.some((name) => process.env[name]) : option !== false;
}

/** Checks the `proxy` option; the message never repeats the URL's credentials. */
export function checkProxy(value: unknown): ProxyOption | undefined {
  if (value === undefined || value === false) return value;
  if (typeof value === 'string') {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {}
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return value;
    throw new TypeError(
      `proxy must be an http: or https: URL such as 'http://proxy.example:3128', or false; got ${
        url ? `'${describeUrl(value)}'` : 'a string that is not a URL'
      }.`,
    );
  }
  throw new TypeError(`proxy must be a URL string or false; got ${describeValue(value)}.`);
}
