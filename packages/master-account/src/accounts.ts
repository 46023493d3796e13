// @zoom-api/master-account/accounts: the Accounts operations of a master account (sub accounts, their settings, roles, dashboards).

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
export { client as defaultClient } from './generated/accounts/client.gen.js';
export { operations } from './generated/accounts/operations.gen.js';
export * from './generated/accounts/sdk.gen.js';
export type * from './generated/accounts/types.gen.js';
