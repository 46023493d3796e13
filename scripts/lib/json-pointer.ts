// JSON Pointer (RFC 6901) as OpenAPI documents use it in local references: '#/a/b~1c' → ['a', 'b/c'].

/** The reference tokens of a '#/…' pointer: each URI-decoded, then `~1` → `/` and `~0` → `~` (in that order). */
export function decodePointer(pointer: string): string[] {
  const path = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`${pointer} is not a JSON pointer (it must start with '#/' or '/').`);
  return path
    .slice(1)
    .split('/')
    .map((token) => decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~'));
}
