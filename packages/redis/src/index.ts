export type { RedisStoreState } from './health.js';
export type { RedisStoreLogger, RedisStoreOptions } from './options.js';
export { type RedisRateLimitStore, redisStore } from './redis-store.js';
