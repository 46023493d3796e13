// The one redaction (from source): secrets of every length a package accepts, and tokens, in every
// placement they take in printed text: JSON (also nested), URLs (query, path, form body, credentials) and
// free text. Short values are hidden where they stand as a value, without mangling ordinary text.
import { describe, expect, it } from 'vitest';
import { MIN_ANYWHERE, mapStrings, REDACTED, redact } from '../src/redact.js';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const AWKWARD = ' "\\/+=&?%#@:\'`!()*~<>{}[]$^|.\t\n';

/** A deterministic secret of `length` characters, from the alphanumerics or (awkward) also punctuation. */
function secretOf(length: number, awkward: boolean, seed = length): string {
  const alphabet = awkward ? ALNUM + AWKWARD : ALNUM;
  let x = seed * 7919 + 17;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    // Every awkward secret holds at least one awkward character, in turn.
    out += awkward && i === 1 ? AWKWARD[length % AWKWARD.length] : alphabet[x % alphabet.length];
  }
  return out;
}

const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/** Every form of the secret a reader could recover it from. */
function traces(secret: string): string[] {
  return [
    secret,
    jsonEscaped(secret),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ];
}

function expectGone(out: string, secret: string, where: string) {
  for (const trace of traces(secret)) {
    expect(out.includes(trace), `${JSON.stringify(secret)} (as ${JSON.stringify(trace)}) in ${where}: ${out}`).toBe(
      false,
    );
  }
  expect(out).toContain(REDACTED);
}

/** Where a secret of any length shows up when a server, a proxy or a log echoes it. */
function asValue(secret: string): Record<string, string> {
  return {
    'a JSON value': JSON.stringify({ code: 124, message: 'bad secret', secret }, null, 2),
    'a JSON string inside a JSON string': JSON.stringify({ body: JSON.stringify({ secret }) }),
    'a quoted word': `got '${secret}' from the environment`,
    'a backquoted word': `got \`${secret}\``,
    'a bearer header': `authorization: Bearer ${encodeURIComponent(secret)}`,
    'a URL query value': `https://example.test/cb?secret=${encodeURIComponent(secret)}&next=1`,
    'a form body': new URLSearchParams({ secret, next: '1' }).toString(),
    'an env line': `ZOOM_API_SECRET=${encodeURIComponent(secret)}\n`,
    'a key: value line': `apiSecret: ${jsonEscaped(secret)}\n`,
    'a line of its own': `${jsonEscaped(secret)}\n`,
    'the whole text': secret,
  };
}

/** Placements only a long secret is found in: inside words, a URL path, free text. */
function anywhere(secret: string): Record<string, string> {
  return {
    'free text': `The API secret ${secret} is invalid.`,
    'glued to words': `x${secret}y`,
    'a URL path segment': `https://example.test/keys/${encodeURIComponent(secret)}/rotate`,
    twice: `${secret}${secret}`,
  };
}

describe('secrets of every length', () => {
  const lengths = [
    ...Array.from({ length: 64 }, (_, i) => i + 1),
    // A token a provider of the user's hands out, or Zoom's JWTs with long keys.
    100,
    255,
    1000,
  ];

  // A short secret's letters occur in other words too, so "the secret is gone" means: the text reads exactly
  // as it does with a long marker in the secret's place, redacted.
  const MARKER = 'MarkerOfTheSecretsPlace';

  it.each(lengths)('%i characters: hidden where it stands as a value, plain and with punctuation', (length) => {
    for (const awkward of [false, true]) {
      const secret = secretOf(length, awkward);
      const marked = asValue(MARKER);
      for (const [where, text] of Object.entries(asValue(secret))) {
        expect(redact(text, [secret]), `${JSON.stringify(secret)} in ${where}`).toBe(
          redact(marked[where] as string, [MARKER]),
        );
        if (length >= MIN_ANYWHERE) expectGone(redact(text, [secret]), secret, where);
      }
    }
  });

  it.each(lengths.filter((length) => length >= MIN_ANYWHERE))('%i characters: hidden anywhere', (length) => {
    for (const awkward of [false, true]) {
      const secret = secretOf(length, awkward);
      for (const [where, text] of Object.entries(anywhere(secret))) expectGone(redact(text, [secret]), secret, where);
    }
  });

  it('MIN_ANYWHERE is 8: shorter values occur inside ordinary text', () => {
    expect(MIN_ANYWHERE).toBe(8);
  });

  it('several secrets at once, one inside another, all hidden', () => {
    const token = 'token-abcdef-0123456789';
    const secret = 'abcdef-0123';
    const out = redact(`${token} and ${secret} and "xy"`, [secret, token, 'xy']);
    expect(out).toBe(`${REDACTED} and ${REDACTED} and "${REDACTED}"`);
  });
});

describe('without being told', () => {
  it.each([
    ['a JWT', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJrZXkifQ.c2lnbmF0dXJl', REDACTED],
    ['a bearer header of any token', 'Authorization: Bearer abc', `Authorization: Bearer ${REDACTED}`],
    ['proxy credentials', 'http://user:PW@proxy.internal:3128', `http://${REDACTED}@proxy.internal:3128`],
    ['credentials in a URL that does not parse', 'http://user:PW@bad host:3128', `http://${REDACTED}@bad host:3128`],
    ['a password holding @', 'https://u:p@ss@h.test/x', `https://${REDACTED}@h.test/x`],
    ['credentials already masked are kept', 'redis://:***@127.0.0.1:1', 'redis://:***@127.0.0.1:1'],
  ])('%s', (_name, text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

describe('what is left alone', () => {
  const output = [
    'zoom-api: videosdk has no operation listSesions. Did you mean listSessions? Run zoom-api list videosdk to see all 42.',
    '{\n  "sessions": [\n    { "id": "abc-123", "session_name": "Standup x2", "page_size": 12 }\n  ]\n}',
    'GET http://127.0.0.1:8080/v2/videosdk/sessions failed to connect: connect ECONNREFUSED 127.0.0.1:8080.',
    'mailto:support@zoom.us https://api.zoom.us/v2/users/bob@example.com/meetings?email=a@b.test',
  ].join('\n');

  it.each(['x', 'a', 'to', 'abc', 'id', '12', 'Stand', 'session'])('text around the short secret %j', (secret) => {
    expect(redact(output, [secret])).toBe(output);
  });

  it('an empty or missing secret', () => {
    expect(redact('nothing "" to hide', ['', undefined])).toBe('nothing "" to hide');
  });
});

describe('mapStrings: the strings of log fields and hook events', () => {
  it('redacts every string at any depth, and leaves keys, numbers, dates and the original as they are', () => {
    const secret = 'a-secret-of-some-length';
    const at = new Date(0);
    const value = {
      message: `signed with ${secret}`,
      status: 429,
      rateLimit: { category: secret, remaining: 0, retryAt: at },
      notes: ['plain', `Bearer ${secret}`],
      [secret]: "a key is ours, never the server's",
    };
    const hidden = mapStrings(value, (text) => redact(text, [secret]));
    expect(hidden).toEqual({
      message: `signed with ${REDACTED}`,
      status: 429,
      rateLimit: { category: REDACTED, remaining: 0, retryAt: at },
      notes: ['plain', `Bearer ${REDACTED}`],
      [secret]: "a key is ours, never the server's",
    });
    expect(hidden.rateLimit.retryAt).toBe(at);
    expect(value.message).toContain(secret);
  });
});
