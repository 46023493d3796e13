import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    // The Prism launcher, importable by tests and scripts as `@zoom-api/cli/mock`.
    entry: ['src/mock.ts'],
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'es2022',
    dts: true,
    // .mjs/.cjs and .d.mts/.d.cts, as the exports map says.
    fixedExtension: true,
    // mock.ts finds Prism with createRequire(import.meta.url); the CJS build needs that shimmed.
    shims: true,
    clean: true,
  },
  {
    // The executable: ESM only, keeps its shebang. Product packages, auth and Prism stay imports.
    entry: ['src/bin.ts'],
    format: ['esm'],
    platform: 'node',
    target: 'es2022',
    dts: false,
    fixedExtension: true,
    clean: false,
  },
]);
