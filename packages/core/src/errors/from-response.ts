import type { Call } from '../policy/call.js';
import { readRateLimit } from '../rate-limit/headers.js';
import { ZoomApiError, ZoomError, ZoomRateLimitError, ZoomResponseError } from './classes.js';
import { redact } from './redact.js';
import { targetOf } from './target.js';

const SNIPPET_LENGTH = 200;
const utf8 = new TextDecoder();

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

/** The first characters of the call's last response body (empty when there was none), for an error message. */
function bodyStartOf(call: Call | undefined): string {
  const head = call?.bodyHead;
  if (!head) return '';
  // Control characters (a compressed body, binary) shown as U+FFFD rather than as escapes.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: those are the ones replaced
  const text = utf8.decode(head).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
  return text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
}

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

/**
 * The error for a success status whose body is not what was asked for; `problem` completes "the body …".
 * `call`: the call's state (its options' CALL), whose body excerpt and secrets the error uses.
 */
export function unexpectedBody(
  response: Response,
  request: Request,
  call: Call | undefined,
  problem: string,
  cause?: unknown,
) {
  const init = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    contentEncoding: response.headers.get('content-encoding') ?? undefined,
    bodyStart: bodyStartOf(call),
    problem,
    secrets: call?.secrets ?? [],
  };
  return new ZoomResponseError(targetOf(request), init, { cause: withoutQuotedBody(cause) });
}

/**
 * A 2xx answer, to a call that leaves `parseAs` at 'auto', whose Content-Type is not JSON (../client.ts
 * checks that, and loads this module only then): every 2xx body in Zoom's documents is
 * `application/json` (checked by tests/contract/response-media-types.test.ts), so a body of any other type
 * is not the answer the types promise. Without this the runtime would hand back a string (text/plain, csv,
 * HTML), a Blob (octet-stream, xml) or a ReadableStream (no Content-Type). An empty body is left to the
 * runtime. An HTML page is a proxy's or a portal's and says so.
 */
export async function refuseNonJson(response: Response, request: Request, call: Call | undefined): Promise<Response> {
  const type = response.headers.get('content-type');
  if (type !== null && /^\s*text\/html\b/i.test(type)) {
    throw unexpectedBody(response, request, call, 'is an HTML page, not an answer from the Zoom API');
  }
  if (response.status === 204 || response.body === null) return response;
  // Rare (not JSON), so reading a copy of the body to see whether it is empty costs nothing that matters.
  const empty = (await response.clone().arrayBuffer()).byteLength === 0;
  if (empty) return response;
  throw unexpectedBody(
    response,
    request,
    call,
    type === null
      ? "has no Content-Type; the operation's document says application/json"
      : "is not JSON, which the operation's document says it is",
  );
}

/** The typed error for an HTTP error response whose body the runtime has already parsed. */
export function errorFromResponse(
  response: Response,
  request: Request,
  call: Call | undefined,
  body: unknown,
): ZoomApiError {
  const { code, message } = describe(response, body);
  const secrets = call?.secrets ?? [];
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
 * Turns the parsed body it throws for an error status into a
 * ZoomApiError, and anything thrown while a success response was parsed (a SyntaxError from a body that
 * is not JSON, a validator's error) into a ZoomResponseError. Errors that are already ours (timeouts,
 * connection failures), the caller's abort reason, and programming errors before any response (TypeError
 * for a bad option) pass through unchanged. `call`: the call's state, as ../client.ts found it on the call's options.
 */
function toZoomError(
  error: unknown,
  response: Response | undefined,
  request: Request | undefined,
  call: Call | undefined,
): unknown {
  if (error instanceof ZoomError || !response || !request) return error;
  if (request.signal.aborted && error === request.signal.reason) return error;
  if (!response.ok) return errorFromResponse(response, request, call, error);
  const why = error instanceof SyntaxError ? 'is not valid JSON' : 'could not be read as the expected answer';
  const detail = error instanceof SyntaxError ? withoutBodyQuote(error.message) : (error as Error)?.message;
  return unexpectedBody(response, request, call, `${why} (${detail ?? String(error)})`, error);
}

/**
 * The client's error interceptor (loaded when a call fails; ../client.ts): the error a failed call ends
 * with. With `throwOnError: false` the call resolves to `{ error }` only for what Zoom or the network did
 * (a ZoomError: the type says so); an abort or a bad option rejects, as a missing path parameter already
 * does. The client hands over the call's state rather than its options: this module does not import
 * ../policy/call.ts, which loads at start, so that a bundler keeps that module in the start-up chunk
 * instead of a chunk of its own that both load.
 */
export function callError(
  error: unknown,
  response: Response | undefined,
  request: Request | undefined,
  call: Call | undefined,
  throwing: boolean,
): unknown {
  const failure = toZoomError(error, response, request, call);
  if (!throwing && !(failure instanceof ZoomError)) throw failure;
  return failure;
}
