// Which proxy a request takes, from the environment or the `proxy` option: the rules curl, npm and axios
// share, read by core's own code (./src/transport/proxy.ts). Requests through real proxies are in
// tests/core/proxy.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { proxyFor } from '../../src/transport/proxy.js';

const VARIABLES = ['https_proxy', 'http_proxy', 'all_proxy', 'no_proxy'];

/** Clears every proxy variable in either case, then sets `vars`. */
function environment(vars: Record<string, string>) {
  for (const name of VARIABLES) {
    vi.stubEnv(name, undefined);
    vi.stubEnv(name.toUpperCase(), undefined);
  }
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
}

const via = (url: string) => proxyFor(url, undefined)?.proxy;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the proxy variables', () => {
  it('choose by the target’s scheme, ALL_PROXY when that one is unset, the lower-case spelling first', () => {
    environment({ HTTPS_PROXY: 'http://tls.proxy:1', HTTP_PROXY: 'http://plain.proxy:2' });
    expect(via('https://api.zoom.us/v2/users')).toBe('http://tls.proxy:1');
    expect(via('http://api.zoom.us/v2/users')).toBe('http://plain.proxy:2');
    environment({ ALL_PROXY: 'http://all.proxy:3', HTTP_PROXY: 'http://plain.proxy:2' });
    expect(via('https://api.zoom.us/v2')).toBe('http://all.proxy:3');
    expect(via('http://api.zoom.us/v2')).toBe('http://plain.proxy:2');
    environment({ https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' });
    expect(via('https://api.zoom.us/v2')).toBe('http://lower:1');
  });

  it('a value without a scheme speaks the target’s', () => {
    environment({ HTTP_PROXY: 'proxy.internal:3128' });
    expect(via('http://api.zoom.us/v2')).toBe('http://proxy.internal:3128');
  });

  it.each([
    ['api.zoom.us', 'https://api.zoom.us/v2', true],
    ['API.ZOOM.US', 'https://api.zoom.us/v2', true],
    ['zoom.us', 'https://api.zoom.us/v2', false],
    ['.zoom.us', 'https://api.zoom.us/v2', true],
    ['*.zoom.us', 'https://api.zoom.us/v2', true],
    ['.zoom.us', 'https://zoom.us/v2', false],
    ['api.zoom.us:443', 'https://api.zoom.us/v2', true],
    ['api.zoom.us:8443', 'https://api.zoom.us/v2', false],
    ['api.zoom.us:80', 'http://api.zoom.us/v2', true],
    ['example.com, api.zoom.us', 'https://api.zoom.us/v2', true],
    ['example.com api.zoom.us', 'https://api.zoom.us/v2', true],
    ['*', 'https://api.zoom.us/v2', true],
    ['::1', 'https://[::1]:8443/v2', true],
    ['[::1]:8443', 'https://[::1]:8443/v2', true],
    ['[::1]:9000', 'https://[::1]:8443/v2', false],
    ['0:0:0:0:0:0:0:1', 'https://[::1]/v2', true],
    ['::1', 'https://api.zoom.us/v2', false],
  ])('NO_PROXY=%s for %s: direct is %s', (rule, url, direct) => {
    environment({ HTTPS_PROXY: 'http://tls.proxy:1', HTTP_PROXY: 'http://plain.proxy:2', NO_PROXY: rule });
    expect(via(url) === undefined).toBe(direct);
  });

  it('a value that is not a URL is an error naming the variable, never the value', () => {
    environment({ HTTPS_PROXY: 'http://user:PW-s3cret@bad host:1' });
    expect(() => via('https://api.zoom.us/v2')).toThrow(/the proxy URL in HTTPS_PROXY is not a valid URL/);
    expect(() => via('https://api.zoom.us/v2')).not.toThrow(/PW-s3cret/);
  });
});

describe('the proxy option', () => {
  it('a URL is used for every request, NO_PROXY not consulted; false for none', () => {
    environment({ HTTPS_PROXY: 'http://env.proxy:1', NO_PROXY: '*' });
    expect(proxyFor('https://api.zoom.us/v2', 'http://option.proxy:9')?.proxy).toBe('http://option.proxy:9');
    expect(proxyFor('https://api.zoom.us/v2', false)).toBeUndefined();
  });
});
