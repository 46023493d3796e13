// The contract between the handler and a durable queue. This package defines it and has no queue of
// its own; `webhookQueue()` in @zoom-api/redis implements it on BullMQ, and any other queue can.
import type { VerifiedWebhook } from './verify.js';

/** What a callback learns besides the event. */
export interface WebhookContext {
  /**
   * The event's identity (64 hex digits, the SHA-256 of `identity(event)`): the same for every
   * delivery, retry and replay of one event. Use it as the idempotency key of the callback's effects.
   */
  key: string;
  /**
   * 1 the first time the callback runs for this event; more after the callback threw or its worker
   * died mid-run (the earlier run may have done part of its work).
   */
  attempt: number;
  /**
   * True when an event about the same object (same order key) with a newer `event_ts` has already
   * been processed: a late `session.user_left` after the user joined again. The callback still runs;
   * it decides whether to apply an outdated change.
   */
  stale: boolean;
}

/** One verified event, as the handler hands it to a queue. */
export interface WebhookDelivery {
  /** The event's identity: a queue keeps at most one entry per key (see `WebhookQueue`). */
  key: string;
  /** Events with the same order key are about one object; undefined: not ordered. */
  orderKey: string | undefined;
  /** The verified, parsed body. */
  event: VerifiedWebhook;
  /** When this receiver got the request, milliseconds since the epoch. */
  receivedAt: number;
}

/**
 * A durable queue for `createWebhookHandler({ queue })`. The handler answers 200 once `enqueue`
 * resolves, and 503 (so Zoom retries later) when it rejects or takes longer than `enqueueTimeout`.
 *
 * `enqueue` must resolve only once the delivery is stored where a crash of this process cannot lose
 * it, and must store a key at most once for as long as Zoom may still send that event again (its last
 * retry comes about 85 minutes after the first delivery), whichever receiver process is asked.
 */
export interface WebhookQueue {
  enqueue(delivery: WebhookDelivery): Promise<void>;
}
