/** One thing wrong with a request, as the fake's 400 lists it (`errors[]`). */
export interface Problem {
  /** Where: `body.settings.auto_recording`, `query.to`, `path.sessionId`. */
  field: string;
  /** What is wrong, in the validator's words: `must be equal to one of the allowed values: cloud, none`. */
  message: string;
}
