import { type ZoomWebhookEventName, zoomWebhookEvents } from './generated/events.gen.js';

export * from './generated/events.gen.js';

/** A verified event whose name is not among the documented ones (for example one Zoom added later). */
export interface UnknownWebhookEvent {
  event: string;
  event_ts?: number;
  payload?: unknown;
  [key: string]: unknown;
}

const knownNames: ReadonlySet<string> = new Set(zoomWebhookEvents);

/** Whether `name` is one of the events in Zoom's webhook documents. */
export function isZoomWebhookEventName(name: unknown): name is ZoomWebhookEventName {
  return typeof name === 'string' && knownNames.has(name);
}
