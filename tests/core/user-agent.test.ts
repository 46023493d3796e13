// Every request names our client: `User-Agent: zoom-api/<package>@<version> node/<version>`, from the
// product package's build (not its package.json at run time), on both transports; the caller's own wins.

import { readFileSync } from 'node:fs';
import { json, scriptedServerPerTest, type TestServer } from '@zoom-api/test-utils';
import { createVideoSdkClient, defaultClient, listSessions } from '@zoom-api/videosdk';
import { describe, expect, it } from 'vitest';
import { auth, query } from './support.js';

const { name, version } = JSON.parse(
  readFileSync(new URL('../../packages/videosdk/package.json', import.meta.url), 'utf8'),
) as { name: string; version: string };
const expected = `zoom-api/${name}@${version} node/${process.version}`;
const ok = json(200, { sessions: [], next_page_token: '' });
const serve = scriptedServerPerTest();

function userAgentOf(s: TestServer, index = 0): string | undefined {
  return s.requests[index]?.headers['user-agent'] as string | undefined;
}

const transports = [
  ['the default (node:http) transport', {}],
  ['a passed fetch', { fetch: globalThis.fetch }],
] as const;

describe.each(transports)('User-Agent on %s', (_label, transport) => {
  it('names the product package, its version and Node', async () => {
    const s = await serve(ok);
    await listSessions({ client: createVideoSdkClient({ baseUrl: s.baseUrl, auth, ...transport }), query });
    expect(userAgentOf(s)).toBe(expected);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("a caller's User-Agent in the client's headers wins", async () => {
    const s = await serve(ok);
    const headers = { 'user-agent': 'my-app/2.0' };
    await listSessions({ client: createVideoSdkClient({ baseUrl: s.baseUrl, auth, headers, ...transport }), query });
    expect(userAgentOf(s)).toBe('my-app/2.0');
  });

  it("a caller's User-Agent on one call wins for that call only", async () => {
    const s = await serve(ok);
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth, ...transport });
    await listSessions({ client, query, headers: { 'User-Agent': 'one-call/1.0' } });
    await listSessions({ client, query });
    expect([userAgentOf(s, 0), userAgentOf(s, 1)]).toEqual(['one-call/1.0', expected]);
  });

  it('setConfig({ headers }) replaces it too', async () => {
    const s = await serve(ok);
    const client = createVideoSdkClient({ baseUrl: s.baseUrl, auth, ...transport });
    client.setConfig({ headers: { 'User-Agent': 'later/3.0' } });
    await listSessions({ client, query });
    expect(userAgentOf(s)).toBe('later/3.0');
  });
});

it('the default client a product creates at import sends it too', async () => {
  const s = await serve(ok);
  const before = defaultClient.getConfig();
  defaultClient.setConfig({ baseUrl: s.baseUrl, auth });
  try {
    await listSessions({ query });
  } finally {
    // getConfig() always has the base URL in force.
    if (before.baseUrl !== undefined) defaultClient.setConfig({ baseUrl: before.baseUrl });
  }
  expect(userAgentOf(s)).toBe(expected);
});
