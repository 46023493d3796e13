// A release interrupted midway, then run again: the registry killed during the uploads, the command killed
// after some uploads and after all of them (before it tagged), and the two states a crash inside Verdaccio's
// own publish leaves (a tarball kept without its version, with and without Verdaccio's record of the file),
// plus a `latest` tag left behind. Whatever happened, the reruns, or the repair a rerun names, must end with
// every version on the registry, `latest` at it, and every git tag; and no message may promise that running
// again helps when it cannot. Each case has a Verdaccio of its own behind a front server (tests/release/lab.ts)
// that sees every request and pulls the trigger; the registry is named by NPM_CONFIG_REGISTRY.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The release tests' world (lab.ts), by name: world.createLab(), world.PUBLIC, …
import * as world from './lab.ts';
import { type Registry, startRegistry } from './verdaccio.ts';

let decoy: world.Decoy;
let lab: world.Lab;
let registry: Registry | undefined;
let front: world.Front | undefined;

beforeAll(async () => {
  decoy = await world.startDecoy();
  lab = await world.createLab(decoy);
}, 180_000);

afterEach(async () => {
  await front?.close();
  await registry?.stop();
  front = undefined;
  registry = undefined;
});

afterAll(async () => {
  console.log(`tests/release/interrupted.test.ts, command by command:\n${lab?.timings.join('\n')}`);
  await decoy?.close();
  lab?.remove();
});

/** A Verdaccio of its own behind a front server, named by NPM_CONFIG_REGISTRY; no git tags yet. */
async function freshRegistry(): Promise<{ registry: Registry; front: world.Front }> {
  registry = await startRegistry();
  front = await world.startFront(registry.url);
  lab.configure('project', []);
  lab.configure('user', [
    ...world.registryLines(decoy.url),
    `//${new URL(front.url).host}/:_authToken=${registry.token}`,
  ]);
  lab.configure('global', world.registryLines(decoy.url));
  const tags = world.tagsOf(lab);
  if (tags.length) lab.git('tag', '-d', ...tags);
  return { registry, front };
}

const env = () => ({ NPM_CONFIG_REGISTRY: (front as world.Front).url });

async function releasePublish() {
  const before = decoy.requests.length;
  const result = await lab.pnpm(['release:publish'], env());
  expect(decoy.requests.slice(before), 'requests the decoy received').toEqual([]);
  return result;
}

const EVERY_TAG = () =>
  Object.entries(world.everyPackageAtItsVersion(lab)).map(([name, [version]]) => `${name}@${version}`);

/** The end every interrupted release must reach: every version, `latest` at it, every tag. */
async function expectComplete(url: string) {
  expect(await world.publicVersions(url)).toEqual(world.everyPackageAtItsVersion(lab));
  for (const dir of world.PUBLIC) {
    const packument = (await (await fetch(new URL(`@zoom-api%2f${dir}`, url))).json()) as {
      'dist-tags': Record<string, string>;
    };
    expect(packument['dist-tags'].latest, `latest of @zoom-api/${dir}`).toBe(
      world.everyPackageAtItsVersion(lab)[`@zoom-api/${dir}`]?.[0],
    );
  }
  expect(world.tagsOf(lab)).toEqual(EVERY_TAG().sort());
}

/** What a fully released package looks like in Verdaccio's storage, to reproduce the crash states. */
const stored = (registry: Registry, dir: string) => path.join(registry.storage, '@zoom-api', dir);
interface StoredPackument {
  versions: Record<string, unknown>;
  time?: Record<string, string>;
  'dist-tags': Record<string, string>;
  _attachments: Record<string, unknown>;
}
function editStored(registry: Registry, dir: string, edit: (packument: StoredPackument) => void) {
  const file = path.join(stored(registry, dir), 'package.json');
  const packument = JSON.parse(readFileSync(file, 'utf8')) as StoredPackument;
  edit(packument);
  writeFileSync(file, JSON.stringify(packument, null, 2));
}

/**
 * A complete release on a fresh registry, then the state a crash inside Verdaccio's publish of
 * @zoom-api/cobrowse leaves: the tarball kept, the version and `latest` gone (and with `forgetFile`, Verdaccio's
 * own record of the file too), and no git tag yet. `more` edits the storage further while Verdaccio is down.
 */
async function keptTarball({ forgetFile }: { forgetFile: boolean }, more: (registry: Registry) => void = () => {}) {
  const fresh = await freshRegistry();
  expect((await releasePublish()).code).toBe(0);
  await fresh.registry.kill();
  editStored(fresh.registry, 'cobrowse', (packument) => {
    delete packument.versions['1.0.0'];
    delete packument.time?.['1.0.0'];
    packument['dist-tags'] = {};
    if (forgetFile) packument._attachments = {};
  });
  more(fresh.registry);
  await fresh.registry.restart();
  lab.git('tag', '-d', '@zoom-api/cobrowse@1.0.0');
  expect(existsSync(path.join(stored(fresh.registry, 'cobrowse'), 'cobrowse-1.0.0.tgz'))).toBe(true);
  return fresh;
}

/** Reruns until the command says it is done or names a repair that a rerun cannot do (at most `max`). */
async function rerunUntilDone(max: number) {
  const outputs: string[] = [];
  for (let i = 0; i < max; i++) {
    const result = await releasePublish();
    outputs.push(result.output);
    if (result.code === 0) return outputs;
    if (!result.output.includes('Run `pnpm release:publish` again')) return outputs;
  }
  return outputs;
}

