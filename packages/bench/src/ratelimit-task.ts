// What the rate-limit section's parent and its worker processes say to each other. Kept apart from the
// worker, whose module starts listening for tasks when it loads: importing it anywhere else (the report,
// a test) would turn that process into a worker.
export type LimiterMode = 'none' | 'memory' | 'redis';

export interface WorkerTask {
  type: 'run';
  mode: LimiterMode;
  baseUrl: string;
  redisUrl: string;
  /** Epoch ms at which the first call goes. */
  startAt: number;
  seconds: number;
  callsPerSecond: number;
}

export interface WorkerReport {
  type: 'report';
  /** Answered 2xx. */
  completed: number;
  /** Failed with Zoom's 429 (after the client's retries). */
  failedWith429: number;
  /** Refused by the limiter before sending (maxWait, or a daily budget spent). */
  refusedUnsent: number;
  /** Still waiting in the queue, or in flight, when the burst ended. */
  cutOff: number;
  otherErrors: number;
  firstOtherError?: string | undefined;
}

/** The bench's one category, as both sides see it: MEDIUM (the server's default for unlabelled requests). */
export const BENCH_CATEGORIES = { listSessions: 'MEDIUM' } as const;
