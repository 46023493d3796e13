// The packages as another repository gets them: `pnpm pack` each one, install the tarballs with npm into
// a scratch project outside the workspace, then use them from ESM, from CommonJS and from TypeScript
// (node16 and bundler resolution), subpaths included, run the `zoom-api` command they install, and run the
// test from @zoom-api/testing's README there. Nothing here can see the workspace's node_modules; the calls
// go to the workspace's fake Zoom (@zoom-api/testing).
import { execFile } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getDailyUsageReport } from '@zoom-api/master-account/videosdk';
import { installTarballs } from '@zoom-api/test-utils';
import { createFakeZoom, type FakeZoom } from '@zoom-api/testing';
import { listSessions } from '@zoom-api/videosdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClientPackage, readManifest } from '../../scripts/specs/lib.ts';
import { extractBlocks } from '../readme/readme-examples.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

const registry = readManifest(root).packages;

/** Every package a user installs; all are packed and installed together so npm finds @zoom-api/core locally. */
const PACKAGES = ['core', 'auth', ...registry.map((pkg) => path.basename(pkg.dir)), 'cli'];

/** Specifier → one export it must have, checked from ESM and CJS: each client entry point's factory. */
const ENTRY_POINTS: Record<string, string> = {
  '@zoom-api/core': 'createZoomClient',
  '@zoom-api/auth': 'createZoomAuth',
  ...Object.fromEntries(
    registry
      .filter(isClientPackage)
      .flatMap((pkg) => [
        [pkg.name, pkg.factory],
        ...pkg.entries.filter((e) => e.export !== '.').map((e) => [`${pkg.name}/${e.export.slice(2)}`, pkg.factory]),
      ]),
  ),
  '@zoom-api/webhooks': 'verifyWebhook',
  '@zoom-api/testing': 'createFakeZoom',
  '@zoom-api/cli/mock': 'startPrism',
};

// One real call through the top-level package and one through a master-account subpath, then where
// every entry point resolved to, as the module system at hand finds it (`describeEntry`). The same
// scenario for ESM and for CommonJS. `BASE_URL` is the test's local server.
const SCENARIO = `
const auth = createZoomAuth({ apiKey: 'consumer-key', apiSecret: 'consumer-api-secret-0123' });
const client = createVideoSdkClient({ baseUrl: process.env.BASE_URL, auth });
const sessions = await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
const master = createMasterAccountClient({ baseUrl: process.env.BASE_URL, auth });
const usage = await getDailyUsageReport({ client: master, path: { accountId: 'sub-1' }, query: { year: 2022, month: 9 } });
const entries = {};
for (const [specifier, name] of Object.entries(${JSON.stringify(ENTRY_POINTS)})) {
  entries[specifier] = await describeEntry(specifier, name);
}
console.log(JSON.stringify({ sessions: sessions.data, status: sessions.response.status, usage: usage.data, entries }));
`;

const ESM_CONSUMER = `
import { createZoomAuth } from '@zoom-api/auth';
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';
import { createMasterAccountClient, getDailyUsageReport } from '@zoom-api/master-account/videosdk';

async function describeEntry(specifier, name) {
  const mod = await import(specifier);
  return { file: new URL(import.meta.resolve(specifier)).pathname, exported: typeof mod[name] };
}
${SCENARIO}`;

const CJS_CONSUMER = `
const { createZoomAuth } = require('@zoom-api/auth');
const { createVideoSdkClient, listSessions } = require('@zoom-api/videosdk');
const { createMasterAccountClient, getDailyUsageReport } = require('@zoom-api/master-account/videosdk');

async function describeEntry(specifier, name) {
  return { file: require.resolve(specifier), exported: typeof require(specifier)[name] };
}
async function main() {
${SCENARIO}
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

// Type-checked only. Uses response types (a wrong property would not compile) and both subpaths.
const TYPED_CONSUMER = `
import { createZoomAuth } from '@zoom-api/auth';
import { createVideoSdkClient, listSessions, type ListSessionsResponse } from '@zoom-api/videosdk';
import { createMasterAccountClient, getDailyUsageReport } from '@zoom-api/master-account/videosdk';
import { getAccountSettings } from '@zoom-api/master-account/accounts';
import { listSubaccounts } from '@zoom-api/master-account';
import { type PrismServer, startPrism } from '@zoom-api/cli/mock';

export async function consume(apiKey: string, apiSecret: string): Promise<string | undefined> {
  const auth = createZoomAuth({ apiKey, apiSecret });
  const client = createVideoSdkClient({ auth });
  const { data } = await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
  const first: ListSessionsResponse['sessions'] = data.sessions;
  const master = createMasterAccountClient({ auth });
  await getDailyUsageReport({ client: master, path: { accountId: 'sub-1' }, query: { year: 2022, month: 9 } });
  await getAccountSettings({ client: master, path: { accountId: 'sub-1' } });
  await listSubaccounts({ client: master, query: { page_size: 30 } });
  return first?.[0]?.id;
}

