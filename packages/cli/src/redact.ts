// A last line of defence: whatever the command writes passes through here, and the API secret and
// every token minted in this run are replaced before they reach a terminal or a log file.
export interface Writer {
  write(text: string): unknown;
}

export class Redactor {
  readonly #secrets = new Set<string>();

  /** Adds a value that must never be printed. Very short values are ignored (they would mangle output). */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= 6) this.#secrets.add(secret);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.#secrets) result = result.split(secret).join('[redacted]');
    return result;
  }

  wrap(writer: Writer): Writer {
    return { write: (text: string) => writer.write(this.redact(text)) };
  }
}
