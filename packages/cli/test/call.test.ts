// The built CLI against a local node:http server: what arrives is what the flags said, pages are
// followed, errors and usage mistakes exit with the right code, and the secret never shows.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperationInfo } from '@zoom-api/core';
import { type Arrival, sendJson, startServer, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { operations as videosdk } from '@zoom-api/videosdk';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { cleanEnv, type Run, runCli, WORKSPACE, words } from './helpers.js';

const API_KEY = 'cli-test-api-key';
const API_SECRET = 'cli-test-secret-0123456789abcdef';
const env = cleanEnv({ ZOOM_API_KEY: API_KEY, ZOOM_API_SECRET: API_SECRET });

let server: Awaited<ReturnType<typeof startServer>>;
let flaky = 0;
const outputs: Run[] = [];

async function zoomApi(args: readonly string[], options: { env?: NodeJS.ProcessEnv; stdin?: string } = {}) {
  const run = await runCli(args, { env: options.env ?? env, stdin: options.stdin });
  outputs.push(run);
  return run;
}

/** Runs the CLI against the test server (its --base-url): `line`'s words, then `more` as they are. */
const atServer = (line: string, ...more: string[]) => zoomApi([...words(line), ...more, '--base-url', server.baseUrl]);

function lastRequest(): Arrival {
  const request = server.requests.at(-1);
  if (!request) throw new Error('the server saw no request');
  return request;
}

const PAGES: Record<string, { next_page_token: string; sessions: { id: string }[] }> = {
  '': { next_page_token: 'page-2', sessions: [{ id: 's1' }, { id: 's2' }] },
  'page-2': { next_page_token: 'page-3', sessions: [{ id: 's3' }, { id: 's4' }] },
  'page-3': { next_page_token: '', sessions: [{ id: 's5' }] },
};

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/videosdk/sessions' && req.method === 'GET') {
      const page = PAGES[url.searchParams.get('next_page_token') ?? ''];
      if (!page) return sendJson(res, 400, { code: 300, message: 'bad token' });
      return sendJson(res, 200, {
        from: url.searchParams.get('from'),
        to: url.searchParams.get('to'),
        page_size: 2,
        ...page,
      });
    }
    if (url.pathname === '/videosdk/sessions' && req.method === 'POST') {
      return sendJson(res, 201, { session_id: 'new-1', session_name: JSON.parse(req.body).session_name });
    }
    if (url.pathname === '/cobrowsesdk/live_sessions' && url.searchParams.get('page_size') === '7') {
      // First attempt 503, then success: the package's retry policy is in the path.
      flaky++;
      if (flaky === 1) return sendJson(res, 503, { code: 503, message: 'try again' });
      return sendJson(res, 200, { page_size: 7, sessions: [] });
    }
    if (url.pathname === '/cobrowsesdk/past_sessions') return; // never answers: for --timeout
    if (url.pathname === '/accounts/sub-1/videosdk/report/daily') {
      return sendJson(res, 200, { year: 2022, month: 9, dates: [] });
    }
    sendJson(res, 404, { code: 3001, message: 'Session does not exist: missing-1' });
  });
});

afterAll(async () => {
  await server?.close();
});

describe('the request matches the flags', () => {
  it('GET with coerced query values and a bearer JWT signed with the secret', async () => {
    const run = await atServer(
      'videosdk listSessions --query.from 2022-09-01 --query.to=2022-09-02 --query.page_size 2',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const seen = lastRequest();
    expect(seen.method).toBe('GET');
    expect(seen.url).toBe('/videosdk/sessions?from=2022-09-01&to=2022-09-02&page_size=2');
    const [scheme, token] = (seen.headers.authorization ?? '').split(' ');
    expect(scheme).toBe('Bearer');
    const { payload, protectedHeader } = await jwtVerify(token as string, new TextEncoder().encode(API_SECRET));
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.iss).toBe(API_KEY);
    // Pretty JSON by default: the data as the server sent it.
    expect(run.stdout).toBe(`${JSON.stringify(JSON.parse(run.stdout), null, 2)}\n`);
    expect(JSON.parse(run.stdout)).toMatchObject({ from: '2022-09-01', sessions: [{ id: 's1' }, { id: 's2' }] });
    expect(run.stdout).not.toContain(token);
    expect(run.stderr).not.toContain(token);
  });

  it('POST with an inline JSON body, printed compact with --json', async () => {
    const body = { session_name: 'standup', session_password: 'x1' };
    const run = await atServer('videosdk createSession --body', JSON.stringify(body), '--json');
    expect(run.code).toBe(0);
    const seen = lastRequest();
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/videosdk/sessions');
    expect(seen.headers['content-type']).toContain('application/json');
    expect(JSON.parse(seen.body)).toEqual(body);
    expect(run.stdout).toBe('{"session_id":"new-1","session_name":"standup"}\n');
  });

  it('reads the body from @file and from @- (standard input)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoom-api-cli-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'body.json');
    writeFileSync(file, JSON.stringify({ session_name: 'from-file' }));
    const fromFile = await atServer('videosdk createSession --body', `@${file}`);
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(lastRequest().body)).toEqual({ session_name: 'from-file' });

    const fromStdin = await zoomApi(['videosdk', 'createSession', '--body', '@-', '--base-url', server.baseUrl], {
      stdin: '{"session_name":"from-stdin"}',
    });
    expect(fromStdin.code).toBe(0);
    expect(JSON.parse(lastRequest().body)).toEqual({ session_name: 'from-stdin' });
  });

  it('master-account: path and integer query parameters', async () => {
    const run = await atServer(
      'master-account getDailyUsageReport --path.accountId sub-1 --query.year 2022 --query.month 9',
    );
    expect(run.code).toBe(0);
    expect(lastRequest().url).toBe('/accounts/sub-1/videosdk/report/daily?year=2022&month=9');
    expect(JSON.parse(run.stdout)).toEqual({ year: 2022, month: 9, dates: [] });
  });
});

