// Whether the store can share budgets through Redis right now, and when to ask Redis again when it cannot.
//
// Two outages look alike from a call but not from a PING: a Redis that does not answer (down, unreachable,
// slower than timeoutMs) and one that answers but refuses writes (maxmemory reached under noeviction, a
// read-only replica, a failed save). A PING succeeds against the second, so a store that probed with PING
// declared it back, failed the next claim and fell back again, warning each time. The probe here is a
// script Redis refuses exactly when it would refuse a claim (scripts.ts, PROBE), so the state changes only
// when what Redis does changes, and each change is one warning.
//
// Probes are not timed by timers: a call made while Redis is out of use starts one in the background when
// it is due, so an idle process holds no timer. They back off, from retryIntervalMs doubling up to
// maxRetryIntervalMs; a fallback soon after a recovery carries the backoff on instead of starting it
// again, so a Redis hovering at its memory limit is tried less and less often rather than flapping.

/** `shared`: budgets are kept in Redis; otherwise this process counts alone until Redis is back. */
export type RedisStoreState = 'shared' | 'unreachable' | 'refusing-writes';

/** What a Redis that answers but takes no writes says (redis-server's error codes). */
const REFUSES_WRITES = /^(?:OOM|READONLY|MISCONF|NOREPLICAS)\b/;

function stateAfter(error: unknown): Exclude<RedisStoreState, 'shared'> {
  // ioredis' ReplyError is Redis' own answer; anything else (refused connection, closed stream, our timeout) is silence.
  const replied = error instanceof Error && error.name === 'ReplyError';
  return replied && REFUSES_WRITES.test(error.message) ? 'refusing-writes' : 'unreachable';
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const UNCOUNTED = 'Other processes sharing the budget are not counted meanwhile.';

export interface HealthSettings {
  retryIntervalMs: number;
  maxRetryIntervalMs: number;
}

export class RedisHealth {
  #state: RedisStoreState = 'shared';
  /** Counts state changes: an exchange that began before the latest one no longer speaks for Redis. */
  #generation = 0;
  #interval: number;
  #nextProbeAt = 0;
  #recoveredAt = Number.NEGATIVE_INFINITY;
  #probing = false;
  readonly #settings: HealthSettings;
  readonly #warn: (message: string, fields: Record<string, unknown>) => void;
  readonly #probe: () => Promise<unknown>;

  constructor(
    settings: HealthSettings,
    warn: (message: string, fields: Record<string, unknown>) => void,
    probe: () => Promise<unknown>,
  ) {
    this.#settings = settings;
    this.#warn = warn;
    this.#probe = probe;
    this.#interval = settings.retryIntervalMs;
  }

  get state(): RedisStoreState {
    return this.#state;
  }

  get generation(): number {
    return this.#generation;
  }

  /** An exchange with Redis that began in `generation` failed: count alone until a probe succeeds. */
  failed(error: unknown, generation: number): void {
    if (generation !== this.#generation || this.#state !== 'shared') return;
    const now = Date.now();
    const { retryIntervalMs, maxRetryIntervalMs } = this.#settings;
    this.#interval =
      now - this.#recoveredAt < maxRetryIntervalMs ? Math.min(this.#interval * 2, maxRetryIntervalMs) : retryIntervalMs;
    this.#nextProbeAt = now + this.#interval;
    this.#change(stateAfter(error), error);
  }

  /** Called by each call while Redis is out of use: starts a probe in the background when one is due. */
  probeIfDue(): void {
    if (this.#state === 'shared' || this.#probing || Date.now() < this.#nextProbeAt) return;
    this.#probing = true;
    this.#probe()
      .then(
        () => {
          this.#recoveredAt = Date.now();
          this.#change('shared', undefined);
        },
        (error: unknown) => {
          this.#interval = Math.min(this.#interval * 2, this.#settings.maxRetryIntervalMs);
          this.#nextProbeAt = Date.now() + this.#interval;
          this.#change(stateAfter(error), error);
        },
      )
      .finally(() => {
        this.#probing = false;
      });
  }

  #change(next: RedisStoreState, error: unknown): void {
    const previous = this.#state;
    if (next === previous) return;
    this.#state = next;
    this.#generation++;
    const fields = { event: 'rate-limit-store', state: next, store: next === 'shared' ? 'redis' : 'local' };
    if (next === 'shared') {
      const what = previous === 'refusing-writes' ? 'takes writes again' : 'answers again';
      this.#warn(`Rate limits: Redis ${what}; budgets are shared with the other processes again.`, fields);
      return;
    }
    const reason = reasonOf(error);
    this.#warn(
      next === 'unreachable'
        ? `Rate limits: Redis does not answer (${reason}); counting this process's calls alone until it does. ${UNCOUNTED}`
        : `Rate limits: Redis answers but refuses writes (${reason}); counting this process's calls alone until it takes them again. ${UNCOUNTED} ` +
            'Redis refuses writes when it is full (maxmemory under the noeviction policy), a read-only replica, or after a failed save (MISCONF).',
      { ...fields, error: reason },
    );
  }
}
