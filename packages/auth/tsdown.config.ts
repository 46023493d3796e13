import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    // The library: the small main entry and the zoom-jwt logic on its own subpath ("./cli").
    entry: ['src/index.ts', 'src/cli.ts'],
    format: ['esm', 'cjs'],
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    // .mjs/.cjs and .d.mts/.d.cts, as the exports map says (platform 'neutral' would emit .js).
    fixedExtension: true,
    clean: true,
  },
  {
    // The executable: ESM only, keeps its shebang (tsdown also marks it executable). The cli
    // logic is bundled in; jose stays an import.
    entry: ['src/bin.ts'],
    format: ['esm'],
    platform: 'node',
    target: 'es2022',
    dts: false,
    fixedExtension: true,
    clean: false,
  },
]);
