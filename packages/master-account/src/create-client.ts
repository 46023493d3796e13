import { type Client, createZoomClient, type ZoomClientOptions } from '@zoom-api/core';

// The request policy's public pieces, so one import serves a whole program. Every entry point
// (root, ./videosdk, ./accounts) re-exports this module.
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

import { createClientConfig } from './client-config.js';

/**
 * A master-account client, for both the Video SDK and the Accounts operations on sub accounts:
 * `getDailyUsageReport({ client, path: { accountId }, query: { year, month } })`.
 */
export function createMasterAccountClient(options: ZoomClientOptions = {}): Client {
  return createZoomClient(options, createClientConfig);
}
