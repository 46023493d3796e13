// The levels of the policy's lines, and where a client's level comes from: its `logLevel`, else the
// ZOOM_API_LOG variable, read per request so that it can be set after the clients are made, else warn.
import { describeValue, optionalEnv } from '@zoom-api/internal';

// Their order (least severe first) is ./rank.ts's, which only the writing of lines needs.
const LEVELS = ['debug', 'info', 'warn', 'error', 'off'] as const;

/** The least severe level that is logged; `off` logs nothing. */
export type LogLevel = (typeof LEVELS)[number];

export const DEFAULT_LEVEL: LogLevel = 'warn';
const NAMES = LEVELS.map((level) => `'${level}'`).join(', ');

const isLevel = (value: unknown): value is LogLevel => (LEVELS as readonly unknown[]).includes(value);

export function checkLogLevel(value: unknown): LogLevel | undefined {
  if (value === undefined || isLevel(value)) return value;
  throw new TypeError(`logLevel must be one of ${NAMES}; got ${describeValue(value)}.`);
}

/**
 * The level ZOOM_API_LOG sets (any case; unset or empty: warn). Any other value is a TypeError naming the
 * variable and the levels, thrown when a client is made and by each call, before anything is sent: a
 * typo (`verbose`, `warning`) would otherwise leave a process logging what the user meant to silence.
 */
export function levelFromEnvironment(): LogLevel {
  const value = optionalEnv('ZOOM_API_LOG');
  if (value === undefined || value.trim() === '') return DEFAULT_LEVEL;
  const level = value.trim().toLowerCase();
  if (isLevel(level)) return level;
  // A short word is shown (it is a typo); anything else could be a value pasted into the wrong variable.
  const given = /^[\w-]{1,12}$/.test(value) ? JSON.stringify(value) : 'a value that is none of them';
  throw new TypeError(
    `ZOOM_API_LOG must be one of ${NAMES} (any case), or unset for 'warn'; got ${given}. ` +
      'Fix or unset the variable, or give the client a logLevel.',
  );
}
