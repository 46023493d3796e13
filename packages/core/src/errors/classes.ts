import type { RateLimitInfo } from '../rate-limit/headers.js';
import { ResponseCutOff } from '../transport/transport.js';
import { redact, redactCause } from './redact.js';
import type { RequestTarget } from './target.js';

// One identity for each error class across copies of this module: the ESM and CommonJS builds, and two
// installed versions of core, each define their own classes, so the prototype chain alone would make an
// error thrown by one copy fail `instanceof` against another's class. Every instance therefore carries the
// names of its classes under a symbol from the global registry (shared by all copies), and each class's
// `Symbol.hasInstance` accepts either the ordinary prototype check or that brand. A user's own subclass is
// not branded: `instanceof` it stays the ordinary check. Change the key only with a major version of core,
// when errors of the old shape must stop matching.
const BRANDS = Symbol.for('zoom-api.error.brands');
type AnyClass = abstract new (...args: never[]) => unknown;
const brandOfClass = new WeakMap<object, string>();

function brand(cls: AnyClass, name: string): void {
  brandOfClass.set(cls, name);
}

// The brands of `cls` and its ancestors: ['ZoomRateLimitError', 'ZoomApiError', 'ZoomError'].
function brandsOf(cls: AnyClass): string[] {
  const brands: string[] = [];
  for (let c: object | null = cls; c && c !== Error; c = Object.getPrototypeOf(c)) {
    const name = brandOfClass.get(c);
    if (name) brands.push(name);
  }
  return brands;
}

function isBranded(value: unknown, name: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const brands = (value as { [BRANDS]?: unknown })[BRANDS];
  return Array.isArray(brands) && brands.includes(name);
}

export interface ZoomErrorOptions {
  /** Kept as `cause` with every string in it redacted (printed by util.inspect and console.error). */
  cause?: unknown;
  /** Strings to keep out of the message and cause besides those `redact` always removes (e.g. the call's token). */
  secrets?: readonly (string | undefined)[] | undefined;
}

/** Base class of every error the request policy throws, for a single `instanceof` check. */
export class ZoomError extends Error {
  /** HTTP method of the failed call, e.g. `GET`. */
  readonly method: string;
  /** The URL that was called, without its query string. */
  readonly url: string;

  static {
    brand(ZoomError, 'ZoomError');
  }

  /**
   * `instanceof` holds for errors from any copy of `@zoom-api/core` (ESM, CommonJS, another installed
   * version), and still tells the classes apart: a `ZoomTimeoutError` is not a `ZoomApiError`.
   */
  static [Symbol.hasInstance]<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    // `this` is the class on the right of `instanceof`: this one or a subclass (a user's included).
    // biome-ignore lint/complexity/noThisInStatic: the checked class, not necessarily ZoomError
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // biome-ignore lint/complexity/noThisInStatic: as above
    const name = brandOfClass.get(this);
    return name !== undefined && isBranded(value, name);
  }

  // A getter on the base rather than an assigned name: no extra own property in logs, and minifiers can't
  // rename it. Each class's name is its brand, so it is written once, in its static block; a user's own
  // subclass reads as the nearest class of ours it extends.
  override get name(): string {
    return brandsOf(this.constructor as AnyClass)[0] ?? 'ZoomError';
  }

  /**
   * What `JSON.stringify(error)` gives: the name, the message and the error's own facts (`method`, `url`,
   * and where the class has them `status`, `code`, `trackingId`, `rateLimit`, …), all redacted as the
   * message is. Never the response, the body or the cause.
   */
  toJSON(): Record<string, unknown> {
    // The own enumerable fields: `message` and `cause` are non-enumerable on an Error, `name` a getter.
    const facts: Record<string, unknown> = { ...(this as object) };
    return { name: this.name, message: this.message, ...facts };
  }

  constructor(message: string, target: RequestTarget, options?: ZoomErrorOptions) {
    const secrets = options?.secrets;
    super(
      redact(message, secrets),
      options && 'cause' in options ? { cause: redactCause(options.cause, secrets) } : undefined,
    );
    // Not enumerable: logs and JSON show the error's facts, not its brand.
    Object.defineProperty(this, BRANDS, { value: Object.freeze(brandsOf(new.target)) });
    this.method = target.method;
    this.url = target.url;
  }
}

