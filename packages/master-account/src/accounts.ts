// @zoom-api/master-account/accounts: the Accounts operations of a master account (sub accounts, their settings, roles, dashboards).

// The client factory and the request policy's public pieces (paginate, errors, options).
export * from './create-client.js';
export { client as defaultClient } from './generated/accounts/client.gen.js';
export { operations } from './generated/accounts/operations.gen.js';
export * from './generated/accounts/sdk.gen.js';
export type * from './generated/accounts/types.gen.js';
