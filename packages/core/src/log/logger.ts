// The logger contract of the `logger` option: what a client calls, and the check of what it is given.
// How a line reaches it is ./policy-logger.ts's business.
import { describeValue } from '@zoom-api/internal';

export type { LogLevel } from './level.js';

/**
 * Where the policy's lines go: `console` (the default, one line per event), pino, bunyan, winston, or
 * anything with these four methods. Each line is a message and an object of the same facts: pino and
 * bunyan (told by their `bindings()` and `addStream()`) get `(fields, message)`, every other logger
 * `(message, fields)`.
 */
export interface ZoomLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function checkLogger(value: unknown): ZoomLogger | undefined {
  if (value === undefined) return undefined;
  const methods = ['debug', 'info', 'warn', 'error'] as const;
  if (typeof value === 'object' && value !== null) {
    const logger = value as Record<string, unknown>;
    if (methods.every((name) => typeof logger[name] === 'function')) return value as ZoomLogger;
  }
  throw new TypeError(
    `logger must have debug, info, warn and error methods (console, pino, bunyan and winston do); got ${describeValue(value)}.`,
  );
}
