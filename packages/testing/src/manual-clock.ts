// A clock that moves only when the test moves it: for webhook retries hours apart, delayed answers and
// expiring tokens, without waiting.
import type { Clock } from './clock.js';

export interface ManualClock extends Clock {
  /** Moves the time forward and resolves once every sleep that ended by then has resumed its caller. */
  advance(ms: number): Promise<void>;
  /** How many sleeps are waiting: lets a test wait until the code under test has started one. */
  readonly sleeping: number;
  /** Milliseconds left on each waiting sleep, soonest first: which wait the code under test is in. */
  readonly waits: readonly number[];
}

interface Sleeper {
  at: number;
  resolve(): void;
}

/** A ManualClock starting at `start` (epoch milliseconds; default: now). */
export function createManualClock(start: number = Date.now()): ManualClock {
  let time = start;
  const sleepers = new Set<Sleeper>();
  // Lets the callers of sleeps that ended run before advance() resolves.
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => time,
    get sleeping() {
      return sleepers.size;
    },
    get waits() {
      return [...sleepers].map((s) => s.at - time).sort((a, b) => a - b);
    },
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper: Sleeper = {
          at: time + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleepers.delete(sleeper);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.add(sleeper);
      });
    },
    async advance(ms) {
      if (!(Number.isFinite(ms) && ms >= 0))
        throw new RangeError(`advance: ms must be a number of milliseconds ≥ 0; got ${ms}.`);
      const until = time + ms;
      // Wake sleepers in time order, letting each one's caller run (and maybe sleep again) before the next.
      for (;;) {
        const next = [...sleepers].filter((s) => s.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        sleepers.delete(next);
        time = Math.max(time, next.at);
        next.resolve();
        await settle();
      }
      time = until;
      await settle();
    },
  };
}
