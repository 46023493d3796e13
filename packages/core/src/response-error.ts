import { bodyStartOf } from './buffered-response.js';
import { targetOf, ZoomApiError, ZoomError, ZoomRateLimitError, ZoomResponseError } from './errors.js';
import { readRateLimit } from './rate-limit.js';

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

/** The token each final response was sent with, so that an error built from its body can redact it. */
export const tokenOf = new WeakMap<Response, string>();

/** The error for a success status whose body is not what was asked for; `problem` completes "the body …". */
export function unexpectedBody(response: Response, request: Request, problem: string, cause?: unknown) {
  const init = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    contentEncoding: response.headers.get('content-encoding') ?? undefined,
    bodyStart: bodyStartOf(response),
    problem,
    secrets: [tokenOf.get(response)],
  };
  return new ZoomResponseError(targetOf(request), init, { cause });
}

/**
 * A response interceptor: a 2xx HTML page is a proxy's or a portal's, never a Zoom API answer; without
 * this it would be handed back as a string where the types promise JSON.
 */
export function refuseHtml(response: Response, request: Request): Response {
  const type = response.headers.get('content-type') ?? '';
  if (response.ok && /^\s*text\/html\b/i.test(type)) {
    throw unexpectedBody(response, request, 'is an HTML page, not an answer from the Zoom API');
  }
  return response;
}

/** The typed error for an HTTP error response whose body the runtime has already parsed. */
export function errorFromResponse(response: Response, request: Request, body: unknown): ZoomApiError {
  const { code, message } = describe(response, body);
  const init = {
    ...targetOf(request),
    status: response.status,
    code,
    message,
    trackingId: response.headers.get('x-zm-trackingid') ?? undefined,
    rateLimit: readRateLimit(response.headers, Date.now()),
    response,
    body,
    secrets: [tokenOf.get(response)],
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
  return unexpectedBody(response, request, `${why} (${error instanceof Error ? error.message : String(error)})`, error);
}