it('--all follows next_page_token over 3 pages and prints every item', async () => {
  const before = server.requests.length;
  const run = await atServer('videosdk listSessions --query.from 2022-09-01 --query.to 2022-09-30 --all');
  expect(run.code).toBe(0);
  const urls = server.requests.slice(before).map((r) => new URL(r.url, 'http://x').searchParams.get('next_page_token'));
  expect(urls).toEqual([null, 'page-2', 'page-3']);
  expect(JSON.parse(run.stdout)).toEqual([{ id: 's1' }, { id: 's2' }, { id: 's3' }, { id: 's4' }, { id: 's5' }]);
  expect(run.stderr).toContain('3 pages, 5 items');
});

it("an API error prints Zoom's status, code and message and exits 1", async () => {
  const run = await atServer('videosdk getSessionDetails --path.sessionId missing-1');
  expect([run.code, run.stdout]).toEqual([1, '']);
  for (const part of ['404', '3001', 'Session does not exist: missing-1', 'GET']) expect(run.stderr).toContain(part);
});

it('a server that cannot be reached exits 1 with the cause', async () => {
  const closed = await startServer(() => {});
  await closed.close();
  const run = await zoomApi(['cobrowse', 'listLiveSessions', '--base-url', closed.baseUrl]);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/ECONNREFUSED|connect/i);
});

it('calls go through the package request policy: a 503 on a GET is retried', async () => {
  const run = await atServer('cobrowse listLiveSessions --query.page_size 7');
  expect(run.code).toBe(0);
  expect(flaky).toBe(2);
  expect(JSON.parse(run.stdout)).toEqual({ page_size: 7, sessions: [] });
});

it('--timeout gives up on a server that does not answer and exits 1', async () => {
  const run = await atServer('cobrowse listPastSessions --query.from 2022-09-01 --query.to 2022-09-02 --timeout 200');
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('timed out after 200 ms');
});

