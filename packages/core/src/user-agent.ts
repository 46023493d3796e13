// The User-Agent every product client sends, so that Zoom (and its support) can tell our calls from
// others': `zoom-api/@zoom-api/videosdk@1.0.0 node/v22.12.0`. The product's name and version are put
// into its build by tsdown (`define`, see tsdown.base.ts), never read from package.json at run time.

interface RuntimeGlobals {
  document?: unknown;
  importScripts?: unknown;
  Bun?: { version?: unknown };
  Deno?: { version?: { deno?: unknown } };
  process?: { version?: unknown; versions?: { node?: unknown } };
}

/** The server-side runtime and its version (`node/v22.12.0`, `bun/1.2.0`, `deno/2.1.4`), if there is one. */
function runtimeToken(g: RuntimeGlobals): string | undefined {
  // Bun and Deno also define `process`: ask for them first.
  if (typeof g.Bun?.version === 'string') return `bun/${g.Bun.version}`;
  if (typeof g.Deno?.version?.deno === 'string') return `deno/${g.Deno.version.deno}`;
  if (typeof g.process?.versions?.node === 'string' && typeof g.process.version === 'string') {
    return `node/${g.process.version}`;
  }
  return undefined;
}

/**
 * `zoom-api/<product> <runtime>/<version>` for `product` (`@zoom-api/videosdk@1.0.0`), or undefined in a
 * browser page or worker: browsers send their own User-Agent, and setting one would only cost a CORS preflight.
 */
export function userAgentFor(product: string, g: RuntimeGlobals = globalThis as RuntimeGlobals): string | undefined {
  if (g.document !== undefined || typeof g.importScripts === 'function') return undefined;
  const runtime = runtimeToken(g);
  return runtime ? `zoom-api/${product} ${runtime}` : `zoom-api/${product}`;
}
