// One error identity across copies of core: an error thrown by the ESM build is an `instanceof` the classes
// the CommonJS build (or another installed copy of core) exports, and subclass checks still tell the classes
// apart. Runs against the built dist/, so run `pnpm build` first.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { json, scriptedServer, type TestServer } from '@zoom-api/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Core from '../../src/index.js';

type CoreModule = typeof Core;
const packageDir = path.resolve(import.meta.dirname, '../..');
const CLASS_NAMES = [
  'ZoomError',
  'ZoomApiError',
  'ZoomRateLimitError',
  'ZoomTimeoutError',
  'ZoomConnectionError',
  'ZoomResponseError',
] as const;
type ClassName = (typeof CLASS_NAMES)[number];

// Each class and the classes it is an instance of (itself included).
const ANCESTRY: Record<ClassName, ClassName[]> = {
  ZoomError: ['ZoomError'],
  ZoomApiError: ['ZoomApiError', 'ZoomError'],
  ZoomRateLimitError: ['ZoomRateLimitError', 'ZoomApiError', 'ZoomError'],
  ZoomTimeoutError: ['ZoomTimeoutError', 'ZoomError'],
  ZoomConnectionError: ['ZoomConnectionError', 'ZoomError'],
  ZoomResponseError: ['ZoomResponseError', 'ZoomError'],
};

const target = { method: 'GET', url: 'https://api.zoom.us/v2/videosdk/sessions' };

function apiErrorInit(status: number): ConstructorParameters<typeof Core.ZoomApiError>[0] {
  return {
    ...target,
    status,
    code: 3001,
    message: 'Session does not exist.',
    trackingId: undefined,
    rateLimit: {
      category: undefined,
      type: undefined,
      limit: undefined,
      remaining: undefined,
      retryAfter: 5,
      retryAt: undefined,
    },
    response: new Response(null, { status: 404 }),
    body: undefined,
  };
}

function construct(core: CoreModule, name: ClassName): Error {
  const init = apiErrorInit(name === 'ZoomRateLimitError' ? 429 : 404);
  switch (name) {
    case 'ZoomError':
      return new core.ZoomError('failed', target);
    case 'ZoomApiError':
      return new core.ZoomApiError(init);
    case 'ZoomRateLimitError':
      return new core.ZoomRateLimitError(init);
    case 'ZoomTimeoutError':
      return new core.ZoomTimeoutError(target, 1000);
    case 'ZoomConnectionError':
      return new core.ZoomConnectionError(target, new Error('connect ECONNREFUSED'));
    case 'ZoomResponseError':
      return new core.ZoomResponseError(target, {
        status: 200,
        contentType: 'text/html',
        bodyStart: '<html>',
        problem: 'is an HTML page',
      });
  }
}

const copies: Record<'esm' | 'cjs' | 'other copy (esm)' | 'other copy (cjs)', CoreModule> = {} as never;
let otherCopyRoot: string | undefined;

beforeAll(async () => {
  copies.esm = (await import(pathToFileURL(path.join(packageDir, 'dist/index.mjs')).href)) as CoreModule;
  copies.cjs = createRequire(import.meta.url)(path.join(packageDir, 'dist/index.cjs')) as CoreModule;

  // Another installed copy: core's package.json and dist/ under a node_modules of their own (its one
  // dependency, @zoom-api/auth, linked to the workspace's), as when two versions of core are installed.
  otherCopyRoot = mkdtempSync(path.join(tmpdir(), 'zoom-api-core-copy-'));
  const copyDir = path.join(otherCopyRoot, 'node_modules/@zoom-api/core');
  mkdirSync(copyDir, { recursive: true });
  copyFileSync(path.join(packageDir, 'package.json'), path.join(copyDir, 'package.json'));
  cpSync(path.join(packageDir, 'dist'), path.join(copyDir, 'dist'), { recursive: true });
  symlinkSync(path.resolve(packageDir, '../auth'), path.join(otherCopyRoot, 'node_modules/@zoom-api/auth'), 'dir');
  copies['other copy (esm)'] = (await import(pathToFileURL(path.join(copyDir, 'dist/index.mjs')).href)) as CoreModule;
  copies['other copy (cjs)'] = createRequire(path.join(otherCopyRoot, 'index.js'))('@zoom-api/core') as CoreModule;
});

afterAll(() => {
  if (otherCopyRoot) rmSync(otherCopyRoot, { recursive: true, force: true });
});

