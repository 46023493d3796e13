// Both documents from one entry point. Their generated modules share type names (Options,
// ClientOptions), so the root re-exports an explicit list, generated alongside the code
// (root.gen.js), plus the client factory and the request policy's public pieces.
export * from './create-client.js';
export * from './generated/root.gen.js';
