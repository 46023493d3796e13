// A documented webhook event to deliver: the document's example when it is valid, else one generated from
// the event's schema (the same for the same seed), with the test's own values laid over it.
import type { ZoomWebhookEventMap, ZoomWebhookEventName } from '@zoom-api/webhooks';
import { eventDocuments } from '../generated/routes.gen.js';
import { loadDocument } from '../model/routes.js';
import { hashSeed, seededRandom } from '../responses/random.js';
import { validValue } from '../responses/valid-value.js';

/** `T` with every field optional, at any depth (lists are given whole). */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function overlay(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = overlay(base[key], value);
  return out;
}

export async function sampleEvent<N extends ZoomWebhookEventName>(
  name: N,
  overrides: DeepPartial<ZoomWebhookEventMap[N]> | undefined,
  seed: number,
  now: number,
): Promise<ZoomWebhookEventMap[N]> {
  const document = eventDocuments[name];
  if (document === undefined) {
    throw new TypeError(
      `zoom.webhookEvent: '${String(name)}' is not an event of Zoom's webhook documents; the names are those of ZoomWebhookEventName in @zoom-api/webhooks.`,
    );
  }
  const model = (await loadDocument(document)).events.find((e) => e.name === name);
  if (!model) throw new Error(`@zoom-api/testing: ${name} is missing from ${document}`);
  const random = seededRandom(hashSeed(seed, 'event', name));
  // A few event schemas admit no value (information_barriers.policy_updated requires an `id` it does not
  // allow): those get the closest draw, which has what is required.
  const value = validValue(model.schema, random, {
    closest: true,
    ...(model.example === undefined ? {} : { start: model.example }),
  });
  return overlay({ ...(value as object), event: name, event_ts: now }, overrides) as ZoomWebhookEventMap[N];
}
