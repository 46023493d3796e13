// The logger contract of the `logger` option: what a client calls, the check of what it is given, and
// a client's logger and level as set. How a line reaches the logger is ./policy-logger.ts's business,
// loaded only when a line may be written (see LogSettings).
import { describeValue } from '@zoom-api/internal';
import { DEFAULT_LEVEL, type LogLevel, levelFromEnvironment } from './level.js';

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

/**
 * A client's `logger` and `logLevel`, as given. This is all a client holds until a line may be written:
 * the writer, the redaction and the lines themselves (./policy-logger.ts, ./request-log.ts) load with a
 * call at `debug`, a call with hooks, a retry, a re-authentication or a rate limiter, so a client that
 * only makes calls that succeed at the default level never loads them.
 */
export class LogSettings {
  logger: ZoomLogger | undefined;
  #level: LogLevel | undefined;

  update(logger: ZoomLogger | undefined, level: LogLevel | undefined): void {
    if (logger !== undefined) this.logger = logger;
    if (level !== undefined) this.#level = level;
  }

  options(): { logger?: ZoomLogger; logLevel?: LogLevel } {
    return {
      ...(this.logger ? { logger: this.logger } : {}),
      ...(this.#level ? { logLevel: this.#level } : {}),
    };
  }

  /** The level in force now: `logLevel`, else ZOOM_API_LOG (a TypeError when it names no level). */
  level(): LogLevel {
    return this.#level ?? levelFromEnvironment();
  }

  /** The level in force now, or the default where ZOOM_API_LOG names none: for lines outside a call, which must not throw (a bad ZOOM_API_LOG is the calls' to report). */
  levelOrDefault(): LogLevel {
    try {
      return this.level();
    } catch {
      return DEFAULT_LEVEL;
    }
  }
}
