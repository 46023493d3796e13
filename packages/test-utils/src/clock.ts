// Clocks for code that waits minutes (Zoom's retry schedule): the real one, one that waits a fraction
// of each delay (the bench), and one that only moves when a test says so.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves once `ms` have passed on this clock. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Real time, but every wait is `factor` times shorter: Zoom's 5-minute retry comes after 300 ms at 1000. */
export function compressedClock(factor: number): Clock {
  return { now: () => Date.now(), sleep: (ms) => systemClock.sleep(ms / factor) };
}

export interface ManualClock extends Clock {
  /** Moves time forward, waking every sleeper due by then in order (each gets to run before the next). */
  advance(ms: number): Promise<void>;
  /** How many sleeps are waiting. */
  readonly sleeping: number;
  /** Resolves once at least `count` sleeps are waiting: the code under test has reached its wait. */
  whenSleeping(count?: number): Promise<void>;
}

/** A clock that stands still until `advance()`; starts at `start` (default: now). */
export function manualClock(start = Date.now()): ManualClock {
  let now = start;
  const sleepers: { due: number; wake: () => void }[] = [];
  const watchers: { count: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const watcher of watchers.filter((w) => sleepers.length >= w.count)) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  };
  // Lets the woken code run up to its next await on the network or on this clock.
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep(ms) {
      return new Promise<void>((wake) => {
        sleepers.push({ due: now + ms, wake });
        sleepers.sort((a, b) => a.due - b.due);
        notify();
      });
    },
    async advance(ms) {
      const target = now + ms;
      for (let next = sleepers[0]; next && next.due <= target; next = sleepers[0]) {
        sleepers.shift();
        now = Math.max(now, next.due);
        next.wake();
        await settle();
      }
      now = target;
    },
    get sleeping() {
      return sleepers.length;
    },
    whenSleeping(count = 1) {
      return new Promise<void>((resolve) => {
        watchers.push({ count, resolve });
        notify();
      });
    },
  };
}