describe('a release interrupted midway, run again', () => {
  it('the registry killed while it receives the fourth upload: the command says to run again, and the rerun finishes', async () => {
    const { registry: verdaccio, front: server } = await freshRegistry();
    let puts = 0;
    let killed: Promise<void> | undefined;
    server.intercept = (req) => {
      if (req.method !== 'PUT' || ++puts !== 4) return false;
      // Forwarded, then the registry dies as the body ends: mid-write, whatever it had done by then.
      req.on('end', () => {
        killed = verdaccio.kill();
      });
      return false;
    };
    const first = await releasePublish();
    expect(first.code).toBe(1);
    expect(first.output).toMatch(/Run `pnpm release:publish` again/);
    await killed;
    server.intercept = undefined;
    await verdaccio.restart();

    const outputs = await rerunUntilDone(2);
    const last = outputs.at(-1) as string;
    // A kill inside Verdaccio's publish can leave a tarball without its version that Verdaccio will not
    // remove: then the command names the file and the two ways out, and never says a rerun helps.
    const kept = /keeps the tarball (\S+) without version/.exec(last);
    if (kept) {
      expect(last).not.toMatch(/Run `pnpm release:publish` again to finish/);
      const dir = (kept[1] as string).replace(/-\d+\.\d+\.\d+\.tgz$/, '');
      rmSync(path.join(stored(verdaccio, dir), kept[1] as string));
      expect((await releasePublish()).code).toBe(0);
    } else expect(last).toContain('Published');
    await expectComplete(server.url);
  }, 180_000);

  it('the command killed after three uploads: the rerun publishes the rest and tags them all', async () => {
    const { front: server } = await freshRegistry();
    let answered = 0;
    const running = lab.startPnpm(['release:publish'], env());
    server.onAnswered = (req, status) => {
      if (req.method === 'PUT' && status === 201 && ++answered === 3) running.kill();
    };
    const killed = await running.done;
    expect(killed.signal).toBe('SIGKILL');
    server.onAnswered = undefined;
    const published = Object.values(await world.publicVersions(server.url)).filter((v) => v.length > 0).length;
    expect(published).toBeGreaterThanOrEqual(3);

    const rerun = await releasePublish();
    expect(rerun.code, rerun.output).toBe(0);
    await expectComplete(server.url);
  }, 180_000);

  it('the command killed after every upload, before it tagged: the rerun has nothing to publish and tags them all', async () => {
    const { front: server } = await freshRegistry();
    let uploads = 0;
    const running = lab.startPnpm(['release:publish'], env());
    // After the last upload the command reads the registry again, then tags: it dies at that read.
    server.intercept = (req, res) => {
      if (req.method === 'PUT') uploads++;
      if (req.method !== 'GET' || uploads < world.PUBLIC.length) return false;
      running.kill();
      res.destroy();
      return true;
    };
    expect((await running.done).signal).toBe('SIGKILL');
    server.intercept = undefined;
    expect(await world.publicVersions(server.url)).toEqual(world.everyPackageAtItsVersion(lab));
    expect(world.tagsOf(lab)).toEqual([]);

    const rerun = await releasePublish();
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toContain("Nothing to publish: every public package's version is already on");
    for (const tag of EVERY_TAG()) expect(rerun.output).toContain(`New tag: ${tag}`);
    await expectComplete(server.url);
  }, 180_000);

  it("a tarball kept without its version (Verdaccio's record of the file kept): removed, published again", async () => {
    // The state a crash between writing the tarball and adding the version leaves; and, for redis, one
    // between adding a version and moving `latest`.
    const { front: server } = await keptTarball({ forgetFile: false }, (verdaccio) =>
      editStored(verdaccio, 'redis', (packument) => {
        packument['dist-tags'] = { latest: '0.9.0' };
      }),
    );

    const rerun = await releasePublish();
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toContain('keeps cobrowse-1.0.0.tgz but not version 1.0.0');
    expect(rerun.output).toContain('published @zoom-api/cobrowse@1.0.0 (after removing the kept tarball)');
    expect(rerun.output).toContain('latest → @zoom-api/redis@1.0.0 (was 0.9.0)');
    expect(rerun.output).toContain('New tag: @zoom-api/cobrowse@1.0.0');
    await expectComplete(server.url);
  }, 180_000);

  it('a tarball kept without its version that the registry will not remove: explained, no rerun promised; the named repair works', async () => {
    // A crash between writing the tarball and recording it: Verdaccio itself no longer knows the file.
    const { registry: verdaccio, front: server } = await keptTarball({ forgetFile: true });

    const rerun = await releasePublish();
    expect(rerun.code).toBe(1);
    expect(rerun.output).toContain('Not published: @zoom-api/cobrowse@1.0.0.');
    expect(rerun.output).toContain('keeps the tarball cobrowse-1.0.0.tgz without version 1.0.0');
    expect(rerun.output).toContain('Running this command again cannot fix it.');
    expect(rerun.output).toContain("have the registry's administrator delete that file");
    expect(rerun.output).toContain('`pnpm changeset` (a patch for @zoom-api/cobrowse)');
    expect(rerun.output).not.toMatch(/Run `pnpm release:publish` again to finish/);

    // The administrator's repair it names, then the rerun it names.
    rmSync(path.join(stored(verdaccio, 'cobrowse'), 'cobrowse-1.0.0.tgz'));
    const repaired = await releasePublish();
    expect(repaired.code, repaired.output).toBe(0);
    await expectComplete(server.url);
  }, 180_000);
});
