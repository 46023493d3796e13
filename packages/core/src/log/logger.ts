// What the request policy tells a logger: each attempt's start and end (debug), retries with their
// reason and wait (warn), re-authentication after a 401 (info). Lines carry a request id, the method,
// the URL without its query, the attempt number, status, duration, Zoom's tracking id and rate-limit
// headers; never a header value of the request, a token, a secret, a proxy URL or a body.
//
// Each line is one self-contained message plus an object of the same facts as the second argument, so
// `console` prints both, winston takes the object as metadata and pino (which reads `(msg, ...args)` as
// printf arguments) still has the whole message.
import { describeValue } from '@zoom-api/internal';
import { optionalEnv } from '@zoom-api/internal/environment';
import { redact } from '../errors/redact.js';
import { targetOf } from '../errors/target.js';
import { categoryLabel } from '../rate-limit/headers.js';
import { CallHooks, type ZoomAttemptEvent, type ZoomHooks } from './hooks.js';

/** Anything console-compatible: `console`, a pino or winston logger, or a test's recorder. */
export interface ZoomLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The least severe level that is logged; `off` logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, off: 100 };
const DEFAULT_LEVEL: LogLevel = 'warn';
const RATE_LIMIT_HEADERS = [
  ['x-ratelimit-category', 'rateLimitCategory'],
  ['x-ratelimit-type', 'rateLimitType'],
  ['x-ratelimit-limit', 'rateLimitLimit'],
  ['x-ratelimit-remaining', 'rateLimitRemaining'],
] as const;

export function checkLogLevel(value: unknown): LogLevel | undefined {
  if (value === undefined || (typeof value === 'string' && value in RANK)) return value as LogLevel | undefined;
  throw new TypeError(`logLevel must be one of 'debug', 'info', 'warn', 'error', 'off'; got ${describeValue(value)}.`);
}

export function checkLogger(value: unknown): ZoomLogger | undefined {
  if (value === undefined) return undefined;
  const methods = ['debug', 'info', 'warn', 'error'] as const;
  if (typeof value === 'object' && value !== null) {
    const logger = value as Record<string, unknown>;
    if (methods.every((name) => typeof logger[name] === 'function')) return value as ZoomLogger;
  }
  throw new TypeError(
    `logger must have debug, info, warn and error methods (console, pino and winston do); got ${describeValue(value)}.`,
  );
}

// ZOOM_API_LOG, read per request so that it can be set after the clients are made; an unknown value
// counts as unset.
function levelFromEnvironment(): LogLevel {
  const value = optionalEnv('ZOOM_API_LOG')?.toLowerCase();
  return value !== undefined && value in RANK ? (value as LogLevel) : DEFAULT_LEVEL;
}

let lastId = 0;

/** The log of one request (all its attempts). */
export class RequestLog {
  readonly #logger: ZoomLogger;
  readonly #rank: number;
  readonly #request: Request;
  readonly #secrets: readonly string[];
  #id: string | undefined;
  readonly #hooks: CallHooks | undefined;
  #attempt = 0;
  #startedAt = 0;

  constructor(
    logger: ZoomLogger,
    level: LogLevel,
    request: Request,
    hooks?: CallHooks,
    secrets: readonly string[] = [],
  ) {
    this.#logger = logger;
    this.#rank = RANK[level];
    this.#request = request;
    this.#hooks = hooks;
    this.#secrets = secrets;
  }