it('the copies really are distinct classes (otherwise this file would prove nothing)', () => {
  const classes = Object.values(copies).map((core) => core.ZoomApiError);
  expect(new Set(classes).size).toBe(4);
});

describe.each(['esm', 'cjs'] as const)('names in the %s build', (build) => {
  it.each(CLASS_NAMES)('%s is named after its class, in name and in the stack', (name) => {
    const error = construct(copies[build], name);
    expect(error.name).toBe(name);
    expect(error.stack?.startsWith(`${name}: `)).toBe(true);
    expect(Object.keys(error)).not.toContain('name');
  });

  it("a user's own subclass reads as the nearest class of ours it extends", () => {
    class SessionGone extends copies[build].ZoomApiError {}
    const error = new SessionGone(apiErrorInit(404));
    expect(error.name).toBe('ZoomApiError');
    expect(error).toBeInstanceOf(SessionGone);
  });
});

const PAIRS = [
  ['esm', 'cjs'],
  ['cjs', 'esm'],
  ['esm', 'other copy (esm)'],
  ['other copy (cjs)', 'esm'],
  ['cjs', 'other copy (cjs)'],
] as const;

describe.each(PAIRS)('an error made by the %s build, checked with the %s classes', (from, to) => {
  it.each(CLASS_NAMES)('%s is an instance of exactly its own class and its ancestors', (name) => {
    const error = construct(copies[from], name);
    for (const other of CLASS_NAMES) {
      expect({ class: other, instance: error instanceof copies[to][other] }).toEqual({
        class: other,
        instance: ANCESTRY[name].includes(other),
      });
    }
    expect(error).toBeInstanceOf(Error);
  });
});

describe('errors thrown by a real call', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await scriptedServer(json(404, { code: 3001, message: 'Session does not exist.' }));
  });
  afterAll(() => server.close());

  it.each([
    ['esm', 'cjs'],
    ['cjs', 'esm'],
    ['esm', 'other copy (esm)'],
  ] as const)(
    'a ZoomApiError thrown by the %s client is an instance of the %s ZoomApiError and ZoomError',
    async (from, to) => {
      const client = copies[from].createZoomClient({
        baseUrl: server.baseUrl,
        auth: { getToken: async () => 'token' },
        retry: false,
      });
      const error = await client.get({ url: '/videosdk/sessions/gone' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(copies[from].ZoomApiError);
      expect(error).toBeInstanceOf(copies[to].ZoomApiError);
      expect(error).toBeInstanceOf(copies[to].ZoomError);
      expect(error).not.toBeInstanceOf(copies[to].ZoomRateLimitError);
      expect(error).not.toBeInstanceOf(copies[to].ZoomTimeoutError);
      // The CLI and core's own error mapping rely on exactly this check.
      if (!(error instanceof copies[to].ZoomApiError)) throw new Error('not narrowed');
      expect(error.status).toBe(404);
    },
  );
});

describe('what is not a Zoom error', () => {
  it.each([
    ['a plain Error', new Error('x')],
    ['a TypeError', new TypeError('x')],
    ['an object with the same fields', { name: 'ZoomApiError', status: 404, method: 'GET', url: '/' }],
    ['null', null],
    ['a string', 'ZoomApiError'],
    ['undefined', undefined],
  ])('%s is not an instance of any Zoom error class', (_label, value) => {
    for (const core of Object.values(copies)) {
      for (const name of CLASS_NAMES) expect(value instanceof core[name]).toBe(false);
    }
  });

  it('a user subclass keeps ordinary instanceof for itself and is still a ZoomApiError in every copy', () => {
    class MyError extends copies.esm.ZoomApiError {}
    const mine = new MyError(apiErrorInit(400));
    const plain = construct(copies.cjs, 'ZoomApiError');
    expect(mine).toBeInstanceOf(MyError);
    expect(mine).toBeInstanceOf(copies.cjs.ZoomApiError);
    expect(mine).toBeInstanceOf(copies['other copy (esm)'].ZoomError);
    expect(mine).not.toBeInstanceOf(copies.cjs.ZoomRateLimitError);
    expect(plain).not.toBeInstanceOf(MyError);
  });

  it('the brand is not an own enumerable property: logs and JSON stay as they were', () => {
    const error = construct(copies.esm, 'ZoomRateLimitError');
    expect(Object.keys(error)).toEqual([
      'method',
      'url',
      'status',
      'code',
      'trackingId',
      'rateLimit',
      'retryAfter',
      'retryAt',
      'category',
      'refusedByLimiter',
    ]);
    expect(JSON.stringify(error)).not.toContain('zoom-api');
  });
});
