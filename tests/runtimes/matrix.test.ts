// The runtime matrix: the packed packages, installed with npm outside the workspace as a user gets them,
// run one scenario (scenario.ts) in every runtime of RUNTIME_MATRIX, each installed from its npm package
// into a cache shared by later runs. Node, Bun and Deno run the scenario as a module importing the
// installed packages (each resolves them with its own export conditions); workerd runs it as a Worker
// bundled the way Cloudflare's tooling does it (esbuild, `workerd`/`worker`/`browser` conditions), whose
// only way out is a network service limited to loopback. Each runtime gets its own server on 127.0.0.1,
// which plays Zoom, checks every bearer JWT itself (node:crypto, not jose) and receives the report.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  type Arrival,
  bearerOf,
  type InstalledRuntime,
  installRuntime,
  installTarballs,
  RUNTIME_MATRIX,
  type RuntimePin,
  runProcess,
  sendJson,
  startServer,
  type TestServer,
} from '@zoom-api/test-utils';
import { build, transform } from 'esbuild';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Fixtures, ScenarioFailure, ScenarioReport, WebhookDelivery } from './scenario.ts';

const PACKAGES = ['core', 'auth', 'videosdk', 'webhooks'];
const API_KEY = 'matrix-key';
const API_SECRET = 'matrix-api-secret-0123';
const WEBHOOK_SECRET_TOKEN = 'matrix-webhook-secret';
const SESSION_ID = 'matrix-session';
/** Pages of listSessions, by the next_page_token that asks for them ('' = the first). */
const PAGES: Record<string, { ids: string[]; next: string }> = {
  '': { ids: ['s-1', 's-2'], next: 'page-2' },
  'page-2': { ids: ['s-3', 's-4'], next: 'page-3' },
  'page-3': { ids: ['s-5'], next: '' },
};

interface JwtCheck {
  claims?: { iss: string; iat: number; exp: number };
  /** What is wrong with the token, when something is. */
  problem?: string;
}

/** Checks an HS256 JWT with node:crypto alone: signature, header and exactly the claims of Zoom's API JWT. */
function checkJwt(token: string | undefined): JwtCheck {
  const [header, payload, signature, ...rest] = (token ?? '').split('.');
  if (!header || !payload || !signature || rest.length > 0) return { problem: `not a JWT: ${token}` };
  const expected = createHmac('sha256', API_SECRET).update(`${header}.${payload}`).digest('base64url');
  if (signature !== expected) return { problem: 'not signed with the API secret' };
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  const head = decode(header);
  if (JSON.stringify(head) !== '{"alg":"HS256","typ":"JWT"}') return { problem: `header ${JSON.stringify(head)}` };
  const claims = decode(payload);
  const names = Object.keys(claims).sort().join(',');
  if (names !== 'exp,iat,iss' || claims.iss !== API_KEY || !(claims.exp > claims.iat)) {
    return { problem: `claims ${JSON.stringify(claims)}` };
  }
  return { claims };
}