export async function mock(spec: string): Promise<{ url: string; pid: number; said: string }> {
  const prism: PrismServer = await startPrism({ spec, port: 4010, startTimeout: 30_000, args: ['--seed', '1'] });
  try {
    return { url: prism.baseUrl, pid: prism.pid, said: prism.output() };
  } finally {
    await prism.stop();
  }
}
`;

// zoom.on's answer with a misspelt field: the published types must refuse it.
const WRONG_ANSWER = `
import { createFakeZoom } from '@zoom-api/testing';
import { listSessions } from '@zoom-api/videosdk';

const zoom = await createFakeZoom();
zoom.on(listSessions, () => ({ sessions: [], next_page_tokn: '' }));
await zoom.close();
`;

const WRONG_QUERY = `
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';

export async function wrong(): Promise<void> {
  await listSessions({ client: createVideoSdkClient(), query: { from: '2022-09-01', to: '2022-09-02', no_such_param: 1 } });
}
`;

// A consumer with both strict flags hands settings on as it has them, possibly undefined (process.env's
// values, an optional setting of its own), to every public option that says undefined means not given:
// the README's \`baseUrl: process.env.ZOOM_API_BASE_URL\` first. It reads indexes with \`?.\`, as the flags ask.
const STRICT_CONSUMER = `
import { createZoomAuth } from '@zoom-api/auth';
import { createVideoSdkClient, listSessions, paginate } from '@zoom-api/videosdk';
import { createFakeZoom } from '@zoom-api/testing';
import { verifyWebhook } from '@zoom-api/webhooks';

export interface Settings {
  timeout?: number;
  maxPages?: number;
  seed?: number;
}

