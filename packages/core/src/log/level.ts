// The levels of the policy's lines, and where a client's level comes from: its `logLevel`, else the
// ZOOM_API_LOG variable, read per request so that it can be set after the clients are made, else warn.
import { describeValue } from '@zoom-api/internal';
import { optionalEnv } from '@zoom-api/internal/environment';

/** The least severe level that is logged; `off` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

export const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };
export const DEFAULT_LEVEL: LogLevel = 'warn';
const NAMES = "'debug', 'info', 'warn', 'error', 'off'";

// Own keys only: `'toString' in RANK` is true.
const isLevel = (value: unknown): value is LogLevel => typeof value === 'string' && Object.hasOwn(RANK, value);

export function checkLogLevel(value: unknown): LogLevel | undefined {
  if (value === undefined || isLevel(value)) return value;
  throw new TypeError(`logLevel must be one of ${NAMES}; got ${describeValue(value)}.`);
}

// ZOOM_API_LOG, read per request so that it can be set after the clients are made; an unknown value
// counts as unset.
export function levelFromEnvironment(): LogLevel {
  const value = optionalEnv('ZOOM_API_LOG')?.toLowerCase();
  return isLevel(value) ? value : DEFAULT_LEVEL;
}
