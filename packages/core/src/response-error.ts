import { targetOf, ZoomApiError, ZoomError, ZoomRateLimitError } from './errors.js';
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
  };
  return response.status === 429 ? new ZoomRateLimitError(init) : new ZoomApiError(init);
}

/**
 * The runtime's error interceptor: turns the parsed body it throws for an error status into a
 * ZoomApiError. Errors that are already ours (timeouts, connection failures) and programming
 * errors (TypeError for a bad option) pass through unchanged.
 */
export function toZoomError(error: unknown, response: Response | undefined, request: Request | undefined): unknown {
  if (error instanceof ZoomError || !response || !request || response.ok) return error;
  return errorFromResponse(response, request, error);
}
