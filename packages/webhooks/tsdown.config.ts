import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  clean: true,
  // .mjs/.d.mts and .cjs/.d.cts, as the exports map names them (with "type": "module" the default is .js).
  fixedExtension: true,
});
