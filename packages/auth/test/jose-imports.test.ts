// Cold start: jose's root entry loads every algorithm and format (about twice the import time of the
// subpaths this package needs), so the sources import only jose's subpath exports.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.join(import.meta.dirname, '../src');

describe('jose imports', () => {
  it('are subpaths only, never the root', () => {
    const imports = readdirSync(src)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) =>
        [...readFileSync(path.join(src, name), 'utf8').matchAll(/from '(jose[^']*)'/g)].map((m) => `${name}: ${m[1]}`),
      );
    expect(imports).toEqual([
      'cli.ts: jose/decode/protected_header',
      'cli.ts: jose/jwt/decode',
      'sign.ts: jose/jws/compact/sign',
    ]);
  });
});
