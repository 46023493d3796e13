// What core's policy tests share: a client of core's own (no product package: the policy is the same
// for every product), the two calls the tests make, a logger that records its lines, and the error a
// call rejects with (rejection, from test-utils).
import { type Client, createZoomClient } from '../src/client.js';
import type { ZoomClientOptions } from '../src/options.js';
import type { RequestPolicyOptions } from '../src/policy/settings.js';

export const SESSIONS = '/videosdk/sessions';

/** A core client against `baseUrl` with a token source that needs no credentials. */
export function zoomClient(baseUrl: string, options: ZoomClientOptions = {}): Client {
  return createZoomClient({ baseUrl, auth: { getToken: async () => 'token-for-core-tests' }, ...options });
}

interface CallOptions extends RequestPolicyOptions {
  query?: Record<string, unknown>;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** GET /videosdk/sessions, as the generated listSessions sends it. */
export function listSessions(client: Client, options: CallOptions = {}) {
  return client.get<unknown, unknown, true>({ url: SESSIONS, ...options });
}

/** POST /videosdk/sessions, as the generated createSession sends it: not idempotent. */
export function createSession(client: Client, body: unknown = { session_name: 'x' }) {
  return client.post<unknown, unknown, true>({ url: SESSIONS, body });
}

/** GET /videosdk/sessions/{sessionId}, as the generated getSessionDetails sends it. */
export function getSessionDetails(client: Client, sessionId: string, options: CallOptions = {}) {
  return client.get<unknown, unknown, true>({ url: `${SESSIONS}/{sessionId}`, path: { sessionId }, ...options });
}

/** DELETE /videosdk/sessions/{sessionId}, as the generated deleteSession sends it: idempotent. */
export function deleteSession(client: Client, sessionId: string, options: CallOptions = {}) {
  return client.delete<unknown, unknown, true>({ url: `${SESSIONS}/{sessionId}`, path: { sessionId }, ...options });
}

/** PUT /videosdk/sessions/{sessionId}/status, as the generated updateSessionStatus sends it: idempotent. */
export function updateSessionStatus(client: Client, sessionId: string, body: unknown) {
  return client.put<unknown, unknown, true>({
    url: `${SESSIONS}/{sessionId}/status`,
    path: { sessionId },
    body,
    headers: { 'Content-Type': 'application/json' },
  });
}

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface LogLine {
  level: Level;
  message: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps every line it is given, with its level and fields. */
export function recordingLogger() {
  const lines: LogLine[] = [];
  const record = (level: Level) => (message: string, fields?: Record<string, unknown>) =>
    lines.push({ level, message, fields: fields ?? {} });
  return {
    lines,
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
  };
}
