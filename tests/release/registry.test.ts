// The release path for real, against Verdaccio on 127.0.0.1 (tests/release/verdaccio.ts: no uplinks):
// `pnpm release:publish` from a scratch copy of the workspace, another "repository" that installs the
// packages with npm by version, compiles with tsc and calls a local server, then two Zoom document
// updates going through `pnpm specs:update` → `pnpm release:version` → `pnpm release:publish`: a
// documentation-only one that the consumer gets with `npm update`, and a breaking one that a `^1`
// consumer does not get and an opted-in consumer sees as a type error at the field that changed.
// The documentation-only update is Zoom's real one: the scratch copy starts with the Video SDK document as
// served on 2026-03-09 (../shared/zoom-specs/history/) and takes the 2026-03-10 one, the mirror's, which
// differs in three descriptions. Nothing touches the real checkout: versions, changesets and builds happen
// in the scratch copy.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  copyWorkspace,
  type Finished,
  runProcess,
  runTsc,
  type ScratchWorkspace,
  sendJson,
  startServer,
  type TestServer,
  WORKSPACE_ROOT,
} from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSpec } from '../../scripts/specs/lib.ts';
import { type Registry, startRegistry } from './verdaccio.ts';

const SPECS_DIR = path.resolve(WORKSPACE_ROOT, process.env.ZOOM_SPECS_DIR ?? '../shared/zoom-specs');
/** Zoom's Video SDK document as served a day before the one in the manifest: three descriptions differ. */
const VIDEOSDK_HISTORY = path.join(SPECS_DIR, 'history/videosdk.2026-03-09.json');
const PUBLIC = [
  'auth',
  'core',
  'videosdk',
  'accounts',
  'cobrowse',
  'master-account',
  'webhooks',
  'redis',
  'cli',
  'testing',
];
const PRIVATE = ['@zoom-api/bench', '@zoom-api/test-utils', '@zoom-api/scripts', '@zoom-api/tests'];
/** The package whose first publish the registry refuses once, as a registry outage mid-release would. */
const REFUSED_ONCE = '@zoom-api/cobrowse';

/** The consuming repository's program: one call, and the one field the breaking update retypes. */
const CONSUMER_MAIN = `import { createZoomAuth } from '@zoom-api/auth';
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';

declare const process: { env: Record<string, string | undefined> };

const auth = createZoomAuth({ apiKey: 'consumer-key', apiSecret: 'consumer-secret' });
const client = createVideoSdkClient({ auth, baseUrl: process.env.BASE_URL });
const { data } = await listSessions({ client, query: { from: '2022-09-01', to: '2022-09-02' } });
const name: string | undefined = data.sessions?.[0]?.session_name;
console.log(JSON.stringify({ name, sessions: data.sessions?.length }));
`;
const FIELD_LINE = CONSUMER_MAIN.split('\n').findIndex((line) => line.includes('session_name')) + 1;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    types: [],
    outDir: 'dist',
  },
  include: ['src'],
};

/** Where this workspace's `pnpm build` left turbo's cache (a git worktree shares its main checkout's). */
function realTurboCache(): string | undefined {
  const own = path.join(WORKSPACE_ROOT, '.turbo/cache');
  if (existsSync(own)) return own;
  const gitFile = path.join(WORKSPACE_ROOT, '.git');
  const pointer = existsSync(gitFile) ? /gitdir: (.+)/.exec(readFileSync(gitFile, 'utf8')) : null;
  if (!pointer?.[1]) return undefined;
  const shared = path.join(path.resolve(pointer[1]), '../../../.turbo/cache');
  return existsSync(shared) ? shared : undefined;
}

let registry: Registry;
let proxy: Server;
let registryUrl: string;
let refuse = true;
let scratch: ScratchWorkspace;
let tmp: string;
let api: TestServer;
let env: NodeJS.ProcessEnv;

