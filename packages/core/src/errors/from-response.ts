import { readRateLimit } from '../rate-limit/headers.js';
import { bodyStartOf } from '../transport/buffered-response.js';
import { ZoomApiError, ZoomError, ZoomRateLimitError, ZoomResponseError } from './classes.js';
import { redact } from './redact.js';
import { targetOf } from './target.js';

const SNIPPET_LENGTH = 200;

/** Zoom's error body is `{ code, message }`; anything else falls back to the status and a readable snippet. */
function describe(response: Response, body: unknown): { code: number | undefined; message: string } {
  const status = statusLine(response);
  if (body !== null && typeof body === 'object') {
    const { code, message } = body as { code?: unknown; message?: unknown };
    const zoomCode = typeof code === 'number' || (typeof code === 'string' && code !== '') ? Number(code) : NaN;
    return {
      code: Number.isFinite(zoomCode) ? zoomCode : undefined,
      message: typeof message === 'string' && message !== '' ? message : status,
    };
  }
  const snippet = typeof body === 'string' ? readableSnippet(body) : '';
  return { code: undefined, message: snippet ? `${status}: ${snippet}` : status };
}

function statusLine(response: Response): string {
  return response.statusText ? `HTTP ${response.status} ${response.statusText}` : `HTTP ${response.status}`;
}

// A proxy's HTML error page says the most in its <title>; otherwise the text without tags.
function readableSnippet(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = (title ?? text.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return plain.length > SNIPPET_LENGTH ? `${plain.slice(0, SNIPPET_LENGTH)}…` : plain;
}

/**
 * What to keep out of an error built from each final response: the token it was sent with and the auth
 * provider's secrets (a body or a header may echo either).
 */
export const secretsFor = new WeakMap<Response, readonly string[]>();

/**
 * A JSON.parse SyntaxError's message without the stretch of the body V8 quotes (`Unexpected token 'x',
 * "abc def"... is not valid JSON`): that stretch is cut at an arbitrary length, so a secret in it may be
 * only partly there, where no redaction finds it. The error's bodyStart shows the body, redacted.
 */
function withoutBodyQuote(message: string): string {
  return message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, ' is not valid JSON');
}

// util.inspect prints an error's cause: ZoomError redacts it, and a parse error loses its quote of the body
// first (a secret cut off in that quote is one no redaction can find).
function withoutQuotedBody(cause: unknown): unknown {
  if (!(cause instanceof SyntaxError)) return cause;
  const message = withoutBodyQuote(cause.message);
  if (message === cause.message) return cause;
  const copy = new SyntaxError(message);
  copy.stack = `SyntaxError: ${message}`;
  return copy;
}

/** The error for a success status whose body is not what was asked for; `problem` completes "the body …". */
export function unexpectedBody(response: Response, request: Request, problem: string, cause?: unknown) {
  const init = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    contentEncoding: response.headers.get('content-encoding') ?? undefined,
    bodyStart: bodyStartOf(response),
    problem,
    secrets: secretsFor.get(response) ?? [],
  };
  return new ZoomResponseError(targetOf(request), init, { cause: withoutQuotedBody(cause) });
}

// JSON as hey-api's runtime recognises it (`application/json`, `…+json`), so what passes here is parsed as JSON.
const JSON_TYPE = /^\s*application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;

/**
 * A response interceptor for calls that leave `parseAs` at 'auto' (every generated operation): every 2xx
 * body in Zoom's documents is `application/json` (checked by tests/contract/response-media-types.test.ts),
 * so a body of any other type is not the answer the types promise. Without this the runtime would hand back
 * a string (text/plain, csv, HTML), a Blob (octet-stream, xml) or a ReadableStream (no Content-Type). An
 * empty body is left to the runtime, and a call that asks for another `parseAs` gets what it asked for.
 * An HTML page is a proxy's or a portal's and says so.
 */
export async function refuseNonJson(
  response: Response,
  request: Request,
  options?: { parseAs?: string },
): Promise<Response> {
  if (!response.ok || (options?.parseAs ?? 'auto') !== 'auto') return response;
  const type = response.headers.get('content-type');
  if (type !== null && JSON_TYPE.test(type)) return response;
  if (type !== null && /^\s*text\/html\b/i.test(type)) {
    throw unexpectedBody(response, request, 'is an HTML page, not an answer from the Zoom API');
  }
  if (response.status === 204 || response.body === null) return response;
  // Rare (not JSON), so reading a copy of the body to see whether it is empty costs nothing that matters.
  const empty = (await response.clone().arrayBuffer()).byteLength === 0;
  if (empty) return response;
  throw unexpectedBody(
    response,
    request,
    type === null
      ? "has no Content-Type; the operation's document says application/json"
      : "is not JSON, which the operation's document says it is",
  );
}

/** The typed error for an HTTP error response whose body the runtime has already parsed. */
export function errorFromResponse(response: Response, request: Request, body: unknown): ZoomApiError {
  const { code, message } = describe(response, body);
  const secrets = secretsFor.get(response) ?? [];
  // The header facts are printed with the error, so a header that echoes a secret is redacted too.
  const header = (value: string | null | undefined) => (value == null ? undefined : redact(value, secrets));
  const rateLimit = readRateLimit(response.headers, Date.now());
  const init = {
    ...targetOf(request),
    status: response.status,
    code,
    message,
    trackingId: header(response.headers.get('x-zm-trackingid')),
    rateLimit: { ...rateLimit, category: header(rateLimit.category), type: header(rateLimit.type) },
    response,
    body,
    secrets,
  };
  return response.status === 429 ? new ZoomRateLimitError(init) : new ZoomApiError(init);
}

/**
 * The runtime's error interceptor: turns the parsed body it throws for an error status into a
 * ZoomApiError, and anything thrown while a success response was parsed (a SyntaxError from a body that
 * is not JSON, a validator's error) into a ZoomResponseError. Errors that are already ours (timeouts,
 * connection failures), the caller's abort reason, and programming errors before any response (TypeError
 * for a bad option) pass through unchanged.
 */
export function toZoomError(error: unknown, response: Response | undefined, request: Request | undefined): unknown {
  if (error instanceof ZoomError || !response || !request) return error;
  if (request.signal.aborted && error === request.signal.reason) return error;
  if (!response.ok) return errorFromResponse(response, request, error);
  const why = error instanceof SyntaxError ? 'is not valid JSON' : 'could not be read as the expected answer';
  const detail = error instanceof SyntaxError ? withoutBodyQuote(error.message) : (error as Error)?.message;
  return unexpectedBody(response, request, `${why} (${detail ?? String(error)})`, error);
}
