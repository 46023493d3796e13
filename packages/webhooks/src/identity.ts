// What makes two deliveries "the same event", and which events are about the same object.
//
// Zoom delivers at least once: a retry, a duplicate notification (two `session.recording_completed`
// that differ only in `download_token`) or a replayed request all carry the same event. Its identity is
// therefore built from what Zoom says about the event, never from how it was delivered (signature,
// timestamp header) or from fields Zoom regenerates per notification (download tokens).
import type { VerifiedWebhook } from './verify.js';

/** The values that identify an event, or that group events about one object; hashed into a key. */
export type KeyParts = readonly (string | number | boolean | null | undefined)[];

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const IDENTIFYING_FIELD = /^(id|uuid)$|_(id|uuid)$/;

function scalar(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/** `id`, `uuid`, `…_id` and `…_uuid` of `object` and of the objects directly inside it, sorted by path. */
function identifyingFields(object: Json): [string, string | number][] {
  const found: [string, string | number][] = [];
  const visit = (value: Json, prefix: string, depth: number) => {
    for (const [name, field] of Object.entries(value)) {
      const id = IDENTIFYING_FIELD.test(name) ? scalar(field) : undefined;
      if (id !== undefined) found.push([`${prefix}${name}`, id]);
      else if (depth === 0 && isRecord(field)) visit(field, `${name}.`, 1);
    }
  };
  visit(object, '', 0);
  return found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function parts(event: VerifiedWebhook): { accountId: unknown; object: Json | undefined } {
  const payload = isRecord(event.payload) ? event.payload : undefined;
  return { accountId: payload?.account_id, object: isRecord(payload?.object) ? payload.object : undefined };
}

/**
 * The default identity of an event: its name, `event_ts`, `payload.account_id`, and the identifying
 * fields of `payload.object` (`id`, `uuid`, `…_id`, `…_uuid`, there and one level down, such as
 * `session_id` and `user.id`). Nothing about the delivery (signature, timestamp header) and nothing
 * outside those fields (a `download_token` differs between two notifications of one recording).
 */
export function defaultEventIdentity(event: VerifiedWebhook): KeyParts {
  const { accountId, object } = parts(event);
  const ids = object ? identifyingFields(object).flat() : [];
  return [event.event, scalar(event.event_ts), scalar(accountId), ...ids];
}

/**
 * An event's family: the name without its last `_word` (`session.user_joined` and `session.user_left`
 * → `session.user`, `session.recording_completed` → `session.recording`), or without its last
 * `.word` when the part after the dot has no underscore (`session.started`, `session.ended`,
 * `session.alert` → `session`).
 */
export function eventFamily(name: string): string {
  const dot = name.lastIndexOf('.');
  const underscore = name.lastIndexOf('_');
  if (underscore > dot) return name.slice(0, underscore);
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Which participant, stream or invitee inside a session an event is about, when it is about one. */
function subjectOf(object: Json): string | number | undefined {
  const user = isRecord(object.user) ? object.user : undefined;
  const participant = isRecord(object.participant) ? object.participant : undefined;
  const stream = isRecord(object.stream_ingestion) ? object.stream_ingestion : undefined;
  return (
    scalar(user?.id) ??
    scalar(object.user_connection_id) ??
    scalar(stream?.stream_id) ??
    scalar(participant?.phone_number) ??
    scalar(participant?.invitee_name)
  );
}

/**
 * The default order key: events with the same key are about one object, so one with an older
 * `event_ts` than an already processed one is stale. The family of the event's name, the account,
 * the session (`session_id`, else the object's `id`) and the participant, stream or invitee when
 * the event is about one. Undefined (no ordering) for an event without `event_ts` or object.
 */
export function defaultOrderKey(event: VerifiedWebhook): KeyParts | undefined {
  const { accountId, object } = parts(event);
  if (!object || typeof event.event_ts !== 'number') return undefined;
  return [
    eventFamily(event.event),
    scalar(accountId),
    scalar(object.session_id) ?? scalar(object.id),
    subjectOf(object),
  ];
}

const encoder = new TextEncoder();

/** 64 hex digits: SHA-256 of the parts as JSON, so keys have one length and no raw IDs in storage. */
export async function hashKey(keyParts: KeyParts | string): Promise<string> {
  const text = typeof keyParts === 'string' ? keyParts : JSON.stringify(keyParts.map((p) => p ?? null));
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
