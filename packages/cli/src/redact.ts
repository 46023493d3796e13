// A last line of defence: whatever the command writes passes through here, and the API secret and
// every token minted in this run are replaced before they reach a terminal or a log file.
//
// A secret of MIN_ANYWHERE characters or more is replaced wherever it occurs: by chance it would
// not turn up inside unrelated output. A shorter one (a 2-character test secret, say) occurs inside
// ordinary words, numbers and IDs, so replacing every occurrence would mangle help text and
// response bodies. It is replaced where it stands as a value, which is how a leak would show:
//   - the whole content of a quoted string: "ab", 'ab', `ab` (a JSON value, a quoted message; a JSON
//     key such as "id" is left alone);
//   - after `=` or `Bearer `, up to a delimiter: `secret=ab&…`, `Authorization: Bearer ab`;
//   - after `key:` at the end of a line: `apiSecret: ab`;
//   - a whole line.
// Both the secret and its JSON-escaped form are looked for, since bodies are printed as JSON.
export interface Writer {
  write(text: string): unknown;
}

const REDACTED = '[redacted]';
/** From this length on, every occurrence is replaced. */
const MIN_ANYWHERE = 6;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function shortSecretPattern(forms: readonly string[]): RegExp {
  const value = `(?:${forms.map(escapeRegExp).join('|')})`;
  const end = `(?=$|[\\s,;&)\\]}'"\`])`;
  return new RegExp(
    [
      `(?<=")${value}(?="(?!\\s*:))`, // a JSON value, not a key
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

export class Redactor {
  readonly #anywhere = new Set<string>();
  readonly #asValue: RegExp[] = [];

  /** Adds a value that must never be printed; an empty one is ignored. */
  add(secret: string | undefined): void {
    if (typeof secret !== 'string' || secret === '') return;
    const forms = [...new Set([secret, JSON.stringify(secret).slice(1, -1)])];
    if (secret.length >= MIN_ANYWHERE) for (const form of forms) this.#anywhere.add(form);
    else this.#asValue.push(shortSecretPattern(forms));
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#anywhere) result = result.split(secret).join(REDACTED);
    for (const pattern of this.#asValue) result = result.replace(pattern, REDACTED);
    return result;
  }

  wrap(writer: Writer): Writer {
    return { write: (text: string) => writer.write(this.redact(text)) };
  }
}
