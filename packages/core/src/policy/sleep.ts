// The limit comes from @zoom-api/internal rather than ./settings.ts: the rate limiter and the retries load
// this module on demand, and importing start-up code from here would give that code a chunk of its own.
import { MAX_TIMER_MS } from '@zoom-api/internal';

/**
 * Calls `callback` after `ms`, however long: a wait beyond MAX_TIMER_MS is a chain of timers that each
 * stay within it, so none overflows into a busy loop. Returns the function that cancels it. An infinite
 * `ms` sets no timer (nothing would ever fire).
 */
export function startTimer(callback: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const step = (left: number) => {
    const chunk = Math.min(Math.max(0, left), MAX_TIMER_MS);
    timer = setTimeout(left > MAX_TIMER_MS ? () => step(left - chunk) : callback, chunk);
  };
  if (ms !== Number.POSITIVE_INFINITY) step(ms);
  return () => clearTimeout(timer);
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts; either way the
 * timer and the listener are gone afterwards, so a pending wait never keeps the process alive.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal.reason);
    };
    const cancel = startTimer(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
