// Compiled (never run) by types.test.ts: the public types of the policy as users meet them through
// a product package. Each @ts-expect-error line must stay an error.
import {
  createVideoSdkClient,
  deleteSession,
  getSessionDetails,
  listSessions,
  listSessionUsers,
  paginate,
  type RetryOptions,
  ZoomApiError,
  type ZoomClientOptions,
  type ZoomConnectionError,
  ZoomRateLimitError,
  type ZoomRequestError,
  ZoomTimeoutError,
} from '@zoom-api/videosdk';

const options: ZoomClientOptions = { timeout: 10_000, retry: { maxRetries: 3, maxRetryAfter: 30, baseDelay: 100 } };
const client = createVideoSdkClient(options);
const noRetries: RetryOptions | false = false;
createVideoSdkClient({ retry: noRetries });
// @ts-expect-error timeout is a number of milliseconds
createVideoSdkClient({ timeout: '5s' });
createVideoSdkClient({ rateLimit: { plan: 'business', limits: { HEAVY: { perSecond: 20 } }, maxWait: 5_000 } });
// @ts-expect-error the plan is free, pro or business
createVideoSdkClient({ rateLimit: { plan: 'enterprise' } });
// @ts-expect-error categories are Zoom's four
createVideoSdkClient({ rateLimit: { plan: 'pro', categories: { listSessions: 'light' } } });

export function refusedOrNot(error: ZoomRateLimitError): string {
  const when: Date | undefined = error.retryAt;
  return error.refusedByLimiter ? `not sent; ${error.category} frees up at ${when?.toISOString()}` : 'Zoom said 429';
}

export async function perCallOverrides() {
  const { data, response } = await listSessions({
    client,
    query: { from: '2025-01-01', to: '2025-01-02' },
    timeout: 5000,
    retry: false,
  });
  const status: number = response.status;
  const token: string | undefined = data.next_page_token;
  await listSessions({
    client,
    query: { from: 'a', to: 'b' },
    retry: { maxRetries: 1 },
    signal: AbortSignal.timeout(1),
  });
  // @ts-expect-error retry is false or an object
  await listSessions({ client, query: { from: 'a', to: 'b' }, retry: 3 });
  return [status, token];
}

export async function errors() {
  const result = await getSessionDetails({ client, path: { sessionId: 'x' }, throwOnError: false });
  if (result.error) return result.error;
  try {
    await getSessionDetails({ client, path: { sessionId: 'x' } });
  } catch (error) {
    if (error instanceof ZoomRateLimitError) return error.retryAfter satisfies number | undefined;
    if (error instanceof ZoomApiError) {
      const facts = [error.status, error.code, error.trackingId, error.rateLimit.remaining, error.url, error.method];
      return facts;
    }
  }
  return undefined;
}

export async function errorWhenNotThrowing() {
  const result = await getSessionDetails({ client, path: { sessionId: 'x' }, throwOnError: false });
  if (result.error === undefined) return result.data.id;
  // What the call resolves to is one of the policy's errors, not the document's error bodies or `unknown`.
  const error: ZoomRequestError = result.error;
  const where: string = `${error.method} ${error.url}`;
  if (error instanceof ZoomRateLimitError) return error.retryAfter satisfies number | undefined;
  if (error instanceof ZoomApiError) return [where, error.status, error.code];
  if (error instanceof ZoomTimeoutError) return error.timeout satisfies number;
  error satisfies ZoomConnectionError;
  // @ts-expect-error no data when there is an error
  result.data.id;
  return where;
}

export async function emptyResponse() {
  // A 204 has no body: `data` is null at run time, and typed so (hey-api says `void`).
  const { data } = await deleteSession({ client, path: { sessionId: 'x' } });
  const nothing: null = data;
  const unsafe = await deleteSession({ client, path: { sessionId: 'x' }, throwOnError: false });
  if (!unsafe.error) unsafe.data satisfies null;
  return nothing;
}

export async function pagination() {
  for await (const session of paginate(listSessions, { client, query: { from: 'a', to: 'b', page_size: 300 } })) {
    const id: string | undefined = session.id;
    const name: string | undefined = session.session_name;
    // @ts-expect-error the item is a session, not a page
    session.next_page_token;
    return [id, name];
  }
  for await (const page of paginate.pages(listSessions, { client, query: { from: 'a', to: 'b' } })) {
    const sessions = page.sessions ?? [];
    return sessions.map((s) => s.id);
  }
  for await (const user of paginate(listSessionUsers, { client, path: { sessionId: 's' }, items: 'users' })) {
    return user.user_key;
  }
  // @ts-expect-error `items` must name an array field of the page
  paginate(listSessions, { client, query: { from: 'a', to: 'b' }, items: 'next_page_token' });
  // @ts-expect-error the operation's own required options are still required
  paginate(listSessions, { client });
  // @ts-expect-error getSessionDetails is not a paged operation: its response has no next_page_token
  paginate(getSessionDetails, { client, path: { sessionId: 's' } });
  // @ts-expect-error the same for pages
  paginate.pages(getSessionDetails, { client, path: { sessionId: 's' } });
  return undefined;
}
