import { fileURLToPath } from 'node:url';
import { packageBuild } from '../../tsdown.base.ts';

const serverSentEventsStub = fileURLToPath(new URL('./src/server-sent-events.ts', import.meta.url));

// The transports are entries of their own (package.json "imports" names them): the main entry imports
// `#transport`, which maps to transport-node on Node and to transport-fetch elsewhere, so it must stay an import.
export default packageBuild(import.meta.dirname, {
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
