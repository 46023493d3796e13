// One worker process of the rate-limit section: a client of one mode firing calls at a fixed rate at
// the Zoom-like server, from a moment the parent gives so that every worker starts together. It
// reports what became of its calls; the server's own counts are the parent's.
import { createZoomAuth } from '@zoom-api/auth';
import { type RateLimitOptions, ZoomApiError, ZoomRateLimitError } from '@zoom-api/core';
import { redisStore } from '@zoom-api/redis';
import { createVideoSdkClient, listSessions } from '@zoom-api/videosdk';
import { Redis } from 'ioredis';
import { BENCH_CREDENTIALS, QUERY } from './callers.ts';
import { BENCH_CATEGORIES, type LimiterMode, type WorkerReport, type WorkerTask } from './ratelimit-task.ts';

export function rateLimitFor(mode: LimiterMode, redis: Redis | undefined): RateLimitOptions | undefined {
  if (mode === 'none') return undefined;
  return {
    plan: 'pro',
    categories: { ...BENCH_CATEGORIES },
    ...(mode === 'redis' && redis ? { store: redisStore(redis) } : {}),
  };
}

async function run(task: WorkerTask): Promise<WorkerReport> {
  const redis = task.mode === 'redis' ? new Redis(task.redisUrl, { enableOfflineQueue: false }) : undefined;
  const client = createVideoSdkClient({
    auth: createZoomAuth({ ...BENCH_CREDENTIALS }),
    baseUrl: task.baseUrl,
    rateLimit: rateLimitFor(task.mode, redis),
    // Each 429 and retry would be a warning; the server's counts tell the story.
    logLevel: 'error',
  });
  const report: WorkerReport = {
    type: 'report',
    completed: 0,
    failedWith429: 0,
    refusedUnsent: 0,
    cutOff: 0,
    otherErrors: 0,
  };
  const end = new AbortController();
  const calls: Promise<void>[] = [];
  const total = Math.round(task.seconds * task.callsPerSecond);
  const one = async () => {
    try {
      await listSessions({ client, query: QUERY, signal: end.signal });
      report.completed++;
    } catch (error) {
      if (end.signal.aborted) report.cutOff++;
      else if (error instanceof ZoomRateLimitError && error.refusedByLimiter) report.refusedUnsent++;
      else if (error instanceof ZoomApiError && error.status === 429) report.failedWith429++;
      else {
        report.otherErrors++;
        report.firstOtherError ??= (error as Error).message;
      }
    }
  };
  const endAt = task.startAt + task.seconds * 1000;
  setTimeout(() => end.abort(), Math.max(0, endAt - Date.now()));
  for (let i = 0; i < total; i++) {
    const due = task.startAt + (i * 1000) / task.callsPerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    calls.push(one());
  }
  await Promise.all(calls);
  redis?.disconnect();
  return report;
}

process.on('message', (task: WorkerTask) => {
  if (task?.type !== 'run') return;
  run(task).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
});
process.send?.({ type: 'ready' });