function webhook(secret: string): WebhookDelivery {
  const body = JSON.stringify({
    event: 'session.started',
    event_ts: Date.now(),
    payload: {
      account_id: 'matrix-account',
      // Not ASCII: the signature is over the bytes, so the runtime's Request must carry them unchanged.
      object: { id: 'x', session_id: SESSION_ID, session_name: 'Matrix ✓ café', start_time: '2022-09-01T10:00:00Z' },
    },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': timestamp, 'x-zm-signature': signature },
    body,
  };
}

interface ZoomStandIn {
  server: TestServer;
  /** The report the scenario posted, once it has. */
  report(): ScenarioReport | ScenarioFailure | undefined;
  /** Resolves when the client gave up on the request that is never answered. */
  stalledAbandoned: Promise<void>;
  /** API requests (under /v2), in arrival order. */
  calls(): Arrival[];
}

/** One runtime's Zoom: pages, a 503 and a 401 once each, a 404 with Zoom's body, and a request never answered. */
async function startZoomStandIn(): Promise<ZoomStandIn> {
  let report: ScenarioReport | ScenarioFailure | undefined;
  let abandoned!: () => void;
  const stalledAbandoned = new Promise<void>((resolve) => {
    abandoned = resolve;
  });
  const seen = new Map<string, number>();
  const fixtures: Fixtures = {
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    webhookSecretToken: WEBHOOK_SECRET_TOKEN,
    signed: webhook(WEBHOOK_SECRET_TOKEN),
    forged: webhook('not-the-secret-token'),
  };
  const api = (req: Arrival, res: ServerResponse, url: URL) => {
    const route = url.pathname.slice('/v2'.length);
    const times = (seen.get(route) ?? 0) + 1;
    seen.set(route, times);
    if (route === '/videosdk/sessions') {
      const page = PAGES[url.searchParams.get('next_page_token') ?? ''];
      if (!page) return sendJson(res, 400, { code: 300, message: 'Invalid next_page_token.' });
      const sessions = page.ids.map((id) => ({ id, session_name: `session ${id}` }));
      return sendJson(res, 200, { from: '2022-09-01', to: '2022-09-30', sessions, next_page_token: page.next });
    }
    switch (route) {
      case '/videosdk/sessions/unavailable-once':
        if (times === 1) return sendJson(res, 503, { code: 503, message: 'Service temporarily unavailable.' });
        return sendJson(res, 200, { id: 'unavailable-once' });
      case '/videosdk/sessions/unauthorized-once':
        if (times === 1) return sendJson(res, 401, { code: 124, message: 'Invalid access token.' });
        return sendJson(res, 200, { id: 'unauthorized-once' });
      case '/videosdk/sessions/missing':
        return sendJson(res, 404, { code: 3001, message: 'Session does not exist: missing.' });
      case '/videosdk/sessions/stalled':
        // Never answered: the client's timeout must end it, which closes the response early.
        res.on('close', () => abandoned());
        return;
    }
    sendJson(res, 404, { code: 404, message: `no such route in this test: ${req.method} ${req.url}` });
  };
  const server = await startServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname.startsWith('/v2/')) return api(req, res, url);
    if (req.method === 'GET' && url.pathname === '/fixtures') return sendJson(res, 200, fixtures);
    if (req.method === 'POST' && url.pathname === '/report') {
      report = JSON.parse(req.body);
      res.writeHead(204).end();
      return;
    }
    sendJson(res, 404, { message: `unexpected ${req.method} ${req.url}` });
  });
  return {
    server,
    report: () => report,
    stalledAbandoned,
    calls: () => server.requests.filter((r) => r.url.startsWith('/v2/')),
  };
}

/** The package version of workerd is 1.YYYYMMDD.n: the newest compatibility date it supports. */
function compatibilityDate(version: string): string {
  const date = version.split('.')[1] ?? '';
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}

function workerdConfig(pin: RuntimePin, origin: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "scenario", worker = .scenario),
    # The Worker's only way out: loopback addresses, nothing public or private.
    (name = "loopback", network = (allow = ["local"])),
  ],
);

