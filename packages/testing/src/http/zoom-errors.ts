// Zoom's error answers: `{ code, message }` (and `errors` per field for a request that breaks the document),
// with the status Zoom uses.
import { STATUS_CODES } from 'node:http';
import { rateLimitMessage } from '@zoom-api/internal/rate-windows';
import type { Problem } from '../validation/problem.js';

export interface ZoomErrorBody {
  code: number;
  message: string;
  errors?: { field: string; message: string }[];
}

export interface ErrorAnswer {
  status: number;
  body: ZoomErrorBody;
  headers?: Record<string, string>;
}

/** A request that breaks the document: Zoom's 400 with code 300 and the fields at fault. */
export function validationFailed(problems: readonly Problem[]): ErrorAnswer {
  return { status: 400, body: { code: 300, message: 'Validation Failed.', errors: problems.map((p) => ({ ...p })) } };
}

/** No operation of Zoom's documents has this path. */
export function noSuchApi(method: string, path: string): ErrorAnswer {
  return { status: 404, body: { code: 404, message: `No API at ${method} ${path} in Zoom's documents.` } };
}

export function methodNotAllowed(method: string, path: string, allowed: readonly string[]): ErrorAnswer {
  return {
    status: 405,
    body: { code: 405, message: `${path} does not take ${method}; it takes ${allowed.join(', ')}.` },
    headers: { allow: allowed.join(', ') },
  };
}

/** The body Zoom would send with `status`, for a failure the test asked for without giving one. */
export function errorBodyFor(status: number): ZoomErrorBody {
  if (status === 401) return { code: 124, message: 'Invalid access token.' };
  if (status === 429)
    return { code: 429, message: rateLimitMessage({ type: 'QPS', limit: 0, remaining: 0, retryAfter: '1' }) };
  return { code: status, message: STATUS_CODES[status] ?? `HTTP ${status}` };
}
