/** Why a request was not accepted as a genuine Zoom webhook. */
export type WebhookVerificationReason = 'missing_header' | 'bad_signature' | 'stale_timestamp' | 'invalid_json';

/**
 * Thrown by `verifyWebhook` when a request is not a genuine, fresh Zoom notification.
 * Messages name the header or check that failed and never include the secret token or the
 * expected signature (which would let a caller forge one).
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.reason = reason;
  }
}
