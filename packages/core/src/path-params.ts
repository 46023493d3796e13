// Path parameters, checked and prepared before the runtime builds the URL. The runtime's serializer
// percent-encodes every value once (encodeURIComponent); this adds what it cannot know:
// - a parameter in the URL template with no value would be sent as a literal `{name}`;
// - `.` and `..` are left as they are by encodeURIComponent, and URL parsing then removes or climbs
//   that segment (it does the same for `%2E%2E`), so no encoding can make them safe: they are refused.
//   Any other value containing `/` stays one segment (`../x` is sent as `..%2Fx`);
// - Zoom asks for some IDs to be encoded twice when they contain `/` (the list comes from the spec).

interface PathOptions {
  url: string;
  path?: Record<string, unknown>;
}

function describe(value: unknown): string {
  if (value === '') return 'an empty string';
  return String(value);
}

// `{name}`, or one of the runtime's styled forms `{name*}`, `{.name}`, `{;name}`.
function parameterName(placeholder: string): string {
  const start = placeholder.startsWith('.') || placeholder.startsWith(';') ? 1 : 0;
  const end = placeholder.endsWith('*') ? placeholder.length - 1 : placeholder.length;
  return placeholder.slice(start, end);
}

/**
 * Returns `options` itself when nothing needs preparing, else a copy whose `path` holds pre-encoded
 * values for the parameters in `encodeTwice`. Throws a TypeError naming a missing or unsafe parameter.
 */
export function preparePathParams<T extends PathOptions>(
  options: T,
  method: string | undefined,
  encodeTwice: ReadonlySet<string>,
): T {
  const template = options.url;
  let open = typeof template === 'string' ? template.indexOf('{') : -1;
  let prepared: Record<string, unknown> | undefined;
  while (open !== -1) {
    const close = template.indexOf('}', open);
    if (close === -1) break;
    const name = parameterName(template.slice(open + 1, close));
    const value = options.path?.[name];
    if (value === undefined || value === null || value === '') {
      throw new TypeError(
        `${method ?? 'GET'} ${template}: path parameter "${name}" is required (got ${describe(value)}); pass path: { ${name}: … }.`,
      );
    }
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (text === '.' || text === '..') {
      throw new TypeError(
        `${method ?? 'GET'} ${template}: path parameter "${name}" cannot be "${text}": it would change the path instead of naming a resource.`,
      );
    }
    if (encodeTwice.has(name) && typeof value === 'string' && value.includes('/')) {
      prepared ??= { ...options.path };
      // Encoded once here and once more by the runtime's serializer.
      prepared[name] = encodeURIComponent(value);
    }
    open = template.indexOf('{', close);
  }
  return prepared ? { ...options, path: prepared } : options;
}
