// @zoom-api/master-account/videosdk: the Video SDK operations on a sub account (/accounts/{accountId}/videosdk/…).

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
  ZoomTimeoutError,
} from '@zoom-api/core';
export { createMasterAccountClient } from './create-client.js';
export { client as defaultClient } from './generated/videosdk/client.gen.js';
export { operations } from './generated/videosdk/operations.gen.js';
export * from './generated/videosdk/sdk.gen.js';
export type * from './generated/videosdk/types.gen.js';
