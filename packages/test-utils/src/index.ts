export * from './process.js';
export * from './proxy.js';
export * from './rate-limit-store.js';
export * from './redis.js';
export * from './runtimes.js';
export * from './server.js';
export * from './workspace.js';
export * from './zoom-like-server.js';
