// How `release:publish` decides where to publish (scripts/release/target.ts and npmrc.ts), in-process on
// files of this test's: the order of the places that may name a registry, the ambiguities it refuses, the
// public registry only on purpose, provenance only where the registry takes it, and the credentials npm
// would send. tests/release/sources.test.ts publishes for real from each place.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspacePackage } from '../../scripts/release/checks.ts';
import { authorizationFor, type NpmrcFile, parseNpmrc, readNpmrcFiles } from '../../scripts/release/npmrc.ts';
import {
  chooseRegistry,
  NPM_DEFAULT_REGISTRY,
  provenanceFor,
  publicRefusal,
  ReleaseConfigError,
} from '../../scripts/release/target.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zoom-api-target-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pkg = (name: string, publishConfig: Record<string, string> = { access: 'public' }): WorkspacePackage => ({
  name,
  version: '1.0.0',
  dir,
  manifest: { name, version: '1.0.0', publishConfig },
});
const PACKAGES = [pkg('@zoom-api/core'), pkg('@zoom-api/auth')];
const file = (level: NpmrcFile['level'], lines: Record<string, string>): NpmrcFile => ({
  level,
  path: `/${level}/.npmrc`,
  values: new Map(Object.entries(lines)),
});
const url = (n: number) => `http://127.0.0.1:${4000 + n}/`;