/** npm and pnpm as a developer's shell has them, minus anything from the outer pnpm run or ~/.npmrc. */
function cleanEnv(): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|ZOOM_API_|TURBO_)/i.test(key)) continue;
    clean[key] = value;
  }
  const turboCache = path.join(tmp, 'turbo-cache');
  const cache = realTurboCache();
  if (cache) cpSync(cache, turboCache, { recursive: true });
  return {
    ...clean,
    NPM_CONFIG_USERCONFIG: path.join(tmp, 'user.npmrc'),
    NPM_CONFIG_CACHE: path.join(tmp, 'npm-cache'),
    NPM_CONFIG_UPDATE_NOTIFIER: 'false',
    NPM_CONFIG_FUND: 'false',
    NPM_CONFIG_AUDIT: 'false',
    ZOOM_SPECS_DIR: SPECS_DIR,
    TURBO_TELEMETRY_DISABLED: '1',
    // A copy of the workspace's cache: hits for what its own build already made, nothing written back to
    // it, and each release:publish here reuses what the previous ones built (a read-only cache made every
    // run regenerate and rebuild the Video SDK package again).
    TURBO_CACHE_DIR: turboCache,
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  };
}

/** How long each command took, printed at the end (the whole file should stay well under 2 minutes). */
const timings: string[] = [];
async function timed(label: string, work: Promise<Finished>): Promise<Finished> {
  const started = performance.now();
  const result = await work;
  timings.push(`${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${label}`);
  return result;
}
const pnpm = (...args: string[]) =>
  timed(`pnpm ${args.join(' ')}`, runProcess('pnpm', args, { cwd: scratch.dir, env, killAfter: 600_000 }));
const npm = (cwd: string, ...args: string[]) =>
  timed(`npm ${args.join(' ')}`, runProcess('npm', args, { cwd, env, killAfter: 300_000 }));

/**
 * The folders of every package outside the workspace that `packages` need at run time, transitively:
 * each dependency is resolved where Node would find it (pnpm links them beside the dependent's real path).
 */
function externalDependencies(packages: string[]): string[] {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      if (name.startsWith('@zoom-api/')) continue;
      const depDir = realpathSync(installedAt(dir, name));
      const { version } = JSON.parse(readFileSync(path.join(depDir, 'package.json'), 'utf8')) as { version: string };
      if (found.has(`${name}@${version}`)) continue;
      found.set(`${name}@${version}`, depDir);
      visit(depDir);
    }
  };
  for (const name of packages) visit(path.join(WORKSPACE_ROOT, 'packages', name));
  return [...found.values()];
}

/** Where Node finds package `name` from `dir`: the nearest node_modules/<name> on the way up. */
function installedAt(dir: string, name: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(at) === at) throw new Error(`${name} is not installed where ${dir} can find it`);
  }
}

function expectSuccess(result: Finished, what: string) {
  expect(result.code, `${what} failed:\n${result.output}`).toBe(0);
}

