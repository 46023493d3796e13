// The in-process memory of the handler: which events it has already handled (so a retry, duplicate or
// replay that reaches the same process is acknowledged without running again) and the newest
// `event_ts` seen per order key (for `ctx.stale`). Bounded in entries and in time, so a busy
// receiver's memory stays flat; across processes, a durable queue does the same job.
import { checkNumber } from '@zoom-api/internal/checks';

/**
 * Two hours. Zoom retries a failed delivery 5, 20 and 60 minutes after the previous try (the last
 * one about 85 minutes after the first), and a captured request verifies for 300 s after its
 * timestamp: 90 minutes in all, plus half an hour for Zoom's own delays and clock differences.
 */
export const DEDUPE_HORIZON_SECONDS = 2 * 60 * 60;

/** Keys remembered per process by default; the oldest are forgotten first beyond this. */
export const DEFAULT_SEEN_ENTRIES = 10_000;

export interface DedupeOptions {
  /** How many event keys (and as many order keys) to remember. Default 10,000. */
  maxEntries?: number | undefined;
  /** How long to remember a handled event, in seconds. Default 7,200 (two hours). */
  ttl?: number | undefined;
}

/** A map whose entries expire `ttlMs` after they were set, keeping at most `max` (the oldest go first). */
class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): void {
    // Deleting first moves the key to the end of the insertion order, which is the eviction order.
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/** How one handling of an event ended: `ok` means it may be acknowledged and never run again. */
export type Outcome = { ok: true } | { ok: false; status: number; error: string; message: string };

export interface SeenSet {
  /**
   * Runs `handle` for `key` unless the key was handled already ('duplicate') or is being handled
   * right now (then this delivery gets the same outcome). `attempt` counts this process's runs.
   */
  once(key: string, handle: (attempt: number) => Promise<Outcome>): Promise<Outcome | 'duplicate'>;
  /** Records `eventTs` for `orderKey`; true when a newer one was recorded before (the event is stale). */
  isStale(orderKey: string, eventTs: number): boolean;
}

/** The seen-set's settings, defaults applied. */
export type DedupeSettings = Record<keyof DedupeOptions, number>;

export function checkDedupe(value: unknown): DedupeSettings | false {
  if (value === false) return false;
  if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new TypeError('dedupe must be an object such as { maxEntries: 10000, ttl: 7200 }, or false to turn it off.');
  }
  const options = (value ?? {}) as DedupeOptions;
  return {
    maxEntries:
      options.maxEntries === undefined
        ? DEFAULT_SEEN_ENTRIES
        : checkNumber('dedupe.maxEntries', options.maxEntries, { unit: 'entries', min: 1, whole: true }),
    ttl:
      options.ttl === undefined
        ? DEDUPE_HORIZON_SECONDS
        : checkNumber('dedupe.ttl', options.ttl, {
            unit: 'seconds',
            min: 1,
            why: `default ${DEDUPE_HORIZON_SECONDS}, past Zoom's last retry`,
          }),
  };
}

export function createSeenSet(options: DedupeSettings | false, now: () => number): SeenSet {
  if (!options) {
    // Off: every delivery runs, and nothing is remembered (no staleness either).
    return { once: (_key, handle) => handle(1), isStale: () => false };
  }
  const ttlMs = options.ttl * 1000;
  const handled = new ExpiringMap<true>(options.maxEntries, ttlMs, now);
  const attempts = new ExpiringMap<number>(options.maxEntries, ttlMs, now);
  const newest = new ExpiringMap<number>(options.maxEntries, ttlMs, now);
  const inFlight = new Map<string, Promise<Outcome>>();
  return {
    async once(key, handle) {
      if (handled.get(key)) return 'duplicate';
      const running = inFlight.get(key);
      if (running) return running;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const run = handle(attempt).then((outcome) => {
        if (outcome.ok) {
          handled.set(key, true);
          attempts.delete(key);
        }
        return outcome;
      });
      inFlight.set(key, run);
      try {
        return await run;
      } finally {
        inFlight.delete(key);
      }
    },
    isStale(orderKey, eventTs) {
      const seen = newest.get(orderKey);
      if (seen !== undefined && seen > eventTs) return true;
      newest.set(orderKey, eventTs);
      return false;
    },
  };
}