describe('which registry', () => {
  // Every level names a registry of its own; taking the winner away each time shows the whole order.
  const everything = () => ({
    packages: PACKAGES.map((p) => pkg(p.name, { access: 'public', registry: url(1) })),
    cliRegistry: url(2),
    env: { NPM_CONFIG_REGISTRY: url(3) } as Record<string, string>,
    files: [
      file('project', { registry: url(4) }),
      file('user', { registry: url(5) }),
      file('global', { registry: url(6) }),
    ],
  });

  it('publishConfig, then --registry, the environment, the project, user and global .npmrc, then npm’s default', () => {
    const sources: string[] = [];
    const config = everything();
    // publishConfig and a different --registry or variable are a conflict (below): drop those first.
    expect(chooseRegistry({ ...config, cliRegistry: undefined, env: {} })).toMatchObject({
      url: url(1),
      source: 'publishConfig["registry"] in every public package.json',
    });
    config.packages = PACKAGES;
    for (let step = 0; step < 5; step++) {
      const choice = chooseRegistry(config);
      sources.push(`${choice.source} → ${choice.url}`);
      if (step === 0) config.cliRegistry = undefined as unknown as string;
      else if (step === 1) config.env = {};
      else config.files = config.files.slice(1);
    }
    expect(sources).toEqual([
      `--registry → ${url(2)}`,
      `NPM_CONFIG_REGISTRY → ${url(3)}`,
      `registry in /project/.npmrc (project) → ${url(4)}`,
      `registry in /user/.npmrc (user) → ${url(5)}`,
      `registry in /global/.npmrc (global) → ${url(6)}`,
    ]);
    expect(chooseRegistry({ ...config, files: [] })).toMatchObject({
      url: NPM_DEFAULT_REGISTRY,
      source: "npm's default",
    });
  });

  it('says what it overrides', () => {
    const choice = chooseRegistry({ ...everything(), packages: PACKAGES });
    expect(choice.overridden.map((c) => c.url)).toEqual([url(3), url(4), url(5), url(6)]);
  });

  it("the scope's registry beats `registry` within a level, and loses to any level above", () => {
    const user = file('user', { registry: url(5), '@zoom-api:registry': url(7) });
    expect(chooseRegistry({ packages: PACKAGES, env: {}, files: [user] }).url).toBe(url(7));
    expect(
      chooseRegistry({ packages: PACKAGES, env: {}, files: [file('project', { registry: url(4) }), user] }).url,
    ).toBe(url(4));
    expect(
      chooseRegistry({
        packages: PACKAGES,
        env: { 'npm_config_@zoom-api:registry': url(8), npm_config_registry: url(3) },
        files: [],
      }).url,
    ).toBe(url(8));
  });

  it('reads the environment as npm does, whatever the case, and pnpm_config_registry', () => {
    for (const name of ['NPM_CONFIG_REGISTRY', 'npm_config_registry', 'Npm_Config_Registry', 'pnpm_config_registry'])
      expect(chooseRegistry({ packages: PACKAGES, env: { [name]: url(3) }, files: [] })).toMatchObject({
        url: url(3),
        source: name,
      });
  });

  it('refuses two different registries in the environment, naming both', () => {
    expect(() =>
      chooseRegistry({
        packages: PACKAGES,
        env: { pnpm_config_registry: url(1), NPM_CONFIG_REGISTRY: url(2) },
        files: [],
      }),
    ).toThrow(`pnpm_config_registry = ${url(1)}, NPM_CONFIG_REGISTRY = ${url(2)}`);
  });

  it('refuses a flag or variable that contradicts publishConfig (npm would follow publishConfig)', () => {
    const packages = PACKAGES.map((p) => pkg(p.name, { access: 'public', registry: url(1) }));
    expect(() => chooseRegistry({ packages, env: { NPM_CONFIG_REGISTRY: url(3) }, files: [] })).toThrow(
      ReleaseConfigError,
    );
    expect(() => chooseRegistry({ packages, cliRegistry: url(2), env: {}, files: [] })).toThrow(
      /--registry says http:\/\/127\.0\.0\.1:4002\/, but publishConfig\["registry"\] in every public package.json/,
    );
    // The same URL is no contradiction.
    expect(chooseRegistry({ packages, cliRegistry: url(1), env: {}, files: [] }).url).toBe(url(1));
  });

  it('refuses publishConfig.registry in some packages only: one release goes to one registry', () => {
    expect(() =>
      chooseRegistry({
        packages: [pkg('@zoom-api/core', { registry: url(1) }), pkg('@zoom-api/auth')],
        env: {},
        files: [],
      }),
    ).toThrow(/1 other public package\(s\) name no registry/);
  });

  it('refuses what is not an http(s) URL, naming where it came from', () => {
    expect(() => chooseRegistry({ packages: PACKAGES, cliRegistry: 'registry.internal', env: {}, files: [] })).toThrow(
      '--registry is not a URL: "registry.internal"',
    );
    expect(() => chooseRegistry({ packages: PACKAGES, env: { NPM_CONFIG_REGISTRY: 'ftp://x/' }, files: [] })).toThrow(
      'NPM_CONFIG_REGISTRY must be an http(s) URL',
    );
  });

  it('reads the project, user (NPM_CONFIG_USERCONFIG) and global (NPM_CONFIG_GLOBALCONFIG) files npm reads', () => {
    writeFileSync(path.join(dir, '.npmrc'), `registry=${url(4)}\n`);
    writeFileSync(path.join(dir, 'user.npmrc'), `; a comment\n@zoom-api:registry = "${url(5)}"\n`);
    writeFileSync(path.join(dir, 'global.npmrc'), `registry=${url(6)}\n`);
    const files = readNpmrcFiles(dir, {
      HOME: '/nowhere',
      NPM_CONFIG_USERCONFIG: path.join(dir, 'user.npmrc'),
      npm_config_globalconfig: path.join(dir, 'global.npmrc'),
    });
    expect(files.map((f) => [f.level, Object.fromEntries(f.values)])).toEqual([
      ['project', { registry: url(4) }],
      ['user', { '@zoom-api:registry': url(5) }],
      ['global', { registry: url(6) }],
    ]);
    rmSync(path.join(dir, '.npmrc'));
  });
});