const versionIn = (dir: string, pkg: string) =>
  JSON.parse(readFileSync(path.join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;
const scratchVersion = (dir: string) =>
  JSON.parse(readFileSync(path.join(scratch.dir, 'packages', dir, 'package.json'), 'utf8')).version as string;

async function viewVersions(name: string): Promise<string[]> {
  const { code, output } = await npm(tmp, 'view', name, 'versions', '--json', '--prefer-online');
  if (code !== 0) return [];
  const parsed = JSON.parse(output) as string | string[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/**
 * What the registry holds of `name` (nothing: it does not know the package), straight from its packument,
 * for the checks over many packages at once, where an `npm view` per package took 10 s on 2 cores.
 */
async function registryVersions(name: string): Promise<string[]> {
  const response = await fetch(new URL(name.replace('/', '%2f'), registryUrl));
  if (response.status === 404) return [];
  expect(response.status, `GET ${name} from the registry`).toBe(200);
  return Object.keys(((await response.json()) as { versions: Record<string, unknown> }).versions);
}

/** A consuming repository: its own folder, npm pointed at the registry (no token: installing is public). */
async function consumer(name: string, dependencies: Record<string, string>): Promise<string> {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, '.npmrc'), `registry=${registryUrl}\n`);
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name, private: true, type: 'module', dependencies }, null, 2)}\n`,
  );
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  writeFileSync(path.join(dir, 'src/main.ts'), CONSUMER_MAIN);
  expectSuccess(await npm(dir, 'install', '--prefer-online'), `npm install in ${name}`);
  return dir;
}

const compile = (dir: string) => runTsc(['-p', dir], { cwd: dir });
const runConsumer = (dir: string) =>
  runProcess(process.execPath, ['dist/main.js'], { cwd: dir, env: { ...env, BASE_URL: api.baseUrl } });

/** A folder holding one new Zoom document, as `specs:update --from` reads it. */
function zoomFolder(name: string, file: string, document: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), document);
  return dir;
}

/** The changesets `specs:update` left, by file name. */
const pendingChangesets = () =>
  readdirSync(path.join(scratch.dir, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');

/** Forwards to Verdaccio, refusing the first publish of REFUSED_ONCE while `refuse` is set. */
function startProxy(target: string): Promise<Server> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    if (refuse && req.method === 'PUT' && url.startsWith(`/${REFUSED_ONCE}`)) {
      req.resume();
      sendJson(res, 403, { error: 'refused by the test: a registry failure in the middle of a release' });
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'zoom-api-release-'));
  writeFileSync(path.join(tmp, 'user.npmrc'), '');
  env = cleanEnv();
  // Verdaccio starts while the scratch copy is made and installed.
  const registryStarting = startRegistry();

  scratch = copyWorkspace();
  // Start from the versions in package.json: changesets pending in the working tree are not this test's.
  for (const file of pendingChangesets()) rmSync(path.join(scratch.dir, '.changeset', file));
  // The workspace as it was on 2026-03-09: the older Video SDK document is the accepted one.
  const history = readFileSync(VIDEOSDK_HISTORY, 'utf8');
  writeFileSync(path.join(scratch.dir, 'specs/videosdk.json'), history);
  const manifestFile = path.join(scratch.dir, 'specs/manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { specs: { id: string }[] };
  Object.assign(manifest.specs.find((s) => s.id === 'videosdk') as object, describeSpec(JSON.parse(history)));
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  const installing = pnpm('install', '--offline', '--frozen-lockfile');

  registry = await registryStarting;
  proxy = await startProxy(registry.url);
  registryUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
  api = await startServer((req, res) =>
    req.url.startsWith('/videosdk/sessions?')
      ? sendJson(res, 200, { sessions: [{ id: 's-1', session_name: 'Weekly sync' }], next_page_token: '' })
      : sendJson(res, 404, { code: 404, message: 'not here' }),
  );

  // The developer's publishing credentials: in the scratch copy's .npmrc, and in tmp's for seeding.
  const port = new URL(registryUrl).port;
  const credentials = `registry=${registryUrl}\n//127.0.0.1:${port}/:_authToken=${registry.token}\n`;
  writeFileSync(path.join(tmp, '.npmrc'), credentials);
  // The registry has no uplink: give it the packages from elsewhere that a consumer installs (jose for
  // auth, the proxy agents for core, and what they depend on), from the workspace's own node_modules.
  const seeding = Promise.all(
    externalDependencies(['auth', 'core', 'videosdk']).map(
      async (dir) => [dir, await npm(tmp, 'publish', dir, '--ignore-scripts', '--tag', 'latest')] as const,
    ),
  );
  expectSuccess(await installing, 'pnpm install in the scratch copy');
  writeFileSync(path.join(scratch.dir, '.npmrc'), credentials);
  for (const [dir, published] of await seeding) expectSuccess(published, `seeding ${dir}`);
}, 180_000);

