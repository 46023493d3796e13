export { WebhookVerificationError, type WebhookVerificationReason } from './errors.js';
export * from './events.js';
export {
  createWebhookHandler,
  DEFAULT_MAX_BODY_BYTES,
  type WebhookEventHandlers,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from './handler.js';
export type { HeadersLike } from './headers.js';
export {
  DEFAULT_NODE_TIMEOUT,
  type NodeListener,
  type NodeListenerOptions,
  type NodeRequestLike,
  type NodeResponseLike,
  toNodeListener,
} from './node.js';
export { DEFAULT_TOLERANCE_SECONDS } from './options.js';
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
