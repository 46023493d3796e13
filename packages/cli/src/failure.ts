// Turns whatever a call threw into the lines the user sees: Zoom's status, code and message for
// an API error, the cause for a timeout or a connection failure.
import { STATUS_CODES } from 'node:http';
import { ZoomApiError, ZoomError } from '@zoom-api/core';

function statusLine(error: ZoomApiError): string {
  const reason = error.response?.statusText || STATUS_CODES[error.status] || '';
  return `HTTP ${error.status}${reason ? ` ${reason}` : ''}`;
}

export function describeFailure(error: unknown): string {
  if (error instanceof ZoomApiError) {
    const lines = [`${statusLine(error)} from ${error.method} ${error.url}`];
    if (error.code !== undefined) lines.push(`  code: ${error.code}`);
    lines.push(`  message: ${error.message}`);
    if (error.trackingId) lines.push(`  tracking id: ${error.trackingId}`);
    if (error.rateLimit?.retryAfter !== undefined) lines.push(`  retry after: ${error.rateLimit.retryAfter} s`);
    return lines.join('\n');
  }
  // Timeouts and connection failures: their message names the request and the cause.
  if (error instanceof ZoomError || error instanceof Error) return error.message;
  return String(error);
}
