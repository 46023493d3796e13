// The release path for real, against Verdaccio on 127.0.0.1 (tests/release/verdaccio.ts: no uplinks), in
// the lab of tests/release/lab.ts: the decoy is the default registry everywhere, and the registry is named
// the way CI systems name it, NPM_CONFIG_REGISTRY, for every release:publish; the decoy must see none of
// their requests. `pnpm release:publish` from a scratch copy of the workspace, another "repository" that
// installs the packages with npm by version, compiles with tsc and calls a local server, then two Zoom
// document updates going through `pnpm specs:update` → `pnpm release:version` → `pnpm release:publish`: a
// documentation-only one that the consumer gets with `npm update`, and a breaking one that a `^1` consumer
// does not get and an opted-in consumer sees as a type error at the field that changed. The
// documentation-only update releases @zoom-api/testing (the fake answers from every document) and the CLI
// too (its `--mock` is that fake): an installed CLI names the documents it serves in `--version`, and after
// the release `npm update @zoom-api/cli` brings a CLI whose `--mock` answers from the new document.
// The documentation-only update is Zoom's real one: the scratch copy starts with the Video SDK document as
// served on 2026-03-09 (../shared/zoom-specs/history/) and takes the 2026-03-10 one, the mirror's, which
// differs in three descriptions. Nothing touches the real checkout: versions, changesets and builds happen
// in the scratch copy.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Finished,
  runProcess,
  runTsc,
  sendJson,
  startServer,
  type TestServer,
  WORKSPACE_ROOT,
} from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalHash, describeSpec } from '../../scripts/specs/lib.ts';
import {
  createLab,
  type Decoy,
  everyPackageAtItsVersion,
  type Front,
  type Lab,
  PUBLIC,
  publicVersions,
  registryLines,
  registryVersions,
  SPECS_DIR,
  scratchVersion,
  startDecoy,
  startFront,
  tagsOf,
  tarballFiles,
} from './lab.ts';
import { type Registry, startRegistry } from './verdaccio.ts';

/** Zoom's Video SDK document as served a day before the one in the manifest: three descriptions differ. */
const VIDEOSDK_HISTORY = path.join(SPECS_DIR, 'history/videosdk.2026-03-09.json');
const PRIVATE = ['@zoom-api/bench', '@zoom-api/test-utils', '@zoom-api/scripts', '@zoom-api/tests'];
const MOCK_CALL = ['videosdk', 'listSessions', '--query.from', '2022-09-01', '--query.to', '2022-09-02', '--mock'];
/** The package whose first publish the registry refuses once, as a registry outage mid-release would. */
const REFUSED_ONCE = '@zoom-api/cobrowse';

