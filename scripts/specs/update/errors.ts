// specs:update fails in two ways a caller may want to tell apart: it refused before writing
// anything, or it wrote and then put everything back.
export type SpecsUpdateErrorCode = 'SPECS_UPDATE_REFUSED' | 'SPECS_UPDATE_ROLLED_BACK';

export class SpecsUpdateError extends Error {
  readonly code: SpecsUpdateErrorCode;
  constructor(code: SpecsUpdateErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SpecsUpdateError';
    this.code = code;
  }
}

/** The update stops before its first write, listing every problem at once. */
export function refusal(title: string, problems: readonly string[]): SpecsUpdateError {
  return new SpecsUpdateError('SPECS_UPDATE_REFUSED', `${title}; no file was changed.\n${problems.join('\n')}`);
}
