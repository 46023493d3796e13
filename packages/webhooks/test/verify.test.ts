import { inspect } from 'node:util';
import { rejection } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';
import {
  isKnownWebhookEvent,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from '../src/index.js';
import { changeByte, changeChar, SECRET, seededRandom, sessionStartedBody, sign, signedHeaders } from './support.js';

const NOW_SECONDS = 1_750_000_000;
const now = () => NOW_SECONDS * 1000;

async function expectReason(promise: Promise<unknown>, reason: WebhookVerificationReason): Promise<void> {
  const error = await rejection(promise, WebhookVerificationError);
  expect(error.reason).toBe(reason);
  // The secret must not leak through any way an error is usually printed.
  for (const text of [error.message, String(error), JSON.stringify(error), inspect(error), error.stack ?? '']) {
    expect(text).not.toContain(SECRET);
  }
}

describe('verifyWebhook', () => {
  it('accepts a pretty-printed body, checking the bytes as sent rather than re-serialised JSON', async () => {
    const body = JSON.stringify(sessionStartedBody(), null, 2);
    const event = await verifyWebhook({
      secretToken: SECRET,
      headers: signedHeaders(body, { timestamp: NOW_SECONDS }),
      body,
      now,
    });
    expect(event).toEqual(sessionStartedBody());
  });

  it('accepts non-ASCII text, given as a string or as the received bytes', async () => {
    const text = JSON.stringify(sessionStartedBody({ session_name: 'Reunión de José 👋' }));
    const bytes = new TextEncoder().encode(text);
    const headers = signedHeaders(bytes, { timestamp: NOW_SECONDS });
    for (const body of [text, bytes, Buffer.from(bytes), bytes.buffer]) {
      const event = await verifyWebhook({ secretToken: SECRET, headers, body, now });
      expect(isKnownWebhookEvent(event) && event.event === 'session.started' && event.payload.object.session_name).toBe(
        'Reunión de José 👋',
      );
    }
  });

  it('returns an event outside the documents as parsed, which isKnownWebhookEvent() tells apart', async () => {
    const future = JSON.stringify({ event: 'session.hologram_started', event_ts: 1, payload: { account_id: 'a' } });
    const event = await verifyWebhook({
      secretToken: SECRET,
      headers: signedHeaders(future, { timestamp: NOW_SECONDS }),
      body: future,
      now,
    });
    expect(event).toEqual({ event: 'session.hologram_started', event_ts: 1, payload: { account_id: 'a' } });
    expect(isKnownWebhookEvent(event)).toBe(false);
    const started = JSON.stringify(sessionStartedBody());
    const known = await verifyWebhook({
      secretToken: SECRET,
      headers: signedHeaders(started, { timestamp: NOW_SECONDS }),
      body: started,
      now,
    });
    expect(isKnownWebhookEvent(known)).toBe(true);
    const challenge = JSON.stringify({ event: 'endpoint.url_validation', event_ts: 1, payload: { plainToken: 't' } });
    const validation = await verifyWebhook({
      secretToken: SECRET,
      headers: signedHeaders(challenge, { timestamp: NOW_SECONDS }),
      body: challenge,
      now,
    });
    expect(isKnownWebhookEvent(validation)).toBe(true);
  });

  it('reads headers from a Headers object or a record with any key case', async () => {
    const body = JSON.stringify(sessionStartedBody());
    const signed = signedHeaders(body, { timestamp: NOW_SECONDS });
    const shouted = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), v]));
    for (const headers of [new Headers(signed), signed, shouted]) {
      await expect(verifyWebhook({ secretToken: SECRET, headers, body, now })).resolves.toMatchObject({
        event: 'session.started',
      });
    }
  });

  it('rejects a body changed by one byte', async () => {
    const body = JSON.stringify(sessionStartedBody());
    const headers = signedHeaders(body, { timestamp: NOW_SECONDS });
    const changed = body.replace('Standup', 'Standuq');
    await expectReason(verifyWebhook({ secretToken: SECRET, headers, body: changed, now }), 'bad_signature');
  });

  it('rejects a request signed with another secret', async () => {
    const body = JSON.stringify(sessionStartedBody());
    const headers = signedHeaders(body, { secret: 'another-secret', timestamp: NOW_SECONDS });
    await expectReason(verifyWebhook({ secretToken: SECRET, headers, body, now }), 'bad_signature');
  });

  it('rejects a signature in upper-case hex or without the v0= prefix', async () => {
    const body = JSON.stringify(sessionStartedBody());
    const signature = sign(SECRET, NOW_SECONDS, body);
    for (const wrong of [`v0=${signature.slice(3).toUpperCase()}`, signature.slice(3), `${signature}00`]) {
      const headers = { 'x-zm-request-timestamp': String(NOW_SECONDS), 'x-zm-signature': wrong };
      await expectReason(verifyWebhook({ secretToken: SECRET, headers, body, now }), 'bad_signature');
    }
  });

  it('rejects a request missing either header, naming it', async () => {
    const body = JSON.stringify(sessionStartedBody());
    const signed = signedHeaders(body, { timestamp: NOW_SECONDS });
    for (const header of ['x-zm-signature', 'x-zm-request-timestamp']) {
      const headers = { ...signed, [header]: undefined };
      const error = await rejection(
        verifyWebhook({ secretToken: SECRET, headers, body, now }),
        WebhookVerificationError,
      );
      expect(error.reason).toBe('missing_header');
      expect(error.message).toContain(header);
    }
    await expectReason(verifyWebhook({ secretToken: SECRET, headers: new Headers(), body, now }), 'missing_header');
  });

  it('rejects a timestamp 301 seconds old or ahead, and accepts one exactly 300 seconds old', async () => {
    const body = JSON.stringify(sessionStartedBody());
    for (const timestamp of [NOW_SECONDS - 301, NOW_SECONDS + 301]) {
      const headers = signedHeaders(body, { timestamp });
      await expectReason(verifyWebhook({ secretToken: SECRET, headers, body, now }), 'stale_timestamp');
    }
    const headers = signedHeaders(body, { timestamp: NOW_SECONDS - 300 });
    await expect(verifyWebhook({ secretToken: SECRET, headers, body, now })).resolves.toBeTruthy();
    await expectReason(verifyWebhook({ secretToken: SECRET, headers, body, now, tolerance: 299 }), 'stale_timestamp');
  });

  it('rejects a genuine signature over a timestamp that is not a number of seconds', async () => {
    const body = JSON.stringify(sessionStartedBody());
    const headers = signedHeaders(body, { timestamp: 'yesterday' });
    await expectReason(verifyWebhook({ secretToken: SECRET, headers, body, now }), 'stale_timestamp');
  });

  it('rejects a correctly signed body that is not a JSON event', async () => {
    for (const body of [
      '{"event": "session.started",',
      '[1,2]',
      '{"payload":{}}',
      new Uint8Array([0x7b, 0xff, 0x7d]),
    ]) {
      const headers = signedHeaders(body, { timestamp: NOW_SECONDS });
      await expectReason(verifyWebhook({ secretToken: SECRET, headers, body, now }), 'invalid_json');
    }
  });

  it('refuses an empty secret token with a TypeError that says where to find it', async () => {
    const body = '{}';
    await expect(verifyWebhook({ secretToken: '', headers: signedHeaders(body), body })).rejects.toThrow(
      /secretToken must be a non-empty string/,
    );
  });

  it('the secret token names where to find it; a bad tolerance is a TypeError for the wrong type, a RangeError out of range', async () => {
    const body = '{}';
    const headers = signedHeaders(body);
    const call = (options: object) => verifyWebhook({ secretToken: SECRET, headers, body, now, ...options });
    await expect(call({ secretToken: 42 })).rejects.toThrow(
      new TypeError(
        "secretToken must be a non-empty string (the Secret Token from your Zoom app's Features → Access page); got a number.",
      ),
    );
    await expect(call({ tolerance: -1 })).rejects.toThrow(
      new RangeError('tolerance must be a number of seconds, 0 or more (default 300); got -1.'),
    );
    await expect(call({ tolerance: Number.NaN })).rejects.toThrow(RangeError);
    await expect(call({ tolerance: '300' })).rejects.toThrow(
      new TypeError('tolerance must be a number of seconds, 0 or more (default 300); got a string.'),
    );
  });

  it('refuses an already-parsed body with a TypeError explaining that the raw bytes are needed', async () => {
    const body = sessionStartedBody();
    const headers = signedHeaders(JSON.stringify(body), { timestamp: NOW_SECONDS });
    await expect(verifyWebhook({ secretToken: SECRET, headers, body: body as never, now })).rejects.toThrow(
      /body must be the raw request body .* got an object/,
    );
  });

  it('accepts none of 1,000 randomly mutated signed requests', async () => {
    const random = seededRandom(0x5eed);
    const pick = (n: number) => Math.floor(random() * n);
    const original = new TextEncoder().encode(JSON.stringify(sessionStartedBody({ session_name: 'José' }), null, 1));
    const signed = signedHeaders(original, { timestamp: NOW_SECONDS });
    // Confirms the unmutated request passes, so every rejection below is due to the mutation.
    await expect(verifyWebhook({ secretToken: SECRET, headers: signed, body: original, now })).resolves.toBeTruthy();

    const counts = { body: 0, signature: 0, timestamp: 0 };
    for (let i = 0; i < 1000; i++) {
      let body = original;
      const headers = { ...signed };
      const kind = i % 3 === 0 ? 'body' : i % 3 === 1 ? 'signature' : 'timestamp';
      counts[kind]++;
      if (kind === 'body') {
        body = new Uint8Array(original);
        const at = pick(body.length);
        const op = pick(3);
        if (op === 0) changeByte(body, at, pick);
        if (op === 1) body = new Uint8Array([...body.subarray(0, at), pick(256), ...body.subarray(at)]);
        if (op === 2) body = new Uint8Array([...body.subarray(0, at), ...body.subarray(at + 1)]);
      } else if (kind === 'signature') {
        headers['x-zm-signature'] = changeChar(headers['x-zm-signature'], pick);
      } else {
        headers['x-zm-request-timestamp'] = changeChar(headers['x-zm-request-timestamp'], pick);
      }
      const error = await rejection(
        verifyWebhook({ secretToken: SECRET, headers, body, now }),
        WebhookVerificationError,
      );
      expect(['bad_signature', 'stale_timestamp']).toContain(error.reason);
    }
    expect(counts).toEqual({ body: 334, signature: 333, timestamp: 333 });
  });
});
