import { type Client, createZoomClient, type ZoomClientOptions } from '@zoom-api/core';
import { createClientConfig } from './client-config.js';

// The request policy's public pieces, so one import serves a whole program.
export {
  paginate,
  type RequestPolicyOptions,
  type RetryOptions,
  ZoomApiError,
  type ZoomClientOptions,
  ZoomConnectionError,
  ZoomError,
  ZoomRateLimitError,
  ZoomResponseError,
  ZoomTimeoutError,
} from '@zoom-api/core';
export { client as defaultClient } from './generated/client.gen.js';
export { operations } from './generated/operations.gen.js';
export * from './generated/sdk.gen.js';
export type * from './generated/types.gen.js';

/** A Cobrowse SDK API client: `listLiveSessions({ client, query })`. */
export function createCobrowseClient(options: ZoomClientOptions = {}): Client {
  return createZoomClient(options, createClientConfig);
}
