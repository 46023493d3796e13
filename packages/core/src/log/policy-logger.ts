// The one place every line a client writes leaves through: the request policy's lines (./request-log.ts),
// a failing hook's report, and the lines of its rate limiter and store (`leveled()`). Each goes through
// the client's writer (@zoom-api/internal/log-writer): in the logger's own argument order, every string
// redacted with the call's secrets and the environment's API secret, and a logger that throws never
// changing the call's outcome. Loaded on demand by the request policy (see LogSettings in ./logger.ts).
import {
  describeThrown,
  type LineFields,
  type LineLevel,
  type LineWriter,
  lineWriter,
} from '@zoom-api/internal/log-writer';
import { redact } from '../errors/redact.js';
import type { Call } from '../policy/call.js';
import type { LogLevel } from './level.js';
import type { LogSettings, ZoomLogger } from './logger.js';
import { RANK } from './rank.js';
import { RequestLog } from './request-log.js';

/** Writes a client's lines to its logger, at its level; both are read from its settings at each line. */
export class PolicyLogger {
  readonly #settings: LogSettings;
  #writer: LineWriter | undefined;
  #writerOf: ZoomLogger | undefined;

  constructor(settings: LogSettings) {
    this.#settings = settings;
  }

  level(): LogLevel {
    return this.#settings.level();
  }

  // For lines outside a call, which must not throw: a bad ZOOM_API_LOG is the calls' to report.
  #enabled(level: LineLevel): boolean {
    return RANK[level] >= RANK[this.#settings.levelOrDefault()];
  }

  /** Writes one line through the client's writer; `secrets` (a call's) are hidden besides the usual. */
  write(level: LineLevel, message: string, fields: LineFields, secrets: readonly string[] = []): void {
    const logger = this.#settings.logger;
    // A new logger gets its own chance to have its first failure reported.
    if (this.#writer === undefined || this.#writerOf !== logger) {
      this.#writer = lineWriter(logger, 'a Zoom client');
      this.#writerOf = logger;
    }
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

  /** The lines of one request, at `level`: the one in force when it was sent. */
  forRequest(request: Request, call: Call, level: LogLevel): RequestLog {
    return new RequestLog((...line) => this.write(...line), level, request, call);
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
