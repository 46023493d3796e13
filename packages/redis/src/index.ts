export { type RedisRateLimitStore, type RedisStoreLogger, type RedisStoreOptions, redisStore } from './redis-store.js';
