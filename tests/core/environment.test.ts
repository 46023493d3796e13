// Every row of the root README's "Environment" table, tested: each case is a child process (as a user's
// program or the CLI starts) with only that row's variables set, calling a server or proxy on 127.0.0.1.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Arrival,
  bearerOf,
  json,
  jwtClaims,
  runNode,
  scriptedServerPerTest,
  startProxy,
  type TestProxy,
  WORKSPACE_ROOT,
  type ZoomJwtClaims,
} from '@zoom-api/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

const API_KEY = 'environment-test-api-key';
const API_SECRET = 'environment-test-api-secret-0123456789';
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'env-client.mjs');
const CLI = path.join(WORKSPACE_ROOT, 'packages/cli/dist/bin.mjs');
const TABLE_VARIABLES = [
  'ZOOM_API_BASE_URL',
  'ZOOM_API_KEY',
  'ZOOM_API_SECRET',
  'ZOOM_API_LOG',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
];
const ok = json(200, { sessions: [] });
const serve = scriptedServerPerTest();

let proxies: TestProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  proxies = [];
});
async function proxy(options?: Parameters<typeof startProxy>[0]) {
  const started = await startProxy(options);
  proxies.push(started);
  return started;
}

/** This process's environment without any variable of the table (in either case), plus `vars`. */
function only(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (TABLE_VARIABLES.includes(name.toUpperCase())) delete env[name];
  }
  return { ...env, ...vars };
}

const credentials = { ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET };

interface Outcome {
  status?: number;
  error?: string;
  message?: string;
  json?: Record<string, unknown>;
}

async function run(vars: Record<string, string>) {
  const { code, stdout, stderr } = await runNode(FIXTURE, [], { env: only(vars), killAfter: 20_000 });
  const line = stdout.split('\n').find((l) => l.startsWith('result: '));
  if (code !== 0 || !line) throw new Error(`the child failed (${code}):\n${stdout}\n${stderr}`);
  return { outcome: JSON.parse(line.slice('result: '.length)) as Outcome, stdout, stderr };
}

/** The claims of the request's bearer JWT, after checking it is signed with `secret`. */
function claimsOf(request: Arrival | undefined, secret: string): ZoomJwtClaims {
  return jwtClaims(bearerOf(request as Arrival), secret);
}

