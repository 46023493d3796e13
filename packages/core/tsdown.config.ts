import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsdown';

const serverSentEventsStub = fileURLToPath(new URL('./src/server-sent-events.ts', import.meta.url));

export default defineConfig({
  // The transports are entries of their own: the main entry imports `#transport`, which package.json
  // maps to transport-node on Node and to transport-fetch elsewhere, so it must stay an import.
  entry: ['src/index.ts', 'src/transport-node.ts', 'src/transport-fetch.ts'],
  format: ['esm', 'cjs'],
  platform: 'neutral',
  target: 'es2022',
  dts: true,
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
  clean: true,
});