/** The consuming repository's program: one call, and the one field the breaking update retypes. */
const CONSUMER_MAIN = `import { createZoomAuth } from '@zoom-api/auth';
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';

declare const process: { env: Record<string, string | undefined> };

const auth = createZoomAuth({ apiKey: 'consumer-key', apiSecret: 'consumer-api-secret-0123' });
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

let decoy: Decoy;
let lab: Lab;
let registry: Registry;
let front: Front;
let refuse = true;
const LEFT_OVER = 'chunk-left-by-an-earlier-build.mjs';
let api: TestServer;

const npm = (cwd: string, ...args: string[]) => lab.run('npm', args, { cwd, killAfter: 300_000 });

/** `pnpm release:publish`, with the registry named by NPM_CONFIG_REGISTRY; the decoy must see none of it. */
async function releasePublish(): Promise<Finished> {
  const before = decoy.requests.length;
  const result = await lab.pnpm(['release:publish'], { NPM_CONFIG_REGISTRY: front.url });
  expect(decoy.requests.slice(before), 'requests release:publish sent to the decoy').toEqual([]);
  return result;
}

/** `pnpm release:version`, then the install CI runs before publishing (it follows the new versions). */
async function releaseVersion() {
  expectSuccess(await lab.pnpm(['release:version']), 'release:version');
  expectSuccess(await lab.pnpm(['install', '--offline', '--frozen-lockfile']), 'pnpm install after release:version');
}

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

/** The CLI's optional peers that npm must find on the registry (it asks for Prism too, but takes a 404 for it). */
const OPTIONAL_PEERS = ['bullmq', 'ioredis'];

/**
 * A copy of the workspace's `name` without its node_modules, to publish: npm cannot pack pnpm's folder of it
 * (the links in its node_modules/.bin stop npm pack with "Exit handler never called").
 */
function peerCopy(name: string): string {
  const from = realpathSync(installedAt(path.join(WORKSPACE_ROOT, 'packages/redis'), name));
  const to = path.join(lab.tmp, 'optional-peers', name);
  cpSync(from, to, { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
  return to;
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

async function viewVersions(name: string): Promise<string[]> {
  const { code, output } = await npm(lab.tmp, 'view', name, 'versions', '--json', '--prefer-online');
  if (code !== 0) return [];
  const parsed = JSON.parse(output) as string | string[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** A consuming repository: its own folder, npm pointed at the registry (no token: installing is public). */
async function consumer(name: string, dependencies: Record<string, string>): Promise<string> {
  const dir = path.join(lab.tmp, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, '.npmrc'), `${registryLines(front.url).join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name, private: true, type: 'module', dependencies }, null, 2)}\n`,
  );
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  writeFileSync(path.join(dir, 'src/main.ts'), CONSUMER_MAIN);
  expectSuccess(await npm(dir, 'install', '--prefer-online'), `npm install in ${name}`);
  return dir;
}

/** `zoom-api` as installed in `dir`, with no Zoom documents around (no ZOOM_SPECS_DIR), as outside this repository. */
function zoomApi(dir: string, args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...lab.env };
  delete env.ZOOM_SPECS_DIR;
  return lab.run(process.execPath, [path.join(dir, 'node_modules/.bin/zoom-api'), ...args], { cwd: dir, env });
}

/** The line of `zoom-api --version` that names the Video SDK document its --mock serves. */
async function servedVideoSdk(dir: string): Promise<string> {
  const run = await zoomApi(dir, ['--version']);
  expectSuccess(run, 'zoom-api --version');
  return run.stdout.split('\n').find((line) => line.trim().startsWith('videosdk.json')) ?? run.stdout;
}

/** How `zoom-api --version` and `--mock` name a Video SDK document: its canonical hash, shortened. */
const shortHash = (document: string) => `sha256 ${canonicalHash(JSON.parse(document)).slice(0, 12)}…`;

const compile = (dir: string) => runTsc(['-p', dir], { cwd: dir });
const runConsumer = (dir: string) =>
  runProcess(process.execPath, ['dist/main.js'], { cwd: dir, env: { ...lab.env, BASE_URL: api.baseUrl } });

/** A folder holding one new Zoom document, as `specs:update --from` reads it. */
function zoomFolder(name: string, file: string, document: string): string {
  const dir = path.join(lab.tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, file), document);
  return dir;
}

/** The changesets `specs:update` left, by file name. */
const pendingChangesets = () =>
  readdirSync(path.join(lab.scratch.dir, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');

beforeAll(async () => {
  decoy = await startDecoy();
  // Verdaccio starts while the scratch copy is made and installed.
  const registryStarting = startRegistry();
  lab = await createLab(decoy);
  // The workspace as it was on 2026-03-09: the older Video SDK document is the accepted one.
  const history = readFileSync(VIDEOSDK_HISTORY, 'utf8');
  writeFileSync(path.join(lab.scratch.dir, 'specs/videosdk.json'), history);
  const manifestFile = path.join(lab.scratch.dir, 'specs/manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { specs: { id: string }[] };
  Object.assign(manifest.specs.find((s) => s.id === 'videosdk') as object, describeSpec(JSON.parse(history)));
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  lab.git('add', '-A');
  lab.git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-qm', 'Video SDK of 2026-03-09');

  registry = await registryStarting;
  // In front of Verdaccio: refuses the first publish of REFUSED_ONCE while `refuse` is set.
  front = await startFront(registry.url);
  front.intercept = (req, res) => {
    if (!(refuse && req.method === 'PUT' && decodeURIComponent(req.url ?? '').startsWith(`/${REFUSED_ONCE}`)))
      return false;
    req.resume();
    sendJson(res, 503, { error: 'refused by the test: a registry outage in the middle of a release' });
    return true;
  };
  api = await startServer((req, res) =>
    req.url.startsWith('/videosdk/sessions?')
      ? sendJson(res, 200, { sessions: [{ id: 's-1', session_name: 'Weekly sync' }], next_page_token: '' })
      : sendJson(res, 404, { code: 404, message: 'not here' }),
  );

  // The developer's publishing credentials, for the host release:publish talks to; the decoy stays the
  // default registry of the user's configuration.
  const frontHost = new URL(front.url).host;
  lab.configure('user', [...registryLines(decoy.url), `//${frontHost}/:_authToken=${registry.token}`]);
  // The registry has no uplink: give it the packages from elsewhere that a consumer installs (jose for
  // auth, the proxy agents for core, and what they depend on), from the workspace's own node_modules, and
  // the CLI's optional peers bullmq and ioredis: npm installs neither, but reads their metadata to resolve
  // the CLI's peers and fails with ERESOLVE where the registry has none (as npmjs.org always has).
  writeFileSync(path.join(lab.tmp, '.npmrc'), registry.npmrc);
  const seeded = await Promise.all(
    [...externalDependencies(['auth', 'core', 'videosdk']), ...OPTIONAL_PEERS.map(peerCopy)].map(
      async (dir) => [dir, await npm(lab.tmp, 'publish', dir, '--ignore-scripts', '--tag', 'latest')] as const,
    ),
  );
  for (const [dir, published] of seeded) expectSuccess(published, `seeding ${dir}`);
  writeFileSync(path.join(lab.tmp, '.npmrc'), `${registryLines(front.url).join('\n')}\n`);
}, 180_000);

