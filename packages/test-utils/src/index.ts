export * from './process.js';
export * from './proxy.js';
export * from './server.js';
export * from './workspace.js';