it('the README table names exactly the variables tested here', () => {
  const readme = readFileSync(path.join(WORKSPACE_ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Environment'));
  expect(section, 'the root README has an "Environment" section').toBeDefined();
  const rows = (section as string).split('\n').filter((l) => /^\| `/.test(l));
  const named = rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]));
  expect([...new Set(named)].sort()).toEqual([...TABLE_VARIABLES].sort());
});

describe('ZOOM_API_BASE_URL', () => {
  it.each(['default', 'created'])('the %s client sends there, as it was before any call', async (client) => {
    const s = await serve(ok);
    const { outcome } = await run({ ...credentials, ZOOM_API_BASE_URL: `${s.baseUrl}/`, CLIENT: client });
    expect(outcome).toEqual({ status: 200 });
    expect(s.requests.map((r) => r.url)).toEqual(['/videosdk/sessions?from=2025-01-01&to=2025-01-02']);
  });

  it('set after the client was made, it applies to the next call', async () => {
    const s = await serve(ok);
    const { outcome } = await run({ ...credentials, LATE_BASE_URL: s.baseUrl, CLIENT: 'created' });
    expect(outcome).toEqual({ status: 200 });
    expect(s.requests).toHaveLength(1);
  });

  it("a client's own baseUrl wins over it", async () => {
    const named = await serve(ok);
    const own = await serve(ok);
    const vars = { ...credentials, ZOOM_API_BASE_URL: named.baseUrl, EXPLICIT_BASE_URL: own.baseUrl };
    const { outcome } = await run({ ...vars, CLIENT: 'explicit' });
    expect(outcome).toEqual({ status: 200 });
    expect([named.requests.length, own.requests.length]).toEqual([0, 1]);
  });

  it('a bad value fails the call with a TypeError naming the variable, before anything is sent', async () => {
    const s = await serve(ok);
    const withPassword = s.baseUrl.replace('//', '//user:b4se-url-s3cret@');
    const { outcome } = await run({ ...credentials, ZOOM_API_BASE_URL: withPassword });
    expect(outcome.error).toBe('TypeError');
    expect(outcome.message).toMatch(/^ZOOM_API_BASE_URL \(the base URL of clients created without baseUrl\)/);
    expect(outcome.message).toContain('must not contain credentials');
    expect(outcome.message).not.toContain('b4se-url-s3cret');
    expect(s.requests).toHaveLength(0);
  });

  it('the CLI sends there, and --base-url wins over it', async () => {
    const named = await serve(ok);
    const flag = await serve(ok);
    const args = ['videosdk', 'listSessions', '--query.from', '2025-01-01', '--query.to', '2025-01-02', '--json'];
    const env = only({ ...credentials, ZOOM_API_BASE_URL: named.baseUrl });
    const first = await runNode(CLI, args, { env, killAfter: 20_000 });
    expect([first.code, first.stdout]).toEqual([0, '{"sessions":[]}\n']);
    const second = await runNode(CLI, [...args, '--base-url', flag.baseUrl], { env, killAfter: 20_000 });
    expect(second.code).toBe(0);
    expect([named.requests.length, flag.requests.length]).toEqual([1, 1]);
    const bad = await runNode(CLI, args, { env: only({ ...credentials, ZOOM_API_BASE_URL: 'ftp://x' }) });
    expect([bad.code, bad.stderr]).toEqual([2, 'zoom-api: ZOOM_API_BASE_URL must use http or https; got ftp:\n']);
  });
});

describe('ZOOM_API_KEY and ZOOM_API_SECRET', () => {
  it('the default client mints its JWT from them: iss is the key, signed with the secret', async () => {
    const s = await serve(ok);
    const { outcome } = await run({ ...credentials, ZOOM_API_BASE_URL: s.baseUrl });
    expect(outcome).toEqual({ status: 200 });
    expect(claimsOf(s.requests[0], API_SECRET).iss).toBe(API_KEY);
  });

  it('unset, the call fails with a TypeError naming both, before anything is sent', async () => {
    const s = await serve(ok);
    const { outcome } = await run({ ZOOM_API_BASE_URL: s.baseUrl, CLIENT: 'created' });
    expect(outcome.error).toBe('TypeError');
    expect(outcome.message).toMatch(/ZOOM_API_KEY and ZOOM_API_SECRET are not set/);
    expect(s.requests).toHaveLength(0);
  });

  it('the CLI takes them too', async () => {
    const s = await serve(ok);
    const args = ['videosdk', 'listSessions', '--query.from', '2025-01-01', '--query.to', '2025-01-02'];
    const done = await runNode(CLI, args, { env: only({ ...credentials, ZOOM_API_BASE_URL: s.baseUrl }) });
    expect(done.code).toBe(0);
    expect(claimsOf(s.requests[0], API_SECRET).iss).toBe(API_KEY);
  });
});

describe('ZOOM_API_LOG', () => {
  const retried = () => serve(json(503, { code: 503, message: 'busy' }), ok);

  it('unset: warn, so a retry is one line on stderr and attempts are not logged', async () => {
    const s = await retried();
    const { outcome, stdout, stderr } = await run({ ...credentials, ZOOM_API_BASE_URL: s.baseUrl });
    expect(outcome).toEqual({ status: 200 });
    expect(
      stderr.match(/^\[zoom-api\] req_\d+ GET \S+ attempt 1: server error \(503\); retrying in \d+ ms/gm),
    ).toHaveLength(1);
    expect(stdout).not.toContain('sending');
  });

  it('debug: every attempt is logged', async () => {
    const s = await retried();
    const { stdout } = await run({ ...credentials, ZOOM_API_BASE_URL: s.baseUrl, ZOOM_API_LOG: 'debug' });
    expect(stdout.match(/^\[zoom-api\] req_\d+ GET \S+ attempt \d: sending/gm)).toHaveLength(2);
  });

  it('off: nothing, not even the retry', async () => {
    const s = await retried();
    const { outcome, stdout, stderr } = await run({
      ...credentials,
      ZOOM_API_BASE_URL: s.baseUrl,
      ZOOM_API_LOG: 'off',
    });
    expect(outcome).toEqual({ status: 200 });
    expect(s.requests).toHaveLength(2);
    expect(`${stdout}${stderr}`).not.toContain('[zoom-api]');
  });

  it('a value that names no level is refused, naming the variable and the levels, before anything is sent', async () => {
    const s = await serve(ok);
    const vars = { ...credentials, ZOOM_API_BASE_URL: s.baseUrl, ZOOM_API_LOG: 'verbose' };
    const refused =
      /ZOOM_API_LOG must be one of 'debug', 'info', 'warn', 'error', 'off' \(any case\), or unset for 'warn'; got "verbose"/;
    // The default client's call fails (the package's import does not).
    const { outcome } = await run(vars);
    expect(outcome).toMatchObject({ error: 'TypeError', message: expect.stringMatching(refused) });
    // A client the program makes is refused as it is made.
    const made = await runNode(FIXTURE, [], { env: only({ ...vars, CLIENT: 'created' }), killAfter: 20_000 });
    expect(made.code).not.toBe(0);
    expect(made.stderr).toMatch(new RegExp(`TypeError: ${refused.source}`));
    // So is the CLI's.
    const args = ['videosdk', 'listSessions', '--query.from', '2025-01-01', '--query.to', '2025-01-02'];
    const cli = await runNode(CLI, args, { env: only(vars), killAfter: 20_000 });
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(refused);
    expect(s.requests).toHaveLength(0);
  });

  it('in the CLI the lines go to stderr, so stdout stays the JSON answer', async () => {
    const s = await serve(ok);
    const args = ['videosdk', 'listSessions', '--query.from', '2025-01-01', '--query.to', '2025-01-02', '--json'];
    const env = only({ ...credentials, ZOOM_API_BASE_URL: s.baseUrl, ZOOM_API_LOG: 'debug' });
    const done = await runNode(CLI, args, { env, killAfter: 20_000 });
    expect([done.code, done.stdout]).toEqual([0, '{"sessions":[]}\n']);
    expect(done.stderr).toMatch(/^\[zoom-api\] req_\d+ GET \S+ attempt 1: sending$/m);
  });
});

describe('proxies', () => {
  it.each(['HTTP_PROXY', 'http_proxy', 'ALL_PROXY'])('%s carries http: calls', async (name) => {
    const s = await serve(ok);
    const forward = await proxy();
    const { outcome } = await run({ ...credentials, ZOOM_API_BASE_URL: s.baseUrl, [name]: forward.url });
    expect(outcome).toEqual({ status: 200 });
    expect(forward.passed).toEqual([expect.objectContaining({ method: 'GET', allowed: true })]);
    expect(s.requests).toHaveLength(1);
  });

  it('NO_PROXY sends the hosts it lists direct', async () => {
    const s = await serve(ok);
    const forward = await proxy();
    const vars = { ZOOM_API_BASE_URL: s.baseUrl, HTTP_PROXY: forward.url, NO_PROXY: 'example.com,127.0.0.1' };
    const { outcome } = await run({ ...credentials, ...vars });
    expect(outcome).toEqual({ status: 200 });
    expect(forward.passed).toEqual([]);
  });

  // The proxy refuses to open a tunnel to anything but loopback, as a company proxy refuses hosts off its
  // list: the call never reaches api.zoom.us (nor needs the network), and the error says who refused.
  it('HTTPS_PROXY tunnels https: calls; its refusal (403) is a ZoomConnectionError naming it', async () => {
    const tunnel = await proxy();
    const { outcome } = await run({ ...credentials, HTTPS_PROXY: tunnel.url });
    expect(tunnel.passed).toEqual([expect.objectContaining({ method: 'CONNECT', target: 'api.zoom.us:443' })]);
    expect(outcome.error).toBe('ZoomConnectionError');
    expect(outcome.message).toBe(
      `GET https://api.zoom.us/v2/videosdk/sessions failed to connect: the proxy ${tunnel.url}/ refused the tunnel ` +
        "(CONNECT answered 403 Forbidden): the proxy's rules may not allow this host; set NO_PROXY or the proxy option if it should not be used.",
    );
  });

  it('a proxy refusing its credentials (407) is a ZoomConnectionError without them, and is not retried', async () => {
    const tunnel = await proxy({ credentials: { user: 'egress', password: 'right' } });
    const wrong = tunnel.url.replace('right', 'wr0ng-s3cret');
    const { outcome } = await run({ ...credentials, HTTPS_PROXY: wrong });
    expect(tunnel.passed).toEqual([expect.objectContaining({ method: 'CONNECT', allowed: false })]);
    expect(outcome.error).toBe('ZoomConnectionError');
    expect(outcome.message).toContain(
      `the proxy ${tunnel.bareUrl.replace('//', '//***:***@')}/ refused the tunnel (CONNECT answered 407 Proxy Authentication Required)`,
    );
    expect(JSON.stringify(outcome)).not.toContain('wr0ng-s3cret');
  });
});
