// The built packages, as a user imports them (ESM and CJS), export one function per operation of
// their documents, under the committed names.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'specs/manifest.json'), 'utf8'));
const names = JSON.parse(readFileSync(path.join(root, 'specs/names.json'), 'utf8'));
const require = createRequire(import.meta.url);
const count = (id: string) => manifest.specs.find((s: { id: string }) => s.id === id).operations;

interface ClientPackage {
  name: string;
  dir: string;
  factory: string;
  entries: { export: string; spec: string }[];
}
const clients = (manifest.packages as (ClientPackage | { events: unknown })[]).filter(
  (p): p is ClientPackage => 'entries' in p,
);

// Every entry point of every client package in the registry; a package of several documents also
// exports all of them from its root.
const entries = clients.flatMap((pkg) => [
  ...(pkg.entries.length > 1
    ? [{ specifier: pkg.name, specs: pkg.entries.map((e) => e.spec), factory: pkg.factory }]
    : []),
  ...pkg.entries.map((e) => ({
    specifier: e.export === '.' ? pkg.name : `${pkg.name}/${e.export.slice(2)}`,
    specs: [e.spec],
    factory: pkg.factory,
  })),
]);

const required: Record<string, string[]> = {
  '@zoom-api/videosdk': [
    'listSessions',
    'getSessionDetails',
    'createSession',
    'listSessionRecordings',
    'getDailyUsageReport',
  ],
  '@zoom-api/accounts': [
    'getAccountSettings',
    'updateAccountSettings',
    'getLockedSettings',
    'isVideoSdkAccountSettings',
  ],
  '@zoom-api/cobrowse': ['listLiveSessions', 'listPastSessions'],
  '@zoom-api/master-account': [
    'listSubaccounts',
    'getDailyUsageReport',
    'getAccountSettings',
    'isVideoSdkAccountSettings',
  ],
};

// Product entry points also re-export the request policy's pieces from core (paginate, error classes).
const corePieces = new Set(Object.keys(await import('@zoom-api/core')));

// Operations whose answer is one of several shapes also export a generated guard per shape
// (`isVideoSdkAccountSettings`); those are not operations.
const isShapeGuard = (name: string) => /^is[A-Z]/.test(name);

function operationFunctions(mod: Record<string, unknown>, factory: string, operations: readonly string[]) {
  return Object.entries(mod)
    .filter(([name, value]) => typeof value === 'function' && name !== factory && !corePieces.has(name))
    .map(([name]) => name)
    .filter((name) => operations.includes(name) || !isShapeGuard(name))
    .sort();
}

describe.each(entries)('$specifier', ({ specifier, specs, factory }) => {
  const expected = specs.flatMap((id) => Object.values(names[id] as Record<string, string>)).sort();

  it('the manifest and the names file agree on the number of operations', () => {
    expect(expected).toHaveLength(specs.reduce((n, id) => n + count(id), 0));
  });

  it('ESM exports exactly one function per operation, under the committed names', async () => {
    const mod = await import(specifier);
    expect(operationFunctions(mod, factory, expected)).toEqual(expected);
    expect(typeof mod[factory]).toBe('function');
    for (const name of required[specifier] ?? []) expect(typeof mod[name], name).toBe('function');
  });

  it('CJS exports the same functions', () => {
    const mod = require(specifier);
    expect(operationFunctions(mod, factory, expected)).toEqual(expected);
    expect(typeof mod[factory]).toBe('function');
  });

  it('ships an operations table that matches the exports', async () => {
    const mod = await import(specifier);
    expect(mod.operations.map((o: { name: string }) => o.name).sort()).toEqual(expected);
  });
});

it('the client runtime exists once: no product bundle carries its own copy', () => {
  for (const { dir } of clients) {
    const pkg = path.basename(dir);
    const dist = path.join(root, dir, 'dist');
    const files = readdirSync(dist).filter((f) => /\.c?js$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const code = readFileSync(path.join(dist, file), 'utf8');
      expect(code, `${pkg}/dist/${file}`).not.toMatch(/const createClient\s*=|function createClient\s*\(/);
      expect(code, `${pkg}/dist/${file}`).not.toMatch(/mergeConfigs|serializeObjectParam/);
    }
    expect(files.map((f) => readFileSync(path.join(dist, f), 'utf8')).join('\n')).toMatch(/@zoom-api\/core/);
  }
  // Core ships one file per module: the runtime is in one of them, whichever.
  const coreDist = path.join(root, 'packages/core/dist');
  const core = readdirSync(coreDist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mjs'))
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
  expect(core).toMatch(/const createClient(\$\d+)?\s*=|function createClient(\$\d+)?\s*\(/);
});