export async function strict(settings: Settings, body: string, headers: Record<string, string>) {
  const auth = createZoomAuth({ apiKey: 'key', apiSecret: 'secret', expiresIn: settings.timeout });
  const client = createVideoSdkClient({
    baseUrl: process.env.ZOOM_API_BASE_URL,
    auth,
    timeout: settings.timeout,
    retry: { maxRetries: settings.maxPages, baseDelay: settings.timeout },
    rateLimit: { plan: 'pro', maxWait: settings.timeout, scope: process.env.ZOOM_ACCOUNT },
    headers: undefined,
  });
  const { data } = await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' }, timeout: settings.timeout });
  const first: string | undefined = data.sessions?.[0]?.id;
  for await (const session of paginate(listSessions, { client, query: { from: '2022-09-01', to: '2022-09-02' }, maxPages: settings.maxPages })) {
    console.log(session.id, first);
  }
  const zoom = await createFakeZoom({ seed: settings.seed, port: settings.timeout });
  await zoom.close();
  const secretToken = process.env.ZOOM_WEBHOOK_SECRET_TOKEN ?? '';
  return verifyWebhook({ secretToken, headers, body, tolerance: settings.timeout });
}
`;

// The control, compiled with the consumer: a parameter type without \`| undefined\` is refused the same
// value, and an index read is possibly undefined. If the flags were not in effect, it would compile.
const STRICT_CONTROL = `
function withoutUndefined(options: { baseUrl?: string }): string {
  return options.baseUrl ?? '';
}
withoutUndefined({ baseUrl: process.env.ZOOM_API_BASE_URL });
const names: string[] = [];
export const first: string = names[0];
`;

function tsconfig(compilerOptions: Record<string, unknown>, files: string[]): string {
  const strict = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
    lib: ['ES2022', 'DOM'],
    target: 'ES2022',
  };
  return JSON.stringify({ compilerOptions: { ...strict, ...compilerOptions }, files }, null, 2);
}

// node16: the .mts file is ESM (import conditions, .d.ts), the .cts file CommonJS (require conditions, .d.cts).
const RESOLUTIONS = {
  node16: {
    options: { module: 'node16', moduleResolution: 'node16' },
    files: ['typed.mts', 'typed.cts'],
    wrong: 'wrong.mts',
  },
  bundler: { options: { module: 'preserve', moduleResolution: 'bundler' }, files: ['typed.ts'], wrong: 'wrong.ts' },
};

interface ConsumerOutput {
  sessions: unknown;
  status: number;
  usage: unknown;
  entries: Record<string, { file: string; exported: string }>;
}

describe('packed tarballs, installed with npm outside the workspace', () => {
  let scratch: string;
  let app: string;
  let zoom: FakeZoom;
  let baseUrl: string;

  beforeAll(async () => {
    scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'zoom-consume-')));
    // One install for all tarballs: npm resolves `@zoom-api/core@^1.0.0` (pnpm pack rewrote `workspace:^`)
    // to the local tarball, and everything else (jose, core's proxy agents) from the registry. No install
    // scripts: none of these packages needs one.
    const installed = await installTarballs(scratch, PACKAGES, {
      projectName: 'consumer',
      npmArgs: ['--ignore-scripts'],
    });
    app = installed.app;
    expect(installed.tarballs).toHaveLength(PACKAGES.length);

    zoom = await createFakeZoom({ apiKey: 'consumer-key', apiSecret: 'consumer-api-secret-0123' });
    baseUrl = zoom.baseUrl;
  }, 300_000);

  afterAll(async () => {
    await zoom?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('installs every package from its tarball, not from the workspace', () => {
    expect(app.startsWith(root)).toBe(false);
    const lock = JSON.parse(readFileSync(path.join(app, 'package-lock.json'), 'utf8')).packages;
    for (const name of PACKAGES) {
      const installed = path.join(app, 'node_modules/@zoom-api', name);
      expect(lstatSync(installed).isSymbolicLink(), `${installed} is a link`).toBe(false);
      expect(lock[`node_modules/@zoom-api/${name}`].resolved, name).toMatch(/^file:.*\.tgz$/);
    }
    // pnpm pack turned `workspace:^` into a range that the local core tarball satisfies: no nested copy.
    expect(lock['node_modules/@zoom-api/videosdk/node_modules/@zoom-api/core']).toBeUndefined();
    // jose, auth's dependency, came from the registry (this machine's npmrc may omit `resolved` for those).
    const jose = lock['node_modules/jose'];
    expect(jose.integrity).toMatch(/^sha512-/);
    expect(jose.resolved ?? 'https://registry').toMatch(/^https:\/\//);
  });

  async function consume(file: string, source: string): Promise<ConsumerOutput> {
    writeFileSync(path.join(app, file), source);
    zoom.reset();
    // Answers that show the request's own values came back.
    zoom.on(listSessions, ({ query }) => ({ sessions: [{ id: `from ${query.from}` }], next_page_token: '' }));
    zoom.on(getDailyUsageReport, ({ path }) => ({ dates: [{ date: `for ${path.accountId}` }] }));
    const { stdout } = await run(process.execPath, [file], { cwd: app, env: { ...process.env, BASE_URL: baseUrl } });
    console.log(`${file}: ${stdout.trim()}`);
    return JSON.parse(stdout);
  }

  function expectRealCalls(output: ConsumerOutput, conditionFile: RegExp) {
    expect(output.status).toBe(200);
    expect(output.sessions).toEqual({ sessions: [{ id: 'from 2022-09-01' }], next_page_token: '' });
    expect(output.usage).toEqual({ dates: [{ date: 'for sub-1' }] });
    const seen = zoom.calls();
    expect(seen.map((r) => `${r.status} ${r.method} ${r.url}`)).toEqual([
      '200 GET /v2/videosdk/sessions?from=2022-09-01&to=2022-09-02',
      '200 GET /v2/accounts/sub-1/videosdk/report/daily?year=2022&month=9',
    ]);
    for (const request of seen) expect(request.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    for (const [specifier, name] of Object.entries(ENTRY_POINTS)) {
      const { file, exported } = output.entries[specifier] ?? { file: '', exported: 'not described' };
      expect(exported, `${specifier} exports ${name}`).toBe('function');
      expect(file.startsWith(path.join(app, 'node_modules')), `${specifier} → ${file}`).toBe(true);
      expect(file, specifier).toMatch(conditionFile);
    }
  }

  it('an ESM consumer imports the packages and subpaths and makes real calls', async () => {
    const output = await consume('consumer.mjs', ESM_CONSUMER);
    expectRealCalls(output, /\/dist\/(?:bundled\/)?[\w-]+\.m?js$/);
    // Node takes core's bundled build ("import"); bundlers take the per-module one ("module").
    expect(output.entries['@zoom-api/core']?.file).toMatch(/\/core\/dist\/bundled\/index\.mjs$/);
  });

  it('a CommonJS consumer requires the packages and subpaths and makes real calls', async () => {
    const output = await consume('consumer.cjs', CJS_CONSUMER);
    expectRealCalls(output, /\/dist\/[\w-]+\.cjs$/);
  });

  it('the installed zoom-api command prints its help and makes a real call', async () => {
    const npx = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
      run('npx', ['--no', '--', 'zoom-api', ...args], { cwd: app, env });
    const help = await npx(['--help']);
    expect(help.stdout).toMatch(/^Usage: zoom-api <command>/);
    zoom.reset();
    const call = await npx(
      ['videosdk', 'listSessions', '--query.from', '2022-09-01', '--query.to', '2022-09-02', '--base-url', baseUrl],
      { ...process.env, ZOOM_API_KEY: 'consumer-key', ZOOM_API_SECRET: 'consumer-api-secret-0123' },
    );
    expect(JSON.parse(call.stdout)).toHaveProperty('sessions');
    const seen = zoom.calls();
    expect(seen.map((r) => `${r.status} ${r.url}`)).toEqual([
      '200 /v2/videosdk/sessions?from=2022-09-01&to=2022-09-02',
    ]);
  }, 60_000);

  let nodeTypes: Promise<unknown> | undefined;
  /** Node's types, as a project that runs on Node has them: the version the workspace builds with. Once. */
  function installNodeTypes(): Promise<unknown> {
    const version = JSON.parse(readFileSync(path.join(root, 'node_modules/@types/node/package.json'), 'utf8')).version;
    nodeTypes ??= run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-save', `@types/node@${version}`],
      {
        cwd: app,
      },
    );
    return nodeTypes;
  }

  function compile(config: string): Promise<{ code: number; output: string }> {
    return run(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: app }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error) => ({ code: error.code as number, output: `${error.stdout}${error.stderr}` }),
    );
  }

  it('a consumer with exactOptionalPropertyTypes and noUncheckedIndexedAccess passes possibly-undefined settings on; the control beside it fails', async () => {
    await installNodeTypes();
    writeFileSync(path.join(app, 'strict.mts'), STRICT_CONSUMER);
    writeFileSync(path.join(app, 'strict-control.mts'), STRICT_CONTROL);
    const flags = { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true };
    const options = { module: 'node16', moduleResolution: 'node16', types: ['node'], ...flags };
    writeFileSync(path.join(app, 'tsconfig.strict.json'), tsconfig(options, ['strict.mts', 'strict-control.mts']));
    const { code, output } = await compile('tsconfig.strict.json');
    expect(code).not.toBe(0);
    // Only the control's two lines fail: nothing in the consumer, nothing in the published declarations.
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors).toEqual([
      expect.stringMatching(/^strict-control\.mts\(5,\d+\): error TS2379: .*exactOptionalPropertyTypes/),
      expect.stringMatching(/^strict-control\.mts\(7,\d+\): error TS2322: Type 'string \| undefined'/),
    ]);
  }, 120_000);

  it("runs @zoom-api/testing's README test (node:test) there, and tsc refuses a misspelt field in an answer", async () => {
    const readme = 'packages/testing/README.md';
    const test = extractBlocks(readme, readFileSync(path.join(root, readme), 'utf8')).blocks.find(
      (b) => b.kind === 'node-test',
    );
    if (!test) throw new Error(`${readme} has no \`example: node-test\` block`);
    await installNodeTypes();
    writeFileSync(path.join(app, 'sessions.test.mts'), test.code);
    writeFileSync(path.join(app, 'wrong-answer.mts'), WRONG_ANSWER);
    const options = { module: 'node16', moduleResolution: 'node16', types: ['node'] };
    writeFileSync(
      path.join(app, 'tsconfig.test.json'),
      tsconfig({ ...options, noEmit: false, outDir: 'compiled' }, ['sessions.test.mts']),
    );
    writeFileSync(path.join(app, 'tsconfig.wrong.json'), tsconfig(options, ['wrong-answer.mts']));
    expect(await compile('tsconfig.test.json')).toEqual({ code: 0, output: '' });
    const tested = await run(process.execPath, ['--test', 'compiled/sessions.test.mjs'], { cwd: app });
    expect(tested.stdout).toMatch(/^# pass 3$/m);
    expect(tested.stdout).toMatch(/^# fail 0$/m);
    const wrong = await compile('tsconfig.wrong.json');
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toMatch(/wrong-answer\.mts\(\d+,\d+\): error TS2345: /);
    expect(wrong.output).toContain("Types of property 'next_page_tokn' are incompatible.");
  }, 180_000);

  describe.each(Object.entries(RESOLUTIONS))('TypeScript, moduleResolution %s', (resolution, setup) => {
    async function typecheck(files: string[]) {
      const config = `tsconfig.${resolution}.json`;
      writeFileSync(path.join(app, config), tsconfig(setup.options, files));
      for (const file of files) {
        writeFileSync(path.join(app, file), file.startsWith('wrong') ? WRONG_QUERY : TYPED_CONSUMER);
      }
      return compile(config);
    }

    it('type-checks a consumer of the packages and both subpaths', async () => {
      const { code, output } = await typecheck(setup.files);
      expect(output).toBe('');
      expect(code).toBe(0);
    }, 120_000);

    it('reports a wrong query parameter, so the types are live', async () => {
      const { code, output } = await typecheck([setup.wrong]);
      expect(code).not.toBe(0);
      expect(output).toMatch(new RegExp(`${setup.wrong}\\(\\d+,\\d+\\): error TS2353: .*'no_such_param'`));
    }, 120_000);
  });
});