afterAll(async () => {
  console.log(`tests/release/registry.test.ts, command by command:\n${lab?.timings.join('\n')}`);
  await api?.close();
  await front?.close();
  await registry?.stop();
  await decoy?.close();
  lab?.remove();
});

describe('releasing to a registry and upgrading by version', { timeout: 600_000 }, () => {
  let consumerOne: string;
  let consumerCli: string;

  it('release:publish publishes every public package at its version; after a failure, a rerun publishes only what is missing', async () => {
    const first = await releasePublish();
    expect(first.code, first.output).not.toBe(0);
    expect(first.output).toContain(`Not published: ${REFUSED_ONCE}@1.0.0.`);
    expect(first.output).toContain('Run `pnpm release:publish` again to finish @zoom-api/cobrowse@1.0.0');
    expect(await registryVersions(front.url, REFUSED_ONCE)).toEqual([]);
    expect(await registryVersions(front.url, '@zoom-api/videosdk')).toEqual(['1.0.0']);
    // Tags follow the registry: every package it holds is tagged, the refused one is not.
    const eight = Object.entries(everyPackageAtItsVersion(lab))
      .filter(([name]) => name !== REFUSED_ONCE)
      .map(([name, [version]]) => `${name}@${version}`);
    expect(tagsOf(lab)).toEqual(eight.sort());

    // A file an earlier build left in dist/: the rerun's build of cobrowse is a hit in turbo's cache, which
    // writes the cached files over what is there, so only emptying dist/ first keeps it out of the tarball.
    writeFileSync(path.join(lab.scratch.dir, 'packages/cobrowse/dist', LEFT_OVER), 'export {};\n');
    refuse = false;
    const second = await releasePublish();
    expectSuccess(second, 'the second release:publish');
    expect(second.output).toMatch(/To publish to [^\n]+:\n {2}@zoom-api\/cobrowse@1\.0\.0\n {2}\(/);
    expect(second.output).toContain('(@zoom-api/videosdk@1.0.0 is already published)');
    expect(second.output).toContain('New tag: @zoom-api/cobrowse@1.0.0');
    const packed = await tarballFiles(front.url, REFUSED_ONCE, '1.0.0');
    expect(packed).toContain('package/dist/index.mjs');
    expect(packed).not.toContain(`package/dist/${LEFT_OVER}`);

    expect(await publicVersions(front.url)).toEqual(everyPackageAtItsVersion(lab));
    for (const name of PRIVATE) expect(await registryVersions(front.url, name), name).toEqual([]);
    expect(tagsOf(lab)).toHaveLength(PUBLIC.length);
  });

  it('release:publish with nothing new publishes nothing and says so', async () => {
    const again = await releasePublish();
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

  it('an installed CLI names the documents its --mock serves (those @zoom-api/testing was built with) and answers from them offline', async () => {
    consumerCli = path.join(lab.tmp, 'consumer-cli');
    mkdirSync(consumerCli);
    writeFileSync(path.join(consumerCli, '.npmrc'), `${registryLines(front.url).join('\n')}\n`);
    writeFileSync(
      path.join(consumerCli, 'package.json'),
      JSON.stringify({ name: 'consumer-cli', private: true, devDependencies: { '@zoom-api/cli': '^1.0.0' } }),
    );
    expectSuccess(await npm(consumerCli, 'install', '--prefer-online'), 'npm install @zoom-api/cli');
    expect(versionIn(consumerCli, '@zoom-api/cli')).toBe('1.0.0');
    expect(versionIn(consumerCli, '@zoom-api/testing')).toBe('1.0.0');

    // The scratch workspace's accepted Video SDK document is the one of 2026-03-09.
    expect(await servedVideoSdk(consumerCli)).toContain(shortHash(readFileSync(VIDEOSDK_HISTORY, 'utf8')));
    const served = await zoomApi(consumerCli, MOCK_CALL);
    expect(served.code, served.output).toBe(0);
    expect(served.stderr).toContain(shortHash(readFileSync(VIDEOSDK_HISTORY, 'utf8')));
    expect(JSON.parse(served.stdout)).toHaveProperty('sessions');
  });

  it('a documentation-only Video SDK update is a patch of videosdk, of the fake and of the CLI; npm update brings them to consumers', async () => {
    // Zoom's 2026-03-10 document, as the mirror holds it.
    const update = await lab.pnpm(['specs:update', '--from', SPECS_DIR, 'videosdk']);
    expectSuccess(update, 'specs:update');
    expect(update.output).toContain('bump patch');
    const changesets = pendingChangesets().map((file) =>
      readFileSync(path.join(lab.scratch.dir, '.changeset', file), 'utf8'),
    );
    expect(changesets.map((text) => text.split('\n')[1]).sort()).toEqual([
      '"@zoom-api/cli": patch',
      '"@zoom-api/testing": patch',
      '"@zoom-api/videosdk": patch',
    ]);

    await releaseVersion();
    const moved = ['videosdk', 'testing', 'cli'];
    for (const dir of moved) expect(scratchVersion(lab, dir), dir).toBe('1.0.1');
    for (const dir of PUBLIC.filter((d) => !moved.includes(d))) expect(scratchVersion(lab, dir), dir).toBe('1.0.0');
    expect(pendingChangesets()).toEqual([]);

    const published = await releasePublish();
    expectSuccess(published, 'release:publish of the patch');
    expect(published.output).toContain(
      'Published @zoom-api/cli@1.0.1, @zoom-api/testing@1.0.1, @zoom-api/videosdk@1.0.1 to',
    );

    // What a user runs brings a CLI whose --mock answers from Zoom's new document: the CLI released with the
    // new fake depends on it, so npm must take it along.
    expectSuccess(await npm(consumerCli, 'update', '@zoom-api/cli', '--prefer-online'), 'npm update @zoom-api/cli');
    expect(versionIn(consumerCli, '@zoom-api/cli')).toBe('1.0.1');
    const cliManifest = JSON.parse(
      readFileSync(path.join(consumerCli, 'node_modules/@zoom-api/cli/package.json'), 'utf8'),
    ) as { dependencies: Record<string, string> };
    expect(cliManifest.dependencies['@zoom-api/testing']).toBe('^1.0.1');
    expect(versionIn(consumerCli, '@zoom-api/testing')).toBe('1.0.1');
    const current = readFileSync(path.join(SPECS_DIR, 'videosdk.json'), 'utf8');
    expect(shortHash(current)).not.toBe(shortHash(readFileSync(VIDEOSDK_HISTORY, 'utf8')));
    expect(await servedVideoSdk(consumerCli)).toContain(shortHash(current));
    const served = await zoomApi(consumerCli, MOCK_CALL);
    expect(served.code, served.output).toBe(0);
    expect(served.stderr).toContain(shortHash(current));
    expect(JSON.parse(served.stdout)).toHaveProperty('sessions');

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
    const doc = JSON.parse(readFileSync(path.join(lab.scratch.dir, 'specs/videosdk.json'), 'utf8'));
    const session =
      doc.paths['/videosdk/sessions'].get.responses['200'].content['application/json'].schema.properties.sessions.items
        .properties;
    session.session_name = { ...session.session_name, type: 'integer', example: 42 };
    const from = zoomFolder('zoom-breaking', 'videosdk.json', JSON.stringify(doc, null, 2));
    const update = await lab.pnpm(['specs:update', '--from', from, 'videosdk']);
    expectSuccess(update, 'specs:update');
    expect(update.output).toContain('bump major');

    await releaseVersion();
    expect(scratchVersion(lab, 'videosdk')).toBe('2.0.0');
    // Neither core nor master-account (built from its own documents) moves.
    expect(scratchVersion(lab, 'core')).toBe('1.0.0');
    expect(scratchVersion(lab, 'master-account')).toBe('1.0.0');

    expectSuccess(await releasePublish(), 'release:publish of the major');

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
