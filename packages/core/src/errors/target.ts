/** Where a failed call was going: method and URL without its query string (queries can hold emails). */
export interface RequestTarget {
  method: string;
  url: string;
}

/** `url` without its query string or fragment. */
export function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

export function targetOf(request: Request): RequestTarget {
  return { method: request.method, url: withoutQuery(request.url) };
}
