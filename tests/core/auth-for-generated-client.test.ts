// zoomAuthInterceptor and zoomAuthFetch on a hey-api client generated here and now, as another repository
// would have it: @hey-api/openapi-ts (the version our codegen pins, run as its command) turns a small
// document of our own (fixtures/things-api.json) into a fetch client, tsc compiles it together with the
// wiring a user would write (so the helpers' types must fit hey-api's), and the compiled client calls a
// local server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createZoomAuth, type ZoomAuth } from '@zoom-api/auth';
import { bearerOf, json, runNode, runTsc, scriptedServerPerTest, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The generated client's calls, as far as these tests use them.
interface Result {
  data?: unknown;
  error?: unknown;
  response?: Response;
}
interface ThingsClient {
  listThings(options: { client: unknown; query?: { page_size?: number } }): Promise<Result>;
  getThing(options: { client: unknown; path: { thingId: string } }): Promise<Result>;
  createThing(options: { client: unknown; body: { name: string } }): Promise<Result>;
  withInterceptor(baseUrl: string, auth: ZoomAuth): unknown;
  withFetch(baseUrl: string, auth: ZoomAuth): unknown;
}

// What a user writes around a generated client; compiled by the strict tsc run below.
const WIRING = `import { type ZoomAuth, zoomAuthFetch, zoomAuthInterceptor } from '@zoom-api/auth';
import { createClient } from './generated/client/index.js';

export { createThing, getThing, listThings } from './generated/index.js';

export function withInterceptor(baseUrl: string, auth: ZoomAuth) {
  const client = createClient({ baseUrl });
  client.interceptors.request.use(zoomAuthInterceptor(auth));
  return client;
}

export function withFetch(baseUrl: string, auth: ZoomAuth) {
  return createClient({ baseUrl, fetch: zoomAuthFetch(auth) });
}
`;

const scratchRoot = path.join(WORKSPACE_ROOT, 'tests/.tmp');
let scratch: string;
let things: ThingsClient;
const serve = scriptedServerPerTest();

beforeAll(async () => {
  // Inside the tests package, so that `@zoom-api/auth` resolves to the workspace's build.
  mkdirSync(scratchRoot, { recursive: true });
  scratch = mkdtempSync(path.join(scratchRoot, 'hey-api-things-'));
  const openapiTs = path.join(WORKSPACE_ROOT, 'scripts/node_modules/@hey-api/openapi-ts/bin/run.js');
  const document = path.join(WORKSPACE_ROOT, 'tests/core/fixtures/things-api.json');
  const generated = await runNode(
    openapiTs,
    ['-i', document, '-o', path.join(scratch, 'src/generated'), '-c', '@hey-api/client-fetch', '--no-log-file'],
    { cwd: scratch, killAfter: 90_000 },
  );
  expect(generated.code, generated.output).toBe(0);

  writeFileSync(path.join(scratch, 'src/wiring.ts'), WIRING);
  writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(
    path.join(scratch, 'tsconfig.json'),
    JSON.stringify({
      extends: path.relative(scratch, path.join(WORKSPACE_ROOT, 'tsconfig.base.json')),
      // openapi-ts 0.99's client code does not compile under exactOptionalPropertyTypes (hey-api#2363), so a
      // repository that generates its own client turns it off, as core does for the runtime it generates.
      compilerOptions: {
        strict: true,
        exactOptionalPropertyTypes: false,
        declaration: false,
        rootDir: 'src',
        outDir: 'dist',
        types: ['node'],
      },
      include: ['src'],
    }),
  );
  const compiled = await runTsc(['-p', path.join(scratch, 'tsconfig.json'), '--pretty', 'false'], { cwd: scratch });
  expect(compiled, compiled.output).toEqual({ code: 0, output: '' });
  things = (await import(pathToFileURL(path.join(scratch, 'dist/wiring.js')).href)) as ThingsClient;
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function countingAuth() {
  const mints = { count: 0 };
  const auth = createZoomAuth({ apiKey: 'generated-key', apiSecret: 'generated-secret', onMint: () => mints.count++ });
  return { auth, mints };
}

/** Answers like the document says: a list, one thing by id, or the created thing. */
const thingsApi = json(200, { things: [{ id: 't1', name: 'first' }] });

describe('a generated hey-api client with zoomAuthInterceptor', () => {
  it('sends the bearer header on every operation, one mint for concurrent calls', async () => {
    const server = await serve(thingsApi);
    const { auth, mints } = countingAuth();
    const client = things.withInterceptor(server.baseUrl, auth);
    const results = await Promise.all([
      things.listThings({ client, query: { page_size: 2 } }),
      things.getThing({ client, path: { thingId: 'a b' } }),
      things.getThing({ client, path: { thingId: 'c' } }),
      things.listThings({ client }),
    ]);
    expect(results.map((r) => r.response?.status)).toEqual([200, 200, 200, 200]);
    expect(mints.count).toBe(1);
    const token = await auth.getToken();
    expect(server.requests.map(bearerOf)).toEqual([token, token, token, token]);
    expect(server.requests.map((r) => r.url).sort()).toEqual(
      ['/things', '/things/a%20b', '/things/c', '/things?page_size=2'].sort(),
    );
  });

  it('leaves a 401 to the caller: one request, the 401 as the error', async () => {
    const server = await serve(json(401, { code: 124, message: 'Invalid access token.' }));
    const { auth } = countingAuth();
    const result = await things.listThings({ client: things.withInterceptor(server.baseUrl, auth) });
    expect(result.response?.status).toBe(401);
    expect(result.error).toEqual({ code: 124, message: 'Invalid access token.' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('a generated hey-api client with zoomAuthFetch as its fetch', () => {
  it('sends the bearer header, one mint for concurrent calls', async () => {
    const server = await serve(thingsApi);
    const { auth, mints } = countingAuth();
    const client = things.withFetch(server.baseUrl, auth);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => things.getThing({ client, path: { thingId: `${n}` } })),
    );
    expect(results.map((r) => r.response?.status)).toEqual([200, 200, 200, 200, 200]);
    expect(mints.count).toBe(1);
    const token = await auth.getToken();
    expect(server.requests.map(bearerOf)).toEqual([token, token, token, token, token]);
  });

  it('a 401 mints a new token and sends the request once more, its body replayed', async () => {
    const server = await serve(
      json(401, { code: 124, message: 'Invalid access token.' }),
      json(201, { id: 't9', name: 'a thing' }),
    );
    const { auth, mints } = countingAuth();
    const client = things.withFetch(server.baseUrl, auth);
    const { data, response } = await things.createThing({ client, body: { name: 'a thing' } });
    expect(response?.status).toBe(201);
    expect(data).toEqual({ id: 't9', name: 'a thing' });
    expect(mints.count).toBe(2);
    const [first, second] = server.requests;
    expect(bearerOf(first as never)).not.toBe(bearerOf(second as never));
    expect(bearerOf(second as never)).toBe(await auth.getToken());
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/things', '{"name":"a thing"}'],
      ['POST', '/things', '{"name":"a thing"}'],
    ]);
  });

  it('a second 401 is returned after exactly two requests', async () => {
    const server = await serve(json(401, { code: 124, message: 'Invalid access token.' }));
    const { auth, mints } = countingAuth();
    const result = await things.listThings({ client: things.withFetch(server.baseUrl, auth) });
    expect(result.response?.status).toBe(401);
    expect(server.requests).toHaveLength(2);
    expect(mints.count).toBe(2);
  });
});
