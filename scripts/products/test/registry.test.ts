// The registry in specs/manifest.json: what consumersOf derives from it and what the validator refuses.
import { describe, expect, it } from 'vitest';
import {
  consumersOf,
  type JsonObject,
  type Manifest,
  readManifest,
  registryProblems,
  releasedWith,
} from '../../specs/lib.ts';

const spec = (id: string, operations: number, webhooks: number) => ({
  id,
  file: `${id}.json`,
  url: `https://example.invalid/${id}.json`,
  sha256: '0',
  openapi: '3.0.0',
  title: id,
  version: '1',
  operations,
  webhooks,
});

const small = (): Manifest => ({
  specs: [spec('a', 2, 0), spec('a-ma', 2, 0), spec('a-events', 0, 3)],
  packages: [
    {
      name: '@zoom-api/a',
      dir: 'packages/a',
      factory: 'createAClient',
      cli: { name: 'a', title: 'A API' },
      entries: [{ export: '.', spec: 'a' }],
    },
    {
      name: '@zoom-api/ma',
      dir: 'packages/ma',
      factory: 'createMaClient',
      cli: { name: 'ma', title: 'MA' },
      entries: [{ export: '.', spec: 'a-ma' }],
    },
    {
      name: '@zoom-api/webhooks',
      dir: 'packages/webhooks',
      events: [{ spec: 'a-events', label: 'A', union: 'AEvent', list: 'aEvents' }],
    },
    { name: '@zoom-api/testing', dir: 'packages/testing', fake: ['a', 'a-events'] },
  ],
});

describe('consumersOf', () => {
  it('names the packages whose entries or events use the document', () => {
    const manifest = small();
    expect(consumersOf(manifest, 'a')).toEqual(['@zoom-api/a', '@zoom-api/testing']);
    expect(consumersOf(manifest, 'a-ma')).toEqual(['@zoom-api/ma']);
    expect(consumersOf(manifest, 'a-events')).toEqual(['@zoom-api/webhooks', '@zoom-api/testing']);
    expect(() => consumersOf(manifest, 'nope')).toThrow(/no document with id 'nope'/);
  });

  it('gives every document of the real manifest at least one consumer', () => {
    const manifest = readManifest();
    expect(consumersOf(manifest, 'videosdk-ma')).toEqual(['@zoom-api/master-account', '@zoom-api/testing']);
    // The fake answers from every document, so it is released with each of them.
    for (const { id } of manifest.specs) expect(consumersOf(manifest, id), id).toContain('@zoom-api/testing');
  });
});

describe('releasedWith', () => {
  it('adds the packages that ship every document (pinnedBy) to those generated from it', () => {
    const manifest = { ...small(), pinnedBy: ['@zoom-api/cli'] };
    expect(releasedWith(manifest, 'a')).toEqual(['@zoom-api/a', '@zoom-api/testing', '@zoom-api/cli']);
    expect(releasedWith(manifest, 'a-events')).toEqual(['@zoom-api/webhooks', '@zoom-api/testing', '@zoom-api/cli']);
    expect(releasedWith(small(), 'a')).toEqual(['@zoom-api/a', '@zoom-api/testing']);
  });

  it('in the real manifest, the fake and the CLI, whose --mock is that fake, with every document', () => {
    const manifest = readManifest();
    for (const { id } of manifest.specs) {
      expect(releasedWith(manifest, id), id).toContain('@zoom-api/testing');
      expect(releasedWith(manifest, id), id).toContain('@zoom-api/cli');
    }
  });
});

describe('registryProblems', () => {
  it('accepts the real manifest', () => {
    expect(registryProblems(readManifest())).toEqual([]);
  });

  it('accepts the small registry as written', () => {
    expect(registryProblems(small())).toEqual([]);
  });

  it('names each problem with its package and field', () => {
    const manifest = small();
    manifest.packages.pop(); // without the fake, which uses every document
    const [a, ma, hooks] = manifest.packages as JsonObject[];
    if (!a || !ma || !hooks) throw new Error('the small registry lists three packages besides the fake');
    a.entries[0].spec = 'a-events'; // a webhook document as a REST client
    ma.cli.name = 'a';
    ma.entries[0].export = './a'; // one document, so it must be the root
    hooks.events[0].union = 'not an identifier';
    expect(registryProblems(manifest)).toEqual([
      'specs/manifest.json packages[0] (@zoom-api/a) entries[0]: document "a-events" has no operations.',
      'specs/manifest.json packages[1] (@zoom-api/ma): cli "a" is used by another package.',
      'specs/manifest.json packages[1] (@zoom-api/ma) entries[0]: "export" must be "." for a package of one document, and a subpath like "./videosdk" for each of several (the root then exports them all).',
      'specs/manifest.json packages[2] (@zoom-api/webhooks) events[0]: "union" must be a TypeScript identifier.',
      'specs/manifest.json: document "a" is used by no package in "packages".',
    ]);
  });

  it('refuses a fake package that names an unknown document or one twice, or mixes kinds', () => {
    const manifest = small();
    const fake = (manifest.packages as JsonObject[])[3] as JsonObject;
    fake.fake = ['a', 'nope', 'a'];
    const hooks = (manifest.packages as JsonObject[])[2] as JsonObject;
    hooks.fake = ['a'];
    expect(registryProblems(manifest)).toEqual([
      'specs/manifest.json packages[2] (@zoom-api/webhooks): give exactly one of "entries" (a REST client), "events" (webhook types) or "fake" (the fake Zoom\'s documents); it has "events" and "fake".',
      'specs/manifest.json packages[3] (@zoom-api/testing) fake[1]: spec "nope" is not the id of a document in "specs".',
      'specs/manifest.json packages[3] (@zoom-api/testing) fake[2]: document "a" is listed twice.',
      'specs/manifest.json: document "a-events" is used by no package in "packages".',
    ]);
  });

  it('refuses a pinnedBy that is not a list of npm names, or that lists a generated package', () => {
    expect(registryProblems({ ...small(), pinnedBy: 'cli' } as unknown as Manifest)).toEqual([
      'specs/manifest.json: "pinnedBy" must list npm names like "@zoom-api/cli".',
    ]);
    expect(registryProblems({ ...small(), pinnedBy: ['@zoom-api/a'] })).toEqual([
      'specs/manifest.json: "pinnedBy" lists @zoom-api/a, which "packages" already releases with its documents.',
    ]);
  });

  it('refuses a manifest without a registry', () => {
    expect(registryProblems({ specs: [] } as unknown as Manifest)).toEqual([
      'specs/manifest.json has no "packages" list (the registry of generated packages).',
    ]);
  });
});
