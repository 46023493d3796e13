// A last line of defence: whatever the command writes passes through here, and the API secret and every
// token minted in this run are replaced before they reach a terminal or a log file. The redaction itself
// is the one every package uses (@zoom-api/internal/redact): a secret of 8 characters or more is replaced
// wherever it occurs, in every form it is printed in (plain, JSON-escaped, percent-encoded); a shorter
// value, which occurs inside ordinary words, where it stands as a value. createZoomAuth() refuses secrets
// shorter than 16 characters, so a real call never has a short one to hide.
import { redact } from '@zoom-api/internal/redact';

export interface Writer {
  write(text: string): unknown;
}

export class Redactor {
  readonly #secrets = new Set<string>();

  /** Adds a value that must never be printed; an empty one is ignored. */
  add(secret: string | undefined): void {
    if (typeof secret === 'string' && secret !== '') this.#secrets.add(secret);
  }

  redact(text: string): string {
    return redact(text, this.#secrets);
  }

  wrap(writer: Writer): Writer {
    return { write: (text: string) => writer.write(this.redact(text)) };
  }
}
