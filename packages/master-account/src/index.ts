// Both documents from one entry point. Their generated modules share type names (Options,
// ClientOptions), so the root re-exports an explicit list, generated alongside the code
// (root.gen.js), plus the request policy's public pieces from core.
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
export * from './generated/root.gen.js';
