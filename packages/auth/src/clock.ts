// Reading the (possibly injected) clock and turning it into JWT NumericDates.
import { describeValue } from './options.js';

export type Clock = () => number;

/** Calls `now()` and insists on milliseconds since the epoch, so a broken clock fails loudly. */
export function readClock(now: Clock): number {
  const ms = now();
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new TypeError(
      `now() must return milliseconds since the epoch as a finite, non-negative number (like Date.now()); got ${describeValue(ms)}.`,
    );
  }
  return ms;
}

/** JWT times are whole seconds (RFC 7519 NumericDate); we always round down. */
export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
