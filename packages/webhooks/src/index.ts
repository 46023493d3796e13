export {
  type UnknownEventHandler,
  type WebhookCallbacks,
  type WebhookDispatcher,
  type WebhookEventHandlers,
  webhookDispatcher,
} from './dispatch.js';
export { WebhookVerificationError, type WebhookVerificationReason } from './errors.js';
export * from './events.js';
export {
  createWebhookHandler,
  DEFAULT_ENQUEUE_TIMEOUT,
  DEFAULT_MAX_BODY_BYTES,
  type InProcessHandlerOptions,
  type QueuedHandlerOptions,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from './handler.js';
export type { HeadersLike } from './headers.js';
export { defaultEventIdentity, defaultOrderKey, eventFamily, type KeyParts } from './identity.js';
export {
  DEFAULT_NODE_TIMEOUT,
  keepRawBody,
  type NodeListener,
  type NodeListenerOptions,
  type NodeRequestLike,
  type NodeResponseLike,
  toNodeListener,
} from './node.js';
export { DEFAULT_TOLERANCE_SECONDS } from './options.js';
export type { WebhookContext, WebhookDelivery, WebhookQueue } from './queue.js';
export { DEDUPE_HORIZON_SECONDS, DEFAULT_SEEN_ENTRIES, type DedupeOptions } from './seen-set.js';
export {
  URL_VALIDATION_EVENT,
  type UrlValidationEvent,
  type UrlValidationResponse,
  urlValidationResponse,
} from './url-validation.js';
export {
  isKnownWebhookEvent,
  type KnownWebhookEvent,
  type RawBody,
  type VerifiedWebhook,
  type VerifyWebhookOptions,
  verifyWebhook,
} from './verify.js';
