// JSON Pointer (RFC 6901), in both spellings OpenAPI uses: the plain pointer ("/paths/~1users/get")
// and the URI fragment of a local $ref ("#/paths/~1users/get", whose tokens may also be
// percent-encoded, RFC 6901 §6). Every tool in the workspace that follows a $ref or names a place
// in a document should import this module rather than keep its own `replaceAll('~1', '/')`:
// the order of the two replacements and the percent-decoding are easy to get subtly wrong.

/** `~` → `~0`, then `/` → `~1`: one object key as a pointer token. */
export function encodePointerToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * One pointer token back to the key it names. `~1` is decoded before `~0`, so `~01` stays the
 * key `~1` instead of becoming `/`.
 */
export function decodePointerToken(token: string): string {
  if (/~(?![01])/.test(token))
    throw new SyntaxError(`Invalid JSON pointer token "${token}": "~" must be followed by 0 or 1.`);
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * The keys a pointer names, from the root down. Accepts "" and "#" (the whole document),
 * "/a/b" and "#/a/b" (fragment tokens are percent-decoded first). Throws a SyntaxError for
 * anything else, such as an external reference ("other.json#/a") or a malformed escape.
 */
export function decodePointer(pointer: string): string[] {
  const fragment = pointer.startsWith('#');
  const body = fragment ? pointer.slice(1) : pointer;
  if (body === '') return [];
  if (!body.startsWith('/'))
    throw new SyntaxError(`Invalid JSON pointer "${pointer}": it must start with "/" or "#/".`);
  return body
    .slice(1)
    .split('/')
    .map((raw) => {
      let token = raw;
      if (fragment) {
        try {
          token = decodeURIComponent(raw);
        } catch {
          throw new SyntaxError(`Invalid JSON pointer "${pointer}": "${raw}" is not valid percent-encoding.`);
        }
      }
      return decodePointerToken(token);
    });
}

/**
 * The pointer that names `tokens`. With `{ fragment: true }` it is written as a local $ref
 * ("#/a/b"); tokens are not percent-encoded, matching how Zoom's documents and Redocly's
 * reports spell them.
 */
export function encodePointer(tokens: readonly (string | number)[], { fragment = false } = {}): string {
  const body = tokens.map((t) => `/${encodePointerToken(String(t))}`).join('');
  return fragment ? `#${body}` : body;
}

/**
 * The value `pointer` names inside `doc`, or undefined when a step is missing. Only own keys
 * count: "#/components/schemas/constructor" must not find Object.prototype.constructor.
 * Throws (like decodePointer) when the pointer itself is malformed.
 */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const token of decodePointer(pointer)) {
    if (Array.isArray(node)) {
      // An array step is an index; "length" or "01" name nothing (RFC 6901 §4).
      if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= node.length) return undefined;
      node = node[Number(token)];
    } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return node;
}

/**
 * The target of a local `$ref` in one of Zoom's documents, or undefined. Zoom's event documents were
 * moved from `paths` to `webhooks` without rewriting their references (`#/paths/account.lock_settings_updated/…`),
 * so a `paths` pointer that names nothing is retried under `webhooks`.
 */
export function resolveDocumentRef(doc: unknown, ref: string): unknown {
  const target = resolvePointer(doc, ref);
  if (target !== undefined) return target;
  const tokens = decodePointer(ref);
  if (tokens[0] !== 'paths' || doc === null || typeof doc !== 'object' || !('webhooks' in doc)) return undefined;
  return resolvePointer(doc, encodePointer(['webhooks', ...tokens.slice(1)]));
}
