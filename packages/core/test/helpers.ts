// What core's policy tests share: a client of core's own (no product package: the policy is the same
// for every product), the calls the tests make (two list operations typed as the generated ones are, for
// paginate()), a logger that records its lines, and the error a
// call rejects with (rejection, from test-utils).
import { type Client, createZoomClient } from '../src/client.js';
import type { Options, ZoomClientOptions } from '../src/options.js';
import type { RequestPolicyOptions } from '../src/policy/settings.js';

export const SESSIONS = '/videosdk/sessions';
/** A valid listSessions query: one day. */
export const QUERY = { from: '2025-01-01', to: '2025-01-02' };

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

interface Session {
  id?: string;
  session_name?: string;
}

interface ListSessionsData {
  body?: never;
  path?: never;
  query: { from: string; to: string; type?: 'past' | 'live'; page_size?: number; next_page_token?: string };
  url: '/videosdk/sessions';
}

// Types, not interfaces, as the generator writes them: the result's data is read through an index signature.
type ListSessionsResponses = {
  200: { from?: string; to?: string; page_size?: number; next_page_token?: string; sessions?: Session[] };
};

interface ListSessionUsersData {
  body?: never;
  path: { sessionId: string };
  query?: { page_size?: number; next_page_token?: string };
  url: '/videosdk/sessions/{sessionId}/users';
}

type ListSessionUsersResponses = {
  200: { next_page_token?: string; users?: Array<{ id?: string }>; extra?: number[] };
};

/** GET /videosdk/sessions written as the generated listSessions is, with its types: for paginate(). */
export const listSessionsAsGenerated = <ThrowOnError extends boolean = true>(
  options: Options<ListSessionsData, ThrowOnError> & { client: Client },
) => options.client.get<ListSessionsResponses, unknown, ThrowOnError>({ url: SESSIONS, ...options });

/** A list operation whose page has two array fields (users and extra). */
export const listSessionUsersAsGenerated = <ThrowOnError extends boolean = true>(
  options: Options<ListSessionUsersData, ThrowOnError> & { client: Client },
) =>
  options.client.get<ListSessionUsersResponses, unknown, ThrowOnError>({
    url: `${SESSIONS}/{sessionId}/users`,
    ...options,
  });

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
