export type { RedisStoreState } from './health.js';
export type { RedisStoreLogger, RedisStoreOptions } from './options.js';
export { type RedisRateLimitStore, redisStore } from './redis-store.js';
export {
  DEFAULT_COMPLETED_RETENTION_SECONDS,
  DEFAULT_FAILED_RETENTION_SECONDS,
  DEFAULT_WEBHOOK_ATTEMPTS,
  DEFAULT_WEBHOOK_BACKOFF_MS,
  DEFAULT_WEBHOOK_LOCK_DURATION_MS,
  DEFAULT_WEBHOOK_QUEUE_NAME,
  DEFAULT_WEBHOOK_QUEUE_PREFIX,
  type FailedWebhook,
  MIN_COMPLETED_RETENTION_SECONDS,
  type RedisWebhookQueue,
  type WebhookQueueCounts,
  type WebhookQueueLogger,
  type WebhookQueueOptions,
  type WebhookWorker,
  type WebhookWorkerOptions,
  webhookQueue,
} from './webhook-queue.js';