const scenario :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = "${compatibilityDate(pin.version)}",
  bindings = [(name = "ORIGIN", text = ${JSON.stringify(origin)})],
  globalOutbound = "loopback",
);
`;
}

/** Starts the scenario in one runtime; resolves when the runtime exits. */
async function runIn(runtime: InstalledRuntime, app: string, origin: string) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir() };
  const killAfter = 60_000;
  switch (runtime.kind) {
    case 'node':
    case 'bun':
      return runProcess(runtime.binary, ['entry.mjs', origin], { cwd: app, env, killAfter });
    case 'deno':
      // No permission but the network to 127.0.0.1: reading env or files would fail the scenario.
      return runProcess(runtime.binary, ['run', '--allow-net=127.0.0.1', 'entry-deno.mjs', origin], {
        cwd: app,
        env: { ...env, DENO_DIR: path.join(app, '.deno'), DENO_NO_UPDATE_CHECK: '1' },
        killAfter,
      });
    case 'workerd': {
      const dir = mkdtempSync(path.join(app, 'workerd-'));
      writeFileSync(path.join(dir, 'worker.mjs'), workerBundle);
      writeFileSync(path.join(dir, 'config.capnp'), workerdConfig(runtime, origin));
      return runProcess(runtime.binary, ['test', 'config.capnp'], { cwd: dir, env, killAfter });
    }
  }
}

let scratch: string;
let app: string;
let workerBundle: string;
let installs: Map<string, Promise<InstalledRuntime>>;

beforeAll(async () => {
  scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'zoom-runtimes-')));
  // Every runtime downloads (first run only) while the tarballs are packed and installed.
  installs = new Map(RUNTIME_MATRIX.map((pin) => [pin.id, installRuntime(pin)]));
  for (const install of installs.values()) install.catch(() => {}); // reported by that runtime's test
  const installed = await installTarballs(scratch, PACKAGES, {
    projectName: 'runtimes',
    npmArgs: ['--ignore-scripts'],
  });
  app = installed.app;
  const source = readFileSync(path.join(import.meta.dirname, 'scenario.ts'), 'utf8');
  const scenario = await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' });
  writeFileSync(path.join(app, 'scenario.mjs'), scenario.code);
  writeFileSync(
    path.join(app, 'entry.mjs'),
    "import { runScenario } from './scenario.mjs';\nawait runScenario(process.argv[2]);\n",
  );
  writeFileSync(
    path.join(app, 'entry-deno.mjs'),
    "import { runScenario } from './scenario.mjs';\nawait runScenario(Deno.args[0]);\n",
  );
  writeFileSync(
    path.join(app, 'entry-worker.mjs'),
    "import { runScenario } from './scenario.mjs';\nexport default { test: (_controller, env) => runScenario(env.ORIGIN) };\n",
  );
  const bundled = await build({
    absWorkingDir: app,
    entryPoints: ['entry-worker.mjs'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  workerBundle = bundled.outputFiles[0]?.text ?? '';
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed packages in every runtime of the matrix', () => {
  const cases = RUNTIME_MATRIX.map((pin) => [`${pin.id} ${pin.version}`, pin] as const);
  // The first run on a machine downloads the runtime inside this test's time (tens of MB each).
  it.concurrent.for(cases)('%s', { timeout: 600_000 }, async ([, pin], { expect }) => {
    const runtime = await installs.get(pin.id);
    if (!runtime) throw new Error(`no install started for ${pin.id}`);
    if (runtime.installed) console.log(`installed ${pin.id} ${pin.version} into the runtime cache: ${runtime.binary}`);
    const zoom = await startZoomStandIn();
    try {
      // The scenario posts its report before it ends, so there is one by the time the runtime exits.
      const exited = await runIn(runtime, app, zoom.server.baseUrl);
      const report = zoom.report();
      if (!report)
        throw new Error(`${pin.id} exited (${exited.code ?? exited.signal}) without a report:\n${exited.output}`);
      if ('failed' in report) throw new Error(`the scenario failed in ${report.runtime}:\n${report.failed}`);
      expect(exited.code, exited.output).toBe(0);

      const expectedName = pin.kind === 'workerd' ? 'workerd' : `${pin.kind} ${pin.version}`;
      expect(report.runtime).toBe(expectedName);

      // The token the scenario minted, checked here with node:crypto; and every call carried a valid one.
      expect(checkJwt(report.token)).toEqual({
        claims: { iss: API_KEY, iat: expect.any(Number), exp: expect.any(Number) },
      });
      const calls = zoom.calls();
      for (const call of calls) expect(checkJwt(bearerOf(call)).problem, `${call.method} ${call.url}`).toBeUndefined();

      expect(report.firstPage).toEqual({ ids: ['s-1', 's-2'], nextPageToken: 'page-2' });
      expect(report.paginated).toEqual(['s-1', 's-2', 's-3', 's-4', 's-5']);
      const listCalls = calls.filter((c) => c.url.startsWith('/v2/videosdk/sessions?'));
      expect(listCalls.map((c) => new URL(c.url, 'http://x').searchParams.get('next_page_token'))).toEqual([
        null,
        null,
        'page-2',
        'page-3',
      ]);

      const callsTo = (id: string) => calls.filter((c) => c.url === `/v2/videosdk/sessions/${id}`);
      expect(report.afterServiceUnavailable).toBe('unavailable-once');
      expect(callsTo('unavailable-once')).toHaveLength(2);

      expect(report.afterUnauthorized).toBe('unauthorized-once');
      const [rejected, retried] = callsTo('unauthorized-once').map(bearerOf);
      expect(callsTo('unauthorized-once')).toHaveLength(2);
      expect(retried).not.toBe(rejected);
      expect(report.mints).toBe(2);

      expect(report.notFound).toMatchObject({
        name: 'ZoomApiError',
        status: 404,
        code: 3001,
        message: expect.stringContaining('Session does not exist: missing.'),
        isVideoSdkZoomApiError: true,
        isCoreZoomApiError: true,
        isError: true,
      });
      expect(callsTo('missing')).toHaveLength(1);

      expect(report.timedOut).toMatchObject({ name: 'ZoomTimeoutError', isZoomTimeoutError: true, isError: true });
      expect(callsTo('stalled')).toHaveLength(1);
      await zoom.stalledAbandoned;

      expect(report.webhook).toEqual({
        signed: 200,
        forged: 401,
        forgedBody: expect.objectContaining({ error: 'bad_signature' }),
        received: [{ event: 'session.started', sessionId: SESSION_ID }],
      });
    } finally {
      await zoom.server.close();
    }
  });
});
