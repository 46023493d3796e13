import { readWithin } from '@zoom-api/internal/read-within';

/** The body was larger than the limit; thrown before the rest of the stream is read. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
  }
}

/**
 * Reads a request body into memory, giving up as soon as it passes `limit` bytes so an oversized or
 * endless upload costs at most `limit` bytes of memory. A declared Content-Length over the limit is
 * refused without reading at all.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const body = await readWithin(request.body, limit, {
    declaredLength: request.headers.get('content-length'),
    tooLarge: () => new BodyTooLargeError(limit),
  });
  return body ?? new Uint8Array(0);
}
