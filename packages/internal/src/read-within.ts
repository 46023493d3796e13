// The one reader of a whole HTTP body into memory with a size limit: core's fetch transport reads
// responses with it (maxResponseBytes), webhooks' handler requests (maxBodyBytes). Inlined into each.

export interface ReadWithinOptions {
  /** The body's Content-Length header, if any: a declared size over the limit is refused unread. */
  declaredLength: string | null;
  /** The error for a body over the limit; thrown once the count passes it, the rest left unread. */
  tooLarge: () => Error;
  /** The error for a stream that broke off after `received` bytes; default: the stream's own error. */
  broken?: (error: unknown, received: number) => Error;
}

/** A Content-Length value as a number of bytes, or undefined for none or a malformed one. */
export function contentLength(value: string | null): number | undefined {
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/**
 * Reads `body` into one array, giving up as soon as more than `limit` bytes have arrived, so that an
 * oversized or endless body costs at most `limit` bytes of memory. Null for no body.
 */
export async function readWithin(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  { declaredLength, tooLarge, broken }: ReadWithinOptions,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if ((contentLength(declaredLength) ?? 0) > limit) {
    body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!body) return null;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      throw broken ? broken(error, received) : error;
    }
    const { done, value } = next;
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  // A stream's chunks are never shared memory, so one of them is as good as a copy.
  if (chunks.length === 1) return chunks[0] as Uint8Array<ArrayBuffer>;
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
