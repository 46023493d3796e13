/**
 * Request headers as a `Headers` object (fetch, Request) or a plain record such as node's
 * `IncomingHttpHeaders`, whose values may be arrays and whose keys may be in any case.
 */
export type HeadersLike = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function isHeaders(headers: HeadersLike): headers is Headers {
  return typeof (headers as Headers).get === 'function';
}

/** The value of one header, or undefined when absent or empty. */
export function readHeader(headers: HeadersLike, name: string): string | undefined {
  let value: string | null | undefined;
  if (isHeaders(headers)) {
    value = headers.get(name);
  } else {
    const lower = name.toLowerCase();
    // Node lower-cases keys already; other sources (tests, frameworks) may not.
    const key = lower in headers ? lower : Object.keys(headers).find((k) => k.toLowerCase() === lower);
    const raw = key === undefined ? undefined : headers[key];
    // Repeated headers are combined the way `Headers` does, so a duplicate cannot slip past the check.
    value = typeof raw === 'string' ? raw : raw?.join(', ');
  }
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