export interface ZoomApiErrorInit extends RequestTarget {
  status: number;
  /** Zoom's numeric error code from the `{ code, message }` body, when there is one. */
  code: number | undefined;
  message: string;
  trackingId: string | undefined;
  rateLimit: RateLimitInfo;
  response: Response;
  body: unknown;
  /** Kept out of the message, e.g. the token the call was sent with (a body may echo it). */
  secrets?: readonly (string | undefined)[];
}

/** Zoom answered with an HTTP error status (after any retries the policy allowed). */
export class ZoomApiError extends ZoomError {
  /** HTTP status, e.g. 404. */
  readonly status: number;
  /** Zoom's own error code (e.g. 124 "Invalid access token"), when the body carried one. */
  readonly code: number | undefined;
  /** Zoom's `x-zm-trackingid`: quote it to Zoom support. */
  readonly trackingId: string | undefined;
  /** Zoom's rate-limit headers, parsed (fields are undefined when a header is absent). */
  readonly rateLimit: RateLimitInfo;
  /** The raw response; its body has already been read into `body`. */
  declare readonly response: Response;
  /** The parsed JSON body, or the body text when it was not JSON. */
  declare readonly body: unknown;

  static {
    brand(ZoomApiError, 'ZoomApiError');
  }

  constructor(init: ZoomApiErrorInit) {
    super(init.message, init, { secrets: init.secrets });
    this.status = init.status;
    this.code = init.code;
    this.trackingId = init.trackingId;
    this.rateLimit = init.rateLimit;
    // Not enumerable (the default here), so that logging the error prints its facts, not a whole Response.
    Object.defineProperties(this, { response: { value: init.response }, body: { value: init.body } });
  }
}

export interface ZoomRateLimitErrorInit extends ZoomApiErrorInit {
  /** Set when the client's own limiter refused the call: nothing was sent. */
  refused?: { category: string; retryAt: Date };
}

/**
 * A rate limit stood in the way. Either Zoom answered 429 and retries ran out or Zoom asked for a wait
 * beyond `maxRetryAfter` (`refusedByLimiter` false, `response` is Zoom's), or the client's `rateLimit`
 * limiter refused the call before sending it (`refusedByLimiter` true: zero requests went out; `status`
 * is 429 and `response` a stand-in carrying the headers Zoom would have sent, so one handler serves both).
 */
export class ZoomRateLimitError extends ZoomApiError {
  /** Seconds until Zoom accepts the call again (from `Retry-After`), when Zoom said. */
  readonly retryAfter: number | undefined;
  /** When the call may succeed again: Zoom's `Retry-After`, or when the limiter's budget frees up. */
  readonly retryAt: Date | undefined;
  /** The rate-limit category (`LIGHT`, `MEDIUM`, `HEAVY`, `RESOURCE-INTENSIVE`), when known; as `rateLimit.category`. */
  readonly category: string | undefined;
  /** True when the client's limiter refused the call and nothing was sent; false for Zoom's own 429. */
  readonly refusedByLimiter: boolean;

  static {
    brand(ZoomRateLimitError, 'ZoomRateLimitError');
  }

  constructor(init: ZoomRateLimitErrorInit) {
    super(init);
    this.retryAfter = init.rateLimit.retryAfter;
    this.retryAt = init.refused?.retryAt ?? init.rateLimit.retryAt;
    this.category = init.refused?.category ?? init.rateLimit.category;
    this.refusedByLimiter = init.refused !== undefined;
  }
}

export interface ZoomResponseErrorInit {
  status: number;
  /** The response's Content-Type, when it had one. */
  contentType: string | undefined;
  /** The response's Content-Encoding, when it had one (this client asks for none). */
  contentEncoding?: string | undefined;
  /** The first bytes of the body as text, when any were read. */
  bodyStart: string;
  /** What was wrong with the body, e.g. `is not valid JSON`, completing "the body …". */
  problem: string;
  /** Kept out of the message and `bodyStart`. */
  secrets?: readonly (string | undefined)[];
}

/**
 * Zoom (or something in between: a proxy, a captive portal) answered with a success status and a body
 * that cannot be the answer: not valid JSON, an HTML page, compressed without being asked, or larger than
 * `maxResponseBytes`. Not retried: the same request would most likely get the same answer.
 */
