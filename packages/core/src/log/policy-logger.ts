// A client's logger and level, and the one place every line the client writes leaves through: the
// request policy's lines (./request-log.ts), a failing hook's report, and the lines of its rate limiter
// and store (`leveled()`). Each goes through the client's writer (@zoom-api/internal/log-writer): in the
// logger's own argument order, every string redacted with the call's secrets and the environment's API
// secret, and a logger that throws never changing the call's outcome.
import {
  describeThrown,
  type LineFields,
  type LineLevel,
  type LineWriter,
  lineWriter,
} from '@zoom-api/internal/log-writer';
import { redact } from '../errors/redact.js';
import type { Call } from '../policy/call.js';
import { DEFAULT_LEVEL, type LogLevel, levelFromEnvironment, RANK } from './level.js';
import type { ZoomLogger } from './logger.js';
import { RequestLog } from './request-log.js';

/** The client's logger and level; `forRequest` is called once per request. */
export class PolicyLogger {
  #logger: ZoomLogger | undefined;
  #level: LogLevel | undefined;
  #writer: LineWriter = lineWriter(undefined, 'a Zoom client');

  update(logger: ZoomLogger | undefined, level: LogLevel | undefined): void {
    if (logger !== undefined) {
      this.#logger = logger;
      // A new logger gets its own chance to have its first failure reported.
      this.#writer = lineWriter(logger, 'a Zoom client');
    }
    if (level !== undefined) this.#level = level;
  }

  options(): { logger?: ZoomLogger; logLevel?: LogLevel } {
    return {
      ...(this.#logger ? { logger: this.#logger } : {}),
      ...(this.#level ? { logLevel: this.#level } : {}),
    };
  }

  /** The level in force now: `logLevel`, else ZOOM_API_LOG (a TypeError when it names no level). */
  level(): LogLevel {
    return this.#level ?? levelFromEnvironment();
  }

  // For lines outside a call, which must not throw: a bad ZOOM_API_LOG is the calls' to report.
  #enabled(level: LineLevel): boolean {
    let current = DEFAULT_LEVEL;
    try {
      current = this.level();
    } catch {}
    return RANK[level] >= RANK[current];
  }

  /** Writes one line through the client's writer; `secrets` (a call's) are hidden besides the usual. */
  write(level: LineLevel, message: string, fields: LineFields, secrets: readonly string[] = []): void {
    this.#writer(level, message, fields, (text) => redact(text, secrets));
  }

  /** The client's logger with its level applied, for lines that belong to no request (a store's). */
  leveled(): ZoomLogger {
    const line =
      (level: LineLevel) =>
      (message: string, fields?: Record<string, unknown>): void => {
        if (this.#enabled(level)) this.write(level, message, fields ?? {});
      };
    return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  }

  /** The lines of one request, at the level in force now. */
  forRequest(request: Request, call: Call): RequestLog {
    return new RequestLog((...line) => this.write(...line), this.level(), request, call);
  }

  /**
   * Says at warn that a hook failed and the call went on; false when the level leaves warn out. The
   * hook's message is the caller's and worth showing, redacted with the call's `secrets` before it is cut.
   */
  hookFailed(hook: string, error: unknown, secrets: readonly string[]): boolean {
    if (!this.#enabled('warn')) return false;
    const what = describeThrown(error, (text) => redact(text, secrets));
    this.write(
      'warn',
      `[zoom-api] hooks.${hook} threw ${what}; the call went on without it (reported once per client)`,
      { event: 'hook-failure', hook, error: what },
      secrets,
    );
    return true;
  }
}