describe('the public registry, only on purpose', () => {
  const choose = (packages = PACKAGES, env: Record<string, string> = {}) =>
    chooseRegistry({ packages, env, files: [] });

  it('is refused by default, and when named explicitly, with both ways to allow it and how to name another', () => {
    for (const choice of [choose(), choose(PACKAGES, { NPM_CONFIG_REGISTRY: 'https://registry.npmjs.org' })]) {
      const refusal = publicRefusal(choice, PACKAGES, false) ?? '';
      expect(refusal).toContain('Refusing to publish to the public npm registry (https://registry.npmjs.org/');
      expect(refusal).toContain('`pnpm release:publish --public`');
      expect(refusal).toContain('"publishConfig": { "access": "public", "registry": "https://registry.npmjs.org/" }');
      expect(refusal).toContain('--registry <url>');
    }
    expect(
      publicRefusal(choose(PACKAGES, { NPM_CONFIG_REGISTRY: 'https://registry.yarnpkg.com/' }), PACKAGES, false),
    ).toBeDefined();
  });

  it('is allowed with --public, or with publishConfig access "public" and the registry in every package', () => {
    expect(publicRefusal(choose(), PACKAGES, true)).toBeUndefined();
    const named = PACKAGES.map((p) => pkg(p.name, { access: 'public', registry: NPM_DEFAULT_REGISTRY }));
    expect(publicRefusal(choose(named), named, false)).toBeUndefined();
    const restricted = PACKAGES.map((p) => pkg(p.name, { access: 'restricted', registry: NPM_DEFAULT_REGISTRY }));
    expect(publicRefusal(choose(restricted), restricted, false)).toBeDefined();
  });

  it('another registry needs no permission', () => {
    expect(publicRefusal(choose(PACKAGES, { NPM_CONFIG_REGISTRY: url(1) }), PACKAGES, false)).toBeUndefined();
  });
});

describe('provenance', () => {
  const github = { GITHUB_ACTIONS: 'true', ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token' };

  it('is off unless asked for', () => {
    expect(provenanceFor(NPM_DEFAULT_REGISTRY, github, false, [])).toEqual({ on: false });
  });

  it('asked for, goes with packages to the public registry from a CI job with an OIDC token', () => {
    expect(provenanceFor(NPM_DEFAULT_REGISTRY, { ...github, NPM_CONFIG_PROVENANCE: 'true' }, false, []).on).toBe(true);
    expect(provenanceFor(NPM_DEFAULT_REGISTRY, github, true, []).on).toBe(true);
    expect(provenanceFor(NPM_DEFAULT_REGISTRY, github, false, [file('project', { provenance: 'true' })]).on).toBe(true);
  });

  it('asked for, is left out for a registry that does not take it, saying so', () => {
    expect(provenanceFor(url(1), { ...github, NPM_CONFIG_PROVENANCE: 'true' }, false, [])).toEqual({
      on: false,
      note: `provenance: ${url(1)} does not take npm provenance statements; publishing without.`,
    });
  });

  it('asked for outside CI (no identity to prove), is an error naming id-token: write', () => {
    expect(() => provenanceFor(NPM_DEFAULT_REGISTRY, { NPM_CONFIG_PROVENANCE: 'true' }, false, [])).toThrow(
      /id-token: write/,
    );
  });
});

describe("npm's configuration files", () => {
  it('replace variables from the environment, and name a variable that is not set', () => {
    expect(parseNpmrc(`//r.example/:_authToken=\${TOKEN}\n`, { TOKEN: 't0k' })).toEqual(
      new Map([['//r.example/:_authToken', 't0k']]),
    );
    expect(() => parseNpmrc(`//r.example/:_authToken=\${TOKEN}\n`, {}, '/home/me/.npmrc')).toThrow(
      `/home/me/.npmrc: //r.example/:_authToken uses \${TOKEN}, which is not set in the environment.`,
    );
  });

  it('give the credentials npm would send: the longest matching path, token, _auth, or username and password', () => {
    const files = [
      file('project', {
        '//127.0.0.1:4001/:_authToken': 'root-token',
        '//127.0.0.1:4001/npm/private/:_authToken': 'deep',
      }),
      file('user', {
        '//127.0.0.1:4002/:_auth': Buffer.from('me:pw').toString('base64'),
        '//127.0.0.1:4003/:username': 'me',
        '//127.0.0.1:4003/:_password': Buffer.from('secret').toString('base64'),
      }),
    ];
    expect(authorizationFor('http://127.0.0.1:4001/@zoom-api%2fcore', files)).toBe('Bearer root-token');
    expect(authorizationFor('http://127.0.0.1:4001/npm/private/@zoom-api%2fcore', files)).toBe('Bearer deep');
    expect(authorizationFor('http://127.0.0.1:4002/x', files)).toBe(`Basic ${Buffer.from('me:pw').toString('base64')}`);
    expect(authorizationFor('http://127.0.0.1:4003/x', files)).toBe(
      `Basic ${Buffer.from('me:secret').toString('base64')}`,
    );
    expect(authorizationFor('http://127.0.0.1:4004/x', files)).toBeUndefined();
  });
});
