// Which callback an event goes to: the one place for it, used by the in-process handler and by
// durable queues' workers (through `webhookDispatcher`), so both treat every event alike.
import { isZoomWebhookEventName, type UnknownWebhookEvent } from './events.js';
import type { ZoomWebhookEventMap, ZoomWebhookEventName } from './generated/events.gen.js';
import type { WebhookContext } from './queue.js';
import type { VerifiedWebhook } from './verify.js';

/** One callback per event name; each receives that event's type and the delivery's context. */
export type WebhookEventHandlers = {
  [K in ZoomWebhookEventName]?: (event: ZoomWebhookEventMap[K], ctx: WebhookContext) => void | Promise<void>;
};

/** Called for verified events whose name is not in Zoom's documents (e.g. added after this release). */
export type UnknownEventHandler = (event: UnknownWebhookEvent, ctx: WebhookContext) => void | Promise<void>;

export interface WebhookCallbacks {
  on?: WebhookEventHandlers | undefined;
  onUnknown?: UnknownEventHandler | undefined;
}

/** Runs the callback an event has, if any; resolves or rejects as the callback does. */
export type WebhookDispatcher = (event: VerifiedWebhook, ctx: WebhookContext) => Promise<void>;

export function checkHandlers(on: unknown, where = 'on'): WebhookEventHandlers {
  if (on === undefined) return {};
  if (on === null || typeof on !== 'object' || Array.isArray(on)) {
    throw new TypeError(`${where} must be an object of event name → callback.`);
  }
  for (const [name, callback] of Object.entries(on)) {
    if (!isZoomWebhookEventName(name)) {
      throw new TypeError(
        `${where}["${name}"]: "${name}" is not an event in Zoom's Video SDK, Cobrowse SDK or Accounts webhook documents. ` +
          'Check the spelling, or handle events this package does not know with onUnknown.',
      );
    }
    if (typeof callback !== 'function') throw new TypeError(`${where}["${name}"] must be a function.`);
  }
  return on as WebhookEventHandlers;
}

/**
 * Checks `on` and `onUnknown` (a TypeError names a misspelt event) and returns the function that runs
 * an event's callback: its entry in `on`, `onUnknown` for a name outside Zoom's documents, nothing for
 * a documented event without a callback. For implementations of `WebhookQueue` that run callbacks.
 */
export function webhookDispatcher(callbacks: WebhookCallbacks, where = 'on'): WebhookDispatcher {
  const on = checkHandlers(callbacks.on, where);
  const { onUnknown } = callbacks;
  if (onUnknown !== undefined && typeof onUnknown !== 'function') {
    throw new TypeError('onUnknown must be a function (event, ctx) => void.');
  }
  return async (event, ctx) => {
    if (isZoomWebhookEventName(event.event)) {
      const callback = on[event.event] as ((event: VerifiedWebhook, ctx: WebhookContext) => unknown) | undefined;
      await callback?.(event, ctx);
    } else {
      await onUnknown?.(event as UnknownWebhookEvent, ctx);
    }
  };
}
