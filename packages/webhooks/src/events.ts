import { type ZoomWebhookEventName, zoomWebhookEvents } from './generated/events.gen.js';

export * from './generated/events.gen.js';

/**
 * A verified event whose name is not among the documented ones (for example one Zoom added later):
 * the parsed body as Zoom sent it, with nothing known beyond a string `event`. `isKnownWebhookEvent()`
 * tells it from the documented ones.
 */
export interface UnknownWebhookEvent {
  // `string & {}`: any name, while editors still suggest the documented ones.
  event: string & {};
  event_ts?: number;
  payload?: unknown;
  [key: string]: unknown;
}

const knownNames: ReadonlySet<string> = new Set(zoomWebhookEvents);

/** Whether `name` is one of the events in Zoom's webhook documents. */
export function isZoomWebhookEventName(name: unknown): name is ZoomWebhookEventName {
  return typeof name === 'string' && knownNames.has(name);
}