export class ZoomResponseError extends ZoomError {
  /** HTTP status, e.g. 200. */
  readonly status: number;
  /** The response's Content-Type, when it had one. */
  readonly contentType: string | undefined;
  /** The first bytes of the body as text (at most 200 characters, secrets redacted); empty when unread. */
  readonly bodyStart: string;

  static {
    brand(ZoomResponseError, 'ZoomResponseError');
  }

  constructor(target: RequestTarget, init: ZoomResponseErrorInit, options?: { cause?: unknown }) {
    const bodyStart = redact(init.bodyStart, init.secrets);
    const type = init.contentType ? `, ${init.contentType}` : '';
    const encoding = init.contentEncoding
      ? ` (Content-Encoding ${init.contentEncoding}, which this client neither asks for nor decodes)`
      : '';
    const start = bodyStart ? ` The body began: ${JSON.stringify(bodyStart)}` : '';
    super(
      `${target.method} ${target.url}: the response (HTTP ${init.status}${type})${encoding} ${init.problem}.${start}`,
      target,
      { cause: options?.cause, secrets: init.secrets },
    );
    this.status = init.status;
    this.contentType = init.contentType;
    this.bodyStart = bodyStart;
  }
}

/**
 * `paginate()` fetched `maxPages` pages and the server still returned a new `next_page_token`: a
 * listing that long is more likely a server that never runs out of tokens than real data.
 */
export class ZoomPaginationError extends ZoomError {
  /** The limit that was reached. */
  readonly maxPages: number;

  static {
    brand(ZoomPaginationError, 'ZoomPaginationError');
  }

  constructor(target: RequestTarget, maxPages: number) {
    super(
      `${target.method} ${target.url}: paginate() stopped after ${maxPages} pages (maxPages) while the server still ` +
        'returned a next_page_token. Raise maxPages (or pass Infinity) if the list really is that long.',
      target,
    );
    this.maxPages = maxPages;
  }
}

/**
 * An attempt did not end within `timeout` milliseconds: the whole response (headers and body) must
 * arrive in that time, on every transport.
 */
export class ZoomTimeoutError extends ZoomError {
  /** The per-attempt timeout that ran out, in milliseconds. */
  readonly timeout: number;

  static {
    brand(ZoomTimeoutError, 'ZoomTimeoutError');
  }

  /** `status`: the response's, when its headers had arrived and the body had not finished. */
  constructor(target: RequestTarget, timeout: number, status?: number) {
    const what =
      status === undefined
        ? ' without a response'
        : `: the response headers had arrived (HTTP ${status}), but not the whole body`;
    super(`${target.method} ${target.url} timed out after ${timeout} ms${what}.`, target);
    this.timeout = timeout;
  }
}

/**
 * The connection failed (refused, reset, DNS, TLS…) before a response arrived, or broke while its
 * body was arriving (the message then says the response was cut off); `cause` has the details.
 */
export class ZoomConnectionError extends ZoomError {
  static {
    brand(ZoomConnectionError, 'ZoomConnectionError');
  }

  /** `secrets`: kept out of the message and the cause, as ZoomErrorOptions says. */
  constructor(target: RequestTarget, cause: unknown, secrets?: readonly (string | undefined)[]) {
    super(describeConnectionFailure(target, cause), target, { cause, secrets });
  }
}

function describeConnectionFailure(target: RequestTarget, cause: unknown): string {
  if (!(cause instanceof ResponseCutOff)) {
    return `${target.method} ${target.url} failed to connect: ${describeNetworkFailure(cause)}.`;
  }
  const { status, received, expected } = cause;
  const arrived = expected === undefined ? `${received} bytes` : `${received} of ${expected} bytes`;
  return (
    `${target.method} ${target.url}: the response was cut off (HTTP ${status}, ${arrived} of the body arrived ` +
    `before the connection ended: ${describeNetworkFailure(cause.cause)}).`
  );
}

// undici reports every network failure as TypeError('fetch failed') with the useful part in `cause`.
function describeNetworkFailure(error: unknown): string {
  const inner = (error as { cause?: unknown })?.cause ?? error;
  const code = (inner as { code?: unknown })?.code;
  const message = inner instanceof Error ? inner.message : String(inner);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
