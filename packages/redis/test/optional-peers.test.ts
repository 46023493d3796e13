// The rate-limit store must keep working for users who never install the webhook queue's packages:
// bullmq and @zoom-api/webhooks are optional peers, and the built package loads them only when the
// queue is used (a dynamic import), never when @zoom-api/redis itself is loaded.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('bullmq and @zoom-api/webhooks, optional peers', () => {
  it('are declared optional peers, not dependencies', () => {
    for (const name of ['bullmq', '@zoom-api/webhooks']) {
      expect(manifest.peerDependencies[name], name).toBeDefined();
      expect(manifest.peerDependenciesMeta[name], name).toEqual({ optional: true });
      expect(manifest.dependencies?.[name], name).toBeUndefined();
    }
  });

  it('are only imported dynamically by the built package, ESM and CommonJS', () => {
    const esm = dist('index.mjs');
    const cjs = dist('index.cjs');
    const staticImports = [...esm.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    const requires = [...cjs.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    for (const name of ['bullmq', '@zoom-api/webhooks']) {
      expect(staticImports).not.toContain(name);
      expect(requires).not.toContain(name);
      expect(esm).toContain(`import("${name}")`);
      expect(cjs).toContain(`import("${name}")`);
    }
    expect(staticImports.length, 'the regular expression still finds the static imports').toBeGreaterThan(0);
  });
});
