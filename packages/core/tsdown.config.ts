import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'tsdown';
import { packageBuild } from '../../tsdown.base.ts';

const serverSentEventsStub = fileURLToPath(new URL('./src/server-sent-events.ts', import.meta.url));

// The transports are entries of their own (package.json "imports" names them): the main entry imports
// `#transport`, which maps to transport-node on Node and to transport-fetch elsewhere, so it must stay an import.
const [library, ...rest] = packageBuild(import.meta.dirname, {
  unbundle: true,
  deps: { neverBundle: ['#transport', /^node:/] },
  plugins: [
    {
      // The generated runtime's server-sent-events client is replaced by a stub (see that file);
      // the generated code itself is left as generated. Only the runtime's import is redirected:
      // the types keep describing `client.sse`.
      name: 'zoom-api:no-server-sent-events',
      resolveId(source: string, importer: string | undefined) {
        const fromRuntime = importer?.replaceAll('\\', '/').endsWith('/src/generated/client/client.gen.ts');
        if (fromRuntime && source.endsWith('/serverSentEvents.gen.js')) return serverSentEventsStub;
        return undefined;
      },
    },
  ],
});

// Two ESM builds of the same sources. Bundlers (esbuild, webpack, Rollup) pick the "module" condition of
// package.json: one file per module, so a consumer's bundle splits off what loads on demand exactly
// where the sources do. Node ignores "module" and takes "import": dist/bundled/, the entries bundled,
// with a chunk for each `import()` target and for what the entries share, so a cold start reads a few
// files instead of one per module (packages/bench, section 5). `#transport` maps the same way, so a
// process never mixes modules of both builds (their error classes must be the same for `instanceof`).
// The per-module build cleans dist/; this one writes into dist/bundled/ and cleans nothing.
if (!library) throw new Error('packageBuild gave no library build for @zoom-api/core.');
const bundled: UserConfig = {
  ...library,
  entry: ['src/index.ts', 'src/transport-node.ts', 'src/transport-fetch.ts'],
  format: ['esm'],
  outDir: 'dist/bundled',
  unbundle: false,
  dts: false,
  clean: false,
};
export default [library, ...rest, bundled];