describe('usage errors exit 2 before any request', () => {
  it('a missing required parameter lists the required ones', async () => {
    const before = server.requests.length;
    const run = await atServer('videosdk listSessions --query.from 2022-09-01');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing required parameter --query.to');
    expect(run.stderr).toContain('--query.from <string>');
    expect(run.stderr).toContain('--query.to <string>');
    expect(server.requests.length).toBe(before);
  });

  it('an unknown parameter suggests the closest name and lists the valid ones', async () => {
    const run = await atServer('videosdk listSessions --query.form x --query.to y');
    expect(run.code).toBe(2);
    for (const part of [
      'unknown parameter --query.form',
      'Did you mean --query.from?',
      '--query.page_size <integer>',
    ]) {
      expect(run.stderr).toContain(part);
    }
  });

  it('a parameter in the wrong place or without its location points to the right flag', async () => {
    const wrongPlace = await zoomApi(['videosdk', 'getSessionDetails', '--query.sessionId', 'x']);
    expect(wrongPlace.code).toBe(2);
    expect(wrongPlace.stderr).toContain('Did you mean --path.sessionId?');
    const bare = await zoomApi(['videosdk', 'getSessionDetails', '--sessionId', 'x']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Did you mean --path.sessionId?');
  });

  it('values are checked against the declared type and enum', async () => {
    const notInteger = await zoomApi(words('videosdk listSessions --query.from a --query.to b --query.page_size ten'));
    expect(notInteger.code).toBe(2);
    expect(notInteger.stderr).toContain('--query.page_size must be an integer');
    const notInEnum = await zoomApi(words('videosdk listSessions --query.from a --query.to b --query.type future'));
    expect(notInEnum.code).toBe(2);
    expect(notInEnum.stderr).toContain('"past", "live"');
  });

  it('unknown products and operations suggest the closest name', async () => {
    const product = await zoomApi(['videosdks', 'listSessions']);
    expect(product.code).toBe(2);
    expect(product.stderr).toContain('Did you mean videosdk?');
    const operation = await zoomApi(['videosdk', 'listSession']);
    expect(operation.code).toBe(2);
    expect(operation.stderr).toContain('Did you mean listSessions?');
  });

  it('bad JSON in --body, and --all on an operation without pages', async () => {
    const badBody = await zoomApi(['videosdk', 'createSession', '--body', '{nope']);
    expect(badBody.code).toBe(2);
    expect(badBody.stderr).toContain('not valid JSON');
    const notPaged = await zoomApi(['videosdk', 'getSessionDetails', '--path.sessionId', 'x', '--all']);
    expect(notPaged.code).toBe(2);
    expect(notPaged.stderr).toContain('not paginated');
  });

  it('missing credentials name the variable', async () => {
    const run = await zoomApi(['cobrowse', 'listLiveSessions', '--base-url', server.baseUrl], {
      env: cleanEnv({ ZOOM_API_KEY: API_KEY }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ZOOM_API_SECRET is not set');
    expect(run.stderr).toContain('--mock');
  });
});

describe('jwt', () => {
  it('mints a token signed with the secret, like zoom-jwt', async () => {
    const run = await zoomApi(['jwt', '--expires-in', '600']);
    expect(run.code).toBe(0);
    const token = run.stdout.trim();
    const { payload } = await jwtVerify(token, new TextEncoder().encode(API_SECRET));
    expect(payload.iss).toBe(API_KEY);
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
  });

  it('--decode prints header and payload; missing credentials exit 2', async () => {
    const decoded = await zoomApi(['jwt', '--decode']);
    expect(decoded.code).toBe(0);
    expect(JSON.parse(decoded.stdout).header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const missing = await zoomApi(['jwt'], { env: cleanEnv() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('zoom-api jwt: ZOOM_API_KEY and ZOOM_API_SECRET are not set');
  });
});

describe('list and help come from the operations tables', () => {
  it('list prints every operation of every product', async () => {
    const run = await zoomApi(['list', '--json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { product: string; name: string; method: string; path: string }[];
    const names = (product: string) => rows.filter((r) => r.product === product).map((r) => r.name);
    // Every client package of the registry, with the operations its own table lists.
    const { packages } = JSON.parse(readFileSync(join(WORKSPACE, 'specs/manifest.json'), 'utf8')) as {
      packages: { name: string; cli?: { name: string } }[];
    };
    const products = packages.filter((pkg) => pkg.cli);
    expect(products.length).toBeGreaterThan(0);
    let total = 0;
    for (const pkg of products) {
      const { operations } = (await import(pkg.name)) as { operations: readonly OperationInfo[] };
      expect(names(pkg.cli?.name as string), pkg.name).toEqual(operations.map((op) => op.name));
      total += operations.length;
    }
    expect(rows.length).toBe(total);
    expect(rows).toContainEqual(
      expect.objectContaining({ product: 'videosdk', name: 'listSessions', method: 'GET', path: '/videosdk/sessions' }),
    );
    const text = await zoomApi(['list', 'cobrowse']);
    expect(text.stdout).toMatch(
      /listLiveSessions\s+GET\s+\/cobrowsesdk\/live_sessions\s+LIGHT 30\/s\s+List live sessions/,
    );
  });

  it('list shows each operation’s rate-limit category and its limits on a plan (pro unless --plan says)', async () => {
    const pro = await zoomApi(['list', 'videosdk']);
    expect(pro.stdout).toContain('rate limits of the pro plan');
    expect(pro.stdout).toContain('HEAVY and RESOURCE-INTENSIVE also share 30,000 calls a day');
    expect(pro.stdout).toMatch(
      /\n {2}listSessions\s+GET\s+\/videosdk\/sessions\s+RESOURCE-INTENSIVE 10\/min\s+List sessions\n/,
    );
    expect(pro.stdout).toMatch(/\n {2}getSessionDetails\s+GET\s+\/videosdk\/sessions\/\{sessionId\}\s+HEAVY 10\/s\s/);
    const free = await zoomApi(['list', 'videosdk', '--plan', 'free']);
    expect(free.stdout).toMatch(
      /\n {2}listSessions\s+GET\s+\/videosdk\/sessions\s+RESOURCE-INTENSIVE 10\/min, 30,000\/day\s/,
    );
    const json = await zoomApi(['list', 'videosdk', '--json', '--plan', 'business']);
    const rows = JSON.parse(json.stdout) as { name: string; rateLimit: unknown }[];
    // Every row carries the category of the operations table, as the package exports it.
    expect(rows.map((r) => (r.rateLimit as { category: string }).category)).toEqual(
      videosdk.map((op) => op.rateLimit.category),
    );
    expect(rows.find((r) => r.name === 'listSessions')?.rateLimit).toEqual({
      category: 'RESOURCE-INTENSIVE',
      source: 'document',
      plan: 'business',
      perMinute: 20,
    });
    const help = await zoomApi(['videosdk', 'listSessions', '--help']);
    expect(help.stdout).toContain(
      "Rate limit: RESOURCE-INTENSIVE (Zoom's label); free 10/min, 30,000/day; pro 10/min; business 20/min",
    );
    const wrong = await zoomApi(['list', '--plan', 'gold']);
    expect([wrong.code, wrong.stderr]).toEqual([
      2,
      "zoom-api: --plan must be free, pro or business (Business, Education, Enterprise and Partner accounts); got 'gold'.\n",
    ]);
    const onCall = await zoomApi(['videosdk', 'listSessions', '--plan', 'pro']);
    expect([onCall.code, onCall.stderr]).toEqual([
      2,
      'zoom-api: --plan is for zoom-api list; a call does not take it.\n',
    ]);
  });

  it('help at every level', async () => {
    const top = await zoomApi(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('zoom-api videosdk listSessions --query.from 2022-09-01 --query.to 2022-09-02 --mock');
    const list = await zoomApi(['list', '--help']);
    expect(list.stdout).toContain('Usage: zoom-api list');
    const product = await zoomApi(['accounts', '--help']);
    expect(product.code).toBe(0);
    expect(product.stdout).toMatch(/getAccountSettings\s+GET\s+\/accounts\/\{accountId\}\/settings/);
    const operation = await zoomApi(['videosdk', 'listSessions', '--help']);
    expect(operation.code).toBe(0);
    expect(operation.stdout).toContain('GET /videosdk/sessions');
    expect(operation.stdout).toContain('List sessions');
    expect(operation.stdout).toMatch(/--query\.from <string>\s+required/);
    expect(operation.stdout).toMatch(/--query\.type <string>\s+optional; one of: past, live/);
    const none = await zoomApi([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: zoom-api');
  });
});

describe('--version and -h', () => {
  it('--version (and -v, -V) prints the version of the CLI package on its own line, then the documents --mock serves', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as {
      version: string;
    };
    // What the fake was built from: every document of the manifest, by its info and canonical hash.
    const manifest = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'specs/manifest.json'), 'utf8')) as {
      specs: { file: string; title: string; version: string; sha256: string }[];
    };
    const documents = manifest.specs.map((s) => [
      s.file,
      `${s.title} version ${s.version}, sha256 ${s.sha256.slice(0, 12)}…`,
    ]);
    for (const flag of ['--version', '-v', '-V']) {
      const run = await zoomApi([flag]);
      expect([run.code, run.stderr]).toEqual([0, '']);
      const [first, heading, ...rows] = run.stdout.trimEnd().split('\n');
      expect(first).toBe(version);
      expect(heading).toBe("--mock answers from Zoom's documents (through @zoom-api/testing):");
      // In the fake's order (its codegen.json), each document once.
      const listed = rows.map((row) => row.trim().split(/ {2,}/));
      expect([...listed].sort()).toEqual([...documents].sort());
    }
  });

  it.each([
    [['-h'], 'Usage: zoom-api <command>'],
    [['help'], 'Usage: zoom-api <command>'],
    [['list', '-h'], 'Usage: zoom-api list'],
    [['list', 'videosdk', '-h'], 'Usage: zoom-api list'],
    [['videosdk', '-h'], 'Usage: zoom-api videosdk <operation>'],
    [['master-account', '-h'], 'Usage: zoom-api master-account <operation>'],
    [['videosdk', 'listSessions', '-h'], 'Usage: zoom-api videosdk listSessions'],
    [['jwt', '-h'], 'zoom-api jwt'],
    [['webhooks', '-h'], 'Usage: zoom-api webhooks failed'],
    [['webhooks', 'failed', '-h'], 'Usage: zoom-api webhooks failed'],
    [['webhooks', 'failed', '--retry', '-h'], 'Usage: zoom-api webhooks failed'],
  ])('zoom-api %j prints its help and exits 0', async (args, usage) => {
    const run = await zoomApi(args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(usage);
  });
});

// Runs last: every run above went through the same outputs list.
it('the secret and the tokens never appear in any output', () => {
  const tokens = server.requests.map((r) => (r.headers.authorization ?? '').replace('Bearer ', '')).filter(Boolean);
  expect(outputs.length).toBeGreaterThan(20);
  expect(tokens.length).toBeGreaterThan(5);
  for (const run of outputs) {
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain(API_SECRET);
      for (const token of tokens) expect(text).not.toContain(token);
    }
  }
});