  #event(): ZoomAttemptEvent {
    const { method, url } = targetOf(this.#request);
    return { requestId: this.#requestId(), method, url, attempt: this.#attempt };
  }

  // Response headers (tracking id, rate-limit values, Retry-After) are the server's text and may echo a
  // token or a secret, so every line is redacted as error messages are.
  #write(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
    const hide = (value: unknown) => (typeof value === 'string' ? redact(value, this.#secrets) : value);
    const safe = Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, hide(value)]));
    this.#logger[level](redact(message, this.#secrets), safe);
  }

  // Worked out only when a line is written: a request that logs nothing costs one small object.
  #fields(extra: Record<string, unknown>): Record<string, unknown> {
    const { method, url } = targetOf(this.#request);
    return { requestId: this.#requestId(), method, url, attempt: this.#attempt, ...extra };
  }

  #requestId(): string {
    this.#id ??= `req_${++lastId}`;
    return this.#id;
  }

  #prefix(): string {
    const { method, url } = targetOf(this.#request);
    return `[zoom-api] ${this.#requestId()} ${method} ${url} attempt ${this.#attempt}`;
  }

  /** An attempt is about to be sent. */
  start(): void {
    this.#attempt++;
    const logs = this.#rank <= RANK.debug;
    if (!logs && this.#hooks === undefined) return;
    this.#startedAt = performance.now();
    this.#hooks?.beforeRequest(this.#event());
    if (!logs) return;
    this.#write('debug', `${this.#prefix()}: sending`, this.#fields({ event: 'request' }));
  }

  /** An attempt got a response. */
  end(response: Response): void {
    const logs = this.#rank <= RANK.debug;
    if (!logs && this.#hooks === undefined) return;
    const durationMs = Math.round(performance.now() - this.#startedAt);
    this.#hooks?.afterResponse(this.#event(), response, durationMs);
    if (!logs) return;
    const extra: Record<string, unknown> = { event: 'response', status: response.status, durationMs };
    const trackingId = response.headers.get('x-zm-trackingid');
    if (trackingId) extra.trackingId = trackingId;
    for (const [header, name] of RATE_LIMIT_HEADERS) {
      const value = response.headers.get(header);
      // The category as everywhere else: Zoom's label (`LIGHT`), not the header's `Light`.
      if (value !== null) extra[name] = header === 'x-ratelimit-category' ? categoryLabel(value) : value;
    }
    const notes = [
      trackingId ? `tracking id ${trackingId}` : '',
      extra.rateLimitRemaining !== undefined ? `rate limit remaining ${extra.rateLimitRemaining}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    this.#write(
      'debug',
      `${this.#prefix()}: ${response.status} in ${durationMs} ms${notes ? ` (${notes})` : ''}`,
      this.#fields(extra),
    );
  }

  /** An attempt ended without a response (connection failure, timeout). */
  failed(error: unknown): void {
    if (this.#rank > RANK.debug) return;
    const durationMs = Math.round(performance.now() - this.#startedAt);
    const reason = describeFailure(error);
    this.#write(
      'debug',
      `${this.#prefix()}: failed after ${durationMs} ms: ${reason}`,
      this.#fields({ event: 'failure', reason, durationMs }),
    );
  }

  /** Another attempt follows after `waitMs`; `response` is what made it necessary, if any. */
  retry(waitMs: number, cause: Response | unknown): void {
    const wait = Math.round(waitMs);
    if (this.#hooks) {
      const status = cause instanceof Response ? cause.status : undefined;
      const kind = status === undefined ? 'connection-failed' : status === 429 ? 'rate-limited' : 'server-error';
      this.#hooks.beforeRetry(
        this.#event(),
        kind,
        wait,
        status,
        status === undefined ? describeFailure(cause) : undefined,
      );
    }
    if (this.#rank > RANK.warn) return;
    let reason: string;
    let retryAfter: string | undefined;
    if (cause instanceof Response) {
      retryAfter = cause.headers.get('retry-after') ?? undefined;
      reason = cause.status === 429 ? 'rate limited (429)' : `server error (${cause.status})`;
    } else {
      reason = `connection failed: ${describeFailure(cause)}`;
    }
    const how = retryAfter === undefined ? 'backoff' : `Retry-After: ${retryAfter}`;
    this.#write(
      'warn',
      `${this.#prefix()}: ${reason}; retrying in ${wait} ms (${how})`,
      this.#fields({ event: 'retry', reason, waitMs: wait, ...(retryAfter === undefined ? {} : { retryAfter }) }),
    );
  }

  /** The rate limiter held the request back for `waitMs` before letting it go. */
  rateLimitWaited(category: string, waitMs: number): void {
    if (this.#rank > RANK.info) return;
    const wait = Math.round(waitMs);
    this.#write(
      'info',
      `${this.#prefix()}: waited ${wait} ms for the ${category} rate limit`,
      this.#fields({ event: 'rate-limit-wait', category, waitMs: wait }),
    );
  }

  /** The rate limiter refused the request; nothing was sent. */
  rateLimitRefused(category: string, reason: string): void {
    if (this.#rank > RANK.warn) return;
    this.#write(
      'warn',
      `${this.#prefix()}: refused by the ${category} rate limit, not sent: ${reason}`,
      this.#fields({ event: 'rate-limit-refused', category }),
    );
  }

  /** A 401: the token is dropped, a new one minted and the request sent once more. */
  reauthenticate(): void {
    this.#hooks?.beforeRetry(this.#event(), 'unauthorized', 0, 401, undefined);
    if (this.#rank > RANK.info) return;
    this.#write(
      'info',
      `${this.#prefix()}: 401 Unauthorized; minting a new token and retrying once`,
      this.#fields({ event: 'reauthenticate', status: 401 }),
    );
  }
}

// The error's code and name only: a cause's message may quote a URL with credentials (a proxy's).
function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const name = error instanceof Error ? (error.name === 'Error' ? error.constructor.name : error.name) : typeof error;
  return typeof code === 'string' ? `${name} ${code}` : name;
}

/** The client's logger, level and hooks; `forRequest` is called once per request. */
export class PolicyLogger {
  #logger: ZoomLogger | undefined;
  #level: LogLevel | undefined;
  #hooks: ZoomHooks | undefined;
  // Hooks whose failure was already reported: a hook that throws on every call would flood the log.
  readonly #reported = new Set<string>();

  update(logger: ZoomLogger | undefined, level: LogLevel | undefined, hooks?: ZoomHooks): void {
    if (logger !== undefined) this.#logger = logger;
    if (level !== undefined) this.#level = level;
    if (hooks !== undefined) {
      this.#hooks = hooks;
      this.#reported.clear();
    }
  }

  options(): { logger?: ZoomLogger; logLevel?: LogLevel; hooks?: ZoomHooks } {
    return {
      ...(this.#logger ? { logger: this.#logger } : {}),
      ...(this.#level ? { logLevel: this.#level } : {}),
      ...(this.#hooks ? { hooks: this.#hooks } : {}),
    };
  }

  /** The client's logger with its level applied, for lines that belong to no request (a store's). */
  leveled(): ZoomLogger {
    const line =
      (level: Exclude<LogLevel, 'off'>) =>
      (message: string, fields?: Record<string, unknown>): void => {
        if (RANK[level] >= RANK[this.#level ?? levelFromEnvironment()])
          (this.#logger ?? console)[level](message, fields);
      };
    return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  }

  /** `secrets`: the auth provider's, kept out of every line (as JWT-shaped tokens and ZOOM_API_SECRET always are). */
  forRequest(request: Request, secrets: readonly string[] = []): RequestLog {
    const logger = this.#logger ?? console;
    const level = this.#level ?? levelFromEnvironment();
    const hooks = this.#hooks;
    const calls =
      hooks && (hooks.beforeRequest || hooks.afterResponse || hooks.beforeRetry)
        ? new CallHooks(hooks, (name, error) => {
            if (this.#reported.has(name) || RANK[level] > RANK.warn) return;
            this.#reported.add(name);
            const what = describeHookError(error);
            logger.warn(
              `[zoom-api] hooks.${name} threw ${what}; the call went on without it (reported once per client)`,
              { event: 'hook-failure', hook: name, error: what },
            );
          })
        : undefined;
    return new RequestLog(logger, level, request, calls, secrets);
  }
}

// A hook is the caller's code, so its message is the caller's and is worth showing; kept short.
function describeHookError(error: unknown): string {
  if (!(error instanceof Error)) return describeValue(error);
  const message = error.message.length > 200 ? `${error.message.slice(0, 200)}…` : error.message;
  return message ? `${error.name}: ${message}` : error.name;
}
