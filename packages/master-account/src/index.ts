// Both documents from one entry point. Their generated modules share type names (Options,
// ClientOptions), so the root re-exports an explicit list, generated alongside the code.
export * from './generated/root.gen.js';
export { createMasterAccountClient } from './create-client.js';
