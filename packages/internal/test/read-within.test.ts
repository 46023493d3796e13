// The one body reader with a size limit (core's fetch transport, webhooks' handler).
import { describe, expect, it } from 'vitest';
import { contentLength, readWithin } from '../src/read-within.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** A stream of the given chunks that records whether it was cancelled and how many chunks were pulled. */
function streamOf(chunks: Uint8Array[], { breakAfter }: { breakAfter?: number } = {}) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (breakAfter !== undefined && seen.pulled === breakAfter) {
        controller.error(new Error('connection reset'));
        return;
      }
      const next = chunks[seen.pulled++];
      if (next) controller.enqueue(next);
      else controller.close();
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

class TooLarge extends Error {}
const options = { declaredLength: null, tooLarge: () => new TooLarge() };

describe('readWithin', () => {
  it('joins the chunks of a body within the limit; no body is null', async () => {
    const { stream } = streamOf([bytes('ab'), bytes('cd'), bytes('e')]);
    expect(new TextDecoder().decode((await readWithin(stream, 5, options)) ?? undefined)).toBe('abcde');
    expect(await readWithin(null, 5, options)).toBeNull();
  });

  it('refuses a declared length over the limit without reading, and cancels the stream', async () => {
    const { stream, seen } = streamOf([bytes('abc')]);
    await expect(readWithin(stream, 2, { ...options, declaredLength: '3' })).rejects.toBeInstanceOf(TooLarge);
    expect(seen).toEqual({ pulled: 0, cancelled: true });
  });

  it('stops at the chunk that passes the limit, whatever the declared length said', async () => {
    const { stream, seen } = streamOf([bytes('ab'), bytes('cd'), bytes('ef'), bytes('gh')]);
    await expect(readWithin(stream, 3, { ...options, declaredLength: '2' })).rejects.toBeInstanceOf(TooLarge);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThan(4);
  });

  it('a stream that breaks off: the caller’s error with the bytes received, or the stream’s own', async () => {
    const broken = (error: unknown, received: number) => new Error(`cut off after ${received}: ${error}`);
    const first = streamOf([bytes('abc'), bytes('def')], { breakAfter: 1 });
    await expect(readWithin(first.stream, 100, { ...options, broken })).rejects.toThrow(
      'cut off after 3: Error: connection reset',
    );
    const second = streamOf([bytes('abc')], { breakAfter: 1 });
    await expect(readWithin(second.stream, 100, options)).rejects.toThrow('connection reset');
  });

  it('reads Content-Length as digits only', () => {
    expect(contentLength('42')).toBe(42);
    expect(contentLength(' 7 ')).toBe(7);
    expect(contentLength(null)).toBeUndefined();
    expect(contentLength('-1')).toBeUndefined();
    expect(contentLength('1e9')).toBeUndefined();
  });
});
