// @zoom-api/master-account/accounts: the Accounts operations of a master account (sub accounts, their settings, roles, dashboards).
export * from './generated/accounts/sdk.gen.js';
export type * from './generated/accounts/types.gen.js';
export { operations } from './generated/accounts/operations.gen.js';
export { client as defaultClient } from './generated/accounts/client.gen.js';
export { createMasterAccountClient } from './create-client.js';
