// Core's build (tsdown.config.ts) puts this module in place of hey-api's server-sent-events client,
// which the generated runtime would otherwise ship in every bundle (about 1.7 KB minified) for
// `client.sse.*`: none of Zoom's REST operations streams events, so there is nothing to call.
export function createSseClient(): never {
  throw new TypeError(
    "client.sse is not available: Zoom's REST API has no event streams; call the operation functions.",
  );
}
