// The one redaction of text that leaves a package (error messages and their causes, log lines, CLI output):
// anything that can authenticate is replaced by `[redacted]`.
//
// - `Bearer <token>`, anything shaped like a JWT (`eyJ…`), and the user name and password of a URL
//   (`http://user:pass@proxy`), whoever they belong to;
// - each given secret (an API secret, a token) in every form it takes in printed text: as it is,
//   escaped inside a JSON string (also twice, a JSON body quoted in a JSON message), and percent-encoded
//   as in a URL or a form (`+` for a space).
//
// A secret of MIN_ANYWHERE characters or more is replaced wherever it occurs: a string that long turns up
// in unrelated text only by design. A shorter one (Zoom's secrets are far longer, and createZoomAuth()
// refuses short ones, but a token provider of the user's may hand out anything) would also occur inside
// ordinary words, numbers and IDs, and replacing those would both mangle the text and point at the secret.
// It is replaced where it stands as a value, which is how a leak shows:
//   - the whole content of a quoted string: "ab", 'ab', `ab` (a JSON value, also one inside a JSON
//     string; a JSON key is left alone);
//   - after `=` or `Bearer `, up to a delimiter: `secret=ab&…`, `Authorization: Bearer ab`;
//   - after `key:` at the end of a line: `apiSecret: ab`;
//   - a whole line.

export const REDACTED = '[redacted]';
/** From this length on, a secret is replaced wherever it occurs. */
export const MIN_ANYWHERE = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/** The forms a secret takes in printed text, the longest first (so that a form inside another is not cut). */
function formsOf(secret: string): string[] {
  const uri = encodeURIComponent(secret);
  const forms = new Set([
    secret,
    jsonEscaped(secret),
    jsonEscaped(jsonEscaped(secret)),
    uri,
    uri.replace(/%20/g, '+'),
    // A form body or query built with URLSearchParams also encodes ! ' ( ) ~.
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  return [...forms].sort((a, b) => b.length - a.length);
}

function asValuePattern(forms: readonly string[]): RegExp {
  const value = `(?:${forms.map(escapeRegExp).join('|')})`;
  const end = `(?=$|[\\s,;&)\\]}'"\`])`;
  return new RegExp(
    [
      `(?<=")${value}(?=\\\\?"(?!\\s*:))`, // a JSON value (also inside a JSON string), not a key
      `(?<=')${value}(?=')`,
      `(?<=\`)${value}(?=\`)`,
      `(?<==)${value}${end}`,
      `(?<=\\bBearer )${value}${end}`,
      `(?<=:[ \\t]*)${value}(?=[ \\t]*$)`,
      `^${value}$`,
    ].join('|'),
    'gm',
  );
}

const BEARER = /\bBearer\s+[^\s'",;]+/gi;
const JWT = /\beyJ[\w-]*\.[\w-]*(?:\.[\w-]*)?/g;
// scheme://userinfo@ up to the last @ before the host: a password may hold an unencoded @ in a bad URL.
// Userinfo already masked (`:***@`, as the CLI prints a Redis URL) is left as it is.
const URL_CREDENTIALS = /\b([a-z][a-z\d+.-]*:\/\/)(?![*:]*@)[^\s/?#]*@/gi;

/** `text` with every secret in `secrets` and every token, JWT and URL credential replaced by `[redacted]`. */
export function redact(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = text;
  const short: string[] = [];
  const anywhere: string[] = [];
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret === '') continue;
    if (secret.length >= MIN_ANYWHERE) anywhere.push(...formsOf(secret));
    else short.push(...formsOf(secret));
  }
  // Longest first: a secret that contains another is replaced whole.
  for (const form of anywhere.sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED);
  if (short.length > 0) out = out.replace(asValuePattern(short), REDACTED);
  return out.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED).replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}

/**
 * A copy of `value` with every string in it passed through `hide` (a redaction bound to the secrets at
 * hand), in plain objects and arrays at any depth; other values (numbers, dates) as they are. For the
 * structured things that leave a package beside its messages: log fields and hook events.
 */
export function mapStrings<T>(value: T, hide: (text: string) => string): T {
  if (typeof value === 'string') return hide(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, hide)) as T;
  if (value === null || typeof value !== 'object') return value;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, hide)])) as T;
}
