// @zoom-api/master-account/videosdk: the Video SDK operations on a sub account (/accounts/{accountId}/videosdk/…).

// The client factory and the request policy's public pieces (paginate, errors, options).
export * from './create-client.js';
export { client as defaultClient } from './generated/videosdk/client.gen.js';
export { operations } from './generated/videosdk/operations.gen.js';
export * from './generated/videosdk/sdk.gen.js';
export type * from './generated/videosdk/types.gen.js';
