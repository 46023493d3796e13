// Adding a product is one registry entry (plus its document and names): in a scratch copy of the
// workspace, `products:sync` scaffolds the package and everything that lists products, and the
// package generates, builds and calls a local server like any other product.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  copyWorkspace,
  runProcess,
  type ScratchWorkspace,
  sendJson,
  startServer,
  type TestServer,
  WORKSPACE_ROOT,
} from '@zoom-api/test-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeSpec } from '../../scripts/specs/lib.ts';
import { linkDependencies, linkWorkspacePackage } from './scratch-links.ts';

// A small hand-written document: a path parameter Zoom-style documents ask to double-encode, and a query.
const WIDGETS = {
  openapi: '3.0.0',
  info: { title: 'Widgets', version: '1' },
  servers: [{ url: 'https://api.zoom.us/v2' }],
  paths: {
    '/widgets': {
      get: {
        summary: 'List widgets',
        parameters: [{ name: 'page_size', in: 'query', schema: { type: 'integer' } }],
        responses: { '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/widgets/{widgetId}': {
      get: {
        summary: "Get a widget's details",
        parameters: [
          {
            name: 'widgetId',
            in: 'path',
            required: true,
            description: 'The widget ID. If it begins with a `/` or contains `//`, you must **double encode** it.',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description: 'OK',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
  },
};

let scratch: ScratchWorkspace;
let server: TestServer;
const file = (p: string) => path.join(scratch.dir, p);
const readJson = (p: string) => JSON.parse(readFileSync(file(p), 'utf8'));
const writeJson = (p: string, value: unknown) => writeFileSync(file(p), `${JSON.stringify(value, null, 2)}\n`);

async function run(command: string, args: string[], cwd: string) {
  const env = {
    ...process.env,
    PATH: `${path.join(WORKSPACE_ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}`,
  };
  const result = await runProcess(command, args, { cwd, env, killAfter: 50_000 });
  expect(result.code, `${command} ${args.join(' ')}\n${result.output}`).toBe(0);
  return result;
}

beforeAll(async () => {
  scratch = copyWorkspace();
  linkDependencies(scratch.dir);
  server = await startServer((req, res) => sendJson(res, 200, { id: 'w', name: 'Widget', url: req.url }));
});
afterAll(async () => {
  await server?.close();
  scratch?.remove();
});

it('one manifest entry becomes a package that generates, builds and calls the API', async () => {
  writeJson('specs/widgets.json', WIDGETS);
  const manifest = readJson('specs/manifest.json');
  manifest.specs.push({
    id: 'widgets',
    file: 'widgets.json',
    url: 'https://example.invalid/widgets.json',
    ...describeSpec(WIDGETS),
  });
  manifest.packages.push({
    name: '@zoom-api/widgets',
    dir: 'packages/widgets',
    factory: 'createWidgetsClient',
    cli: { name: 'widgets', title: 'Widgets API' },
    entries: [{ export: '.', spec: 'widgets' }],
  });
  writeJson('specs/manifest.json', manifest);
  const names = readJson('specs/names.json');
  names.widgets = { 'GET /widgets': 'listWidgets', 'GET /widgets/{widgetId}': 'getWidgetDetails' };
  writeJson('specs/names.json', names);

  await run(process.execPath, ['--import', 'tsx', 'scripts/products/sync.ts'], scratch.dir);
  // Everything that lists products now lists this one.
  expect(readJson('packages/widgets/package.json').scripts.generate).toBe(
    'tsx ../../scripts/codegen/generate.ts widgets',
  );
  expect(readJson('packages/widgets/turbo.json').tasks.generate.inputs).toContain('$TURBO_ROOT$/specs/widgets.json');
  expect(readJson('packages/widgets/codegen.json').documents).toEqual({ widgets: 'specs/widgets.json' });
  expect(readJson('packages/cli/package.json').dependencies['@zoom-api/widgets']).toBe('workspace:^');
  expect(readJson('tests/package.json').devDependencies['@zoom-api/widgets']).toBe('workspace:*');
  expect(existsSync(file('packages/widgets/tsdown.config.ts'))).toBe(true);
  await run(process.execPath, ['--import', 'tsx', 'scripts/products/sync.ts', '--check'], scratch.dir);

  // What `pnpm install` would link, then the package's own generate and build scripts.
  const pkgDir = file('packages/widgets');
  linkWorkspacePackage(pkgDir, '@zoom-api/core', path.join(WORKSPACE_ROOT, 'packages/core'));
  const scripts = readJson('packages/widgets/package.json').scripts;
  await run('sh', ['-c', scripts.generate], pkgDir);
  await run('sh', ['-c', scripts.build], pkgDir);

  // The CLI's table of products, generated by its own generate task, lists it too.
  await run('sh', ['-c', readJson('packages/cli/package.json').scripts.generate], file('packages/cli'));
  expect(readFileSync(file('packages/cli/src/generated/product-table.gen.ts'), 'utf8')).toContain(
    "import('@zoom-api/widgets')",
  );

  const widgets = await import(pathToFileURL(path.join(pkgDir, 'dist/index.mjs')).href);
  expect(widgets.operations.map((o: { name: string }) => o.name).sort()).toEqual(['getWidgetDetails', 'listWidgets']);
  const client = widgets.createWidgetsClient({
    baseUrl: server.baseUrl,
    auth: { getToken: async () => 'tok' },
    retry: false,
  });
  const { data } = await widgets.getWidgetDetails({ client, path: { widgetId: 'a/b' } });
  expect(data).toMatchObject({ id: 'w', name: 'Widget' });
  await widgets.listWidgets({ client, query: { page_size: 5 } });
  expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
    ['GET', '/widgets/a%252Fb', 'Bearer tok'],
    ['GET', '/widgets?page_size=5', 'Bearer tok'],
  ]);
  expect(existsSync(path.join(pkgDir, 'dist/index.d.mts'))).toBe(true);
}, 90_000);
