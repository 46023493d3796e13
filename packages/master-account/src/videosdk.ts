// @zoom-api/master-account/videosdk: the Video SDK operations on a sub account (/accounts/{accountId}/videosdk/…).
export * from './generated/videosdk/sdk.gen.js';
export type * from './generated/videosdk/types.gen.js';
export { operations } from './generated/videosdk/operations.gen.js';
export { client as defaultClient } from './generated/videosdk/client.gen.js';
export { createMasterAccountClient } from './create-client.js';
