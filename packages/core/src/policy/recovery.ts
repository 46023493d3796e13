// What the request policy does when an attempt did not simply succeed: it failed without a response
// (a timeout, a connection failure, a body too large), or it was answered 401, 429 or 5xx. Either another
// attempt follows (a retry after its wait, a new token after a 401) or the call ends (an error thrown, or
// the response handed back for the runtime to turn into a ZoomApiError).
//
// Loaded on demand (./request-policy.ts imports it on the first such attempt), so a call that succeeds at
// once, and a bundle of it, carries none of the retry, Retry-After and error code.
import type { ZoomAuth } from '@zoom-api/auth';
import { ZoomConnectionError, ZoomResponseError, ZoomTimeoutError } from '../errors/classes.js';
import { targetOf } from '../errors/target.js';
import type { RequestLog } from '../log/request-log.js';
import type { RateLimiter } from '../rate-limit/limiter.js';
import { ProxyRefused } from '../transport/proxy-refused.js';
import { AttemptTimeout, ResponseTooLarge } from '../transport/transport.js';
import type { Call } from './call.js';
import type { CallHooks } from './call-hooks.js';
import { backoffDelay, isIdempotent, retryDelayFor } from './retry.js';
import { sleep } from './sleep.js';

/** One call's attempts as the policy runs them: what a recovery reads, and the token of the last attempt. */
export interface Attempts {
  request: Request;
  call: Call;
  auth: ZoomAuth;
  /** The token the attempt in flight was sent with. */
  token: string;
  /** The auth's own secrets (its API secret), kept out of every error and line. */
  hidden: readonly string[];
  /** The call's lines, made (and their module loaded) when first asked for. */
  log: () => Promise<RequestLog>;
  hooks: CallHooks | undefined;
  limiter: RateLimiter | undefined;
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

/**
 * The attempt ended without a response. Resolves, after the backoff, when another attempt follows (an
 * idempotent request with retries left); otherwise throws the error the call ends with.
 */
export async function afterFailure(error: unknown, attempts: Attempts): Promise<void> {
  const { request, call, token, hidden, hooks } = attempts;
  const { settings } = call;
  const caller = request.signal;
  const durationMs = call.elapsed();
  const log = await attempts.log();
  log.failed(error, durationMs);
  if (caller.aborted) throw caller.reason;
  if (error instanceof AttemptTimeout) throw new ZoomTimeoutError(targetOf(request), settings.timeout, error.status);
  if (error instanceof ResponseTooLarge) {
    const { status, contentType, limit } = error;
    const problem =
      `is larger than ${limit} bytes (maxResponseBytes) and was not read; ` +
      'raise maxResponseBytes (on the client or this call) if such an answer is expected';
    throw new ZoomResponseError(targetOf(request), { status, contentType, bodyStart: '', problem }, { cause: error });
  }
  const failure = new ZoomConnectionError(targetOf(request), error, [token, ...hidden]);
  // A proxy's refusal is its policy or its credentials: the same request gets the same answer.
  if (!isIdempotent(request.method) || call.retries >= settings.maxRetries || error instanceof ProxyRefused) {
    throw failure;
  }
  const delay = backoffDelay(call.retries, settings);
  hooks?.beforeRetry(delay, error);
  log.retry(delay, error);
  await sleep(delay, caller);
  call.retries++;
}

/**
 * The attempt was answered 401, 429 or 5xx. True, once the wait is over, when another attempt follows:
 * a 401 re-authenticates once with a new token, a retryable status is repeated while retries are left and
 * any Retry-After is within bounds. False when the response goes to the caller.
 */
export async function afterResponse(response: Response, attempts: Attempts): Promise<boolean> {
  const { request, call, auth, token, hooks, limiter } = attempts;
  const { settings } = call;
  const log = await attempts.log();
  if (limiter && response.status === 429) await limiter.pauseAfter(token, call, response);
  if (response.status === 401) {
    // Whatever happens next, this token is spent: the next call must not open with it either.
    auth.invalidate?.(token);
    if (!call.reauthenticated) {
      call.reauthenticated = true;
      const fresh = await auth.getToken();
      // A provider that hands back the token Zoom just refused would only earn the same 401 again.
      if (fresh !== token) {
        hooks?.beforeReauthentication();
        log.reauthenticate();
        discard(response);
        call.renewed = fresh;
        return true;
      }
    }
  }
  const wait = retryDelayFor(response, request.method, call.retries, settings, Date.now());
  if (wait === undefined) return false;
  hooks?.beforeRetry(wait, response);
  log.retry(wait, response);
  discard(response);
  await sleep(wait, request.signal);
  call.retries++;
  return true;
}