afterAll(async () => {
  console.log(`tests/release/registry.test.ts, command by command:\n${timings.join('\n')}`);
  await api?.close();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await registry?.stop();
  scratch?.remove();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('releasing to a registry and upgrading by version', { timeout: 600_000 }, () => {
  let consumerOne: string;

  it('release:publish publishes every public package at its version; after a failure, a rerun publishes only what is missing', async () => {
    const first = await pnpm('release:publish');
    expect(first.code, first.output).not.toBe(0);
    expect(first.output).toContain(`Not published: ${REFUSED_ONCE}@1.0.0`);
    expect(await registryVersions(REFUSED_ONCE)).toEqual([]);
    expect(await registryVersions('@zoom-api/videosdk')).toEqual(['1.0.0']);

    refuse = false;
    const second = await pnpm('release:publish');
    expectSuccess(second, 'the second release:publish');
    expect(second.output).toMatch(/To publish to [^\n]+:\n {2}@zoom-api\/cobrowse@1\.0\.0\n {2}\(/);
    expect(second.output).toContain('(@zoom-api/videosdk@1.0.0 is already published)');

    const names = [...PUBLIC.map((dir) => `@zoom-api/${dir}`), ...PRIVATE];
    const onRegistry = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await registryVersions(n)])));
    expect(onRegistry).toEqual({
      ...Object.fromEntries(PUBLIC.map((dir) => [`@zoom-api/${dir}`, [scratchVersion(dir)]])),
      ...Object.fromEntries(PRIVATE.map((name) => [name, []])),
    });
  });

  it('release:publish with nothing new publishes nothing and says so', async () => {
    const again = await pnpm('release:publish');
    expectSuccess(again, 'release:publish with nothing new');
    expect(again.output).toContain("Nothing to publish: every public package's version is already on");
    expect(again.output).not.toContain('Building');
  });

  it('a consumer installs @zoom-api/videosdk@^1 and @zoom-api/auth by version with npm, compiles with tsc and runs', async () => {
    consumerOne = await consumer('consumer-one', { '@zoom-api/videosdk': '^1.0.0', '@zoom-api/auth': '1.0.0' });
    expect(versionIn(consumerOne, '@zoom-api/videosdk')).toBe('1.0.0');
    expect(versionIn(consumerOne, '@zoom-api/core')).toBe('1.0.0');
    // One copy of core, at the top: products take it as a peer, never a nested copy of their own.
    const cores = (await npm(consumerOne, 'ls', '@zoom-api/core', '--all', '--parseable')).stdout.trim().split('\n');
    expect(cores.map((p) => path.relative(consumerOne, p))).toEqual([path.join('node_modules/@zoom-api/core')]);
    const tarballFiles = readdirSync(path.join(consumerOne, 'node_modules/@zoom-api/videosdk')).sort();
    expect(tarballFiles).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json']);

    const tsc = await compile(consumerOne);
    expect(tsc, tsc.output).toEqual({ code: 0, output: '' });
    const ran = await runConsumer(consumerOne);
    expectSuccess(ran, 'the consumer');
    expect(JSON.parse(ran.stdout)).toEqual({ name: 'Weekly sync', sessions: 1 });
    expect(api.requests.at(-1)?.url).toBe('/videosdk/sessions?from=2022-09-01&to=2022-09-02');
    expect(api.requests.at(-1)?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('a documentation-only Video SDK update is a patch that npm update brings to the consumer', async () => {
    // Zoom's 2026-03-10 document, as the mirror holds it.
    const update = await pnpm('specs:update', '--from', SPECS_DIR, 'videosdk');
    expectSuccess(update, 'specs:update');
    expect(update.output).toContain('bump patch');
    // One for the product, one for the fake Zoom, which answers from the same document.
    const changesets = pendingChangesets().sort();
    expect(changesets).toEqual([expect.stringMatching(/^zoom-testing-/), expect.stringMatching(/^zoom-videosdk-/)]);
    expect(readFileSync(path.join(scratch.dir, '.changeset', changesets[1] as string), 'utf8')).toContain(
      '"@zoom-api/videosdk": patch',
    );

    expectSuccess(await pnpm('release:version'), 'release:version');
    expect(scratchVersion('videosdk')).toBe('1.0.1');
    expect(scratchVersion('testing')).toBe('1.0.1');
    // The CLI takes the fake (its --mock) with ^: `npm update` brings the new one to it without a CLI release.
    const moved = ['videosdk', 'testing'];
    for (const dir of PUBLIC.filter((d) => !moved.includes(d))) expect(scratchVersion(dir), dir).toBe('1.0.0');
    expect(pendingChangesets()).toEqual([]);

    const published = await pnpm('release:publish');
    expectSuccess(published, 'release:publish of the patch');
    expect(published.output).toMatch(/^Published @zoom-api\/testing@1\.0\.1, @zoom-api\/videosdk@1\.0\.1 to /m);

    const [updated, versions] = await Promise.all([
      npm(consumerOne, 'update', '--prefer-online'),
      viewVersions('@zoom-api/videosdk'),
    ]);
    expectSuccess(updated, 'npm update');
    expect(versionIn(consumerOne, '@zoom-api/videosdk')).toBe('1.0.1');
    const changelog = readFileSync(path.join(consumerOne, 'node_modules/@zoom-api/videosdk/CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/## 1\.0\.1\s+### Patch Changes\s+- Zoom updated the Video SDK/);
    expect(versions).toEqual(['1.0.0', '1.0.1']);
    const tsc = await compile(consumerOne);
    expect(tsc, tsc.output).toEqual({ code: 0, output: '' });
    expect(JSON.parse((await runConsumer(consumerOne)).stdout).name).toBe('Weekly sync');
  });

  it('a breaking change (a response field retyped) is a major: ^1 stays, a consumer taking ^2 gets a tsc error at that field', async () => {
    const doc = JSON.parse(readFileSync(path.join(scratch.dir, 'specs/videosdk.json'), 'utf8'));
    const session =
      doc.paths['/videosdk/sessions'].get.responses['200'].content['application/json'].schema.properties.sessions.items
        .properties;
    session.session_name = { ...session.session_name, type: 'integer', example: 42 };
    const from = zoomFolder('zoom-breaking', 'videosdk.json', JSON.stringify(doc, null, 2));
    const update = await pnpm('specs:update', '--from', from, 'videosdk');
    expectSuccess(update, 'specs:update');
    expect(update.output).toContain('bump major');

    expectSuccess(await pnpm('release:version'), 'release:version');
    expect(scratchVersion('videosdk')).toBe('2.0.0');
    // Neither core nor master-account (built from its own documents) moves.
    expect(scratchVersion('core')).toBe('1.0.0');
    expect(scratchVersion('master-account')).toBe('1.0.0');

    expectSuccess(await pnpm('release:publish'), 'release:publish of the major');

    // The registry, the consumer on ^1 and a new consumer on ^2 are independent: asked side by side.
    const [versions, updated, consumerTwo] = await Promise.all([
      viewVersions('@zoom-api/videosdk'),
      npm(consumerOne, 'update', '--prefer-online').then(async (result) => ({
        result,
        tsc: await compile(consumerOne),
      })),
      consumer('consumer-two', { '@zoom-api/videosdk': '^2.0.0', '@zoom-api/auth': '1.0.0' }).then(async (dir) => ({
        dir,
        tsc: await compile(dir),
      })),
    ]);
    expect(versions).toEqual(['1.0.0', '1.0.1', '2.0.0']);

    expectSuccess(updated.result, 'npm update');
    expect(versionIn(consumerOne, '@zoom-api/videosdk')).toBe('1.0.1');
    expect(updated.tsc, updated.tsc.output).toEqual({ code: 0, output: '' });

    expect(versionIn(consumerTwo.dir, '@zoom-api/videosdk')).toBe('2.0.0');
    const { tsc } = consumerTwo;
    expect(tsc.code).not.toBe(0);
    const errors = tsc.output.split('\n').filter((line) => line.includes('error TS'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(
        `^src/main\\.ts\\(${FIELD_LINE},\\d+\\): error TS2322: Type 'number \\| undefined' is not assignable to type 'string \\| undefined'`,
      ),
    );
  });
});
