// Helpers of the webhook queue tests: receivers and workers in child processes (so that one can be
// killed), an in-process receiver, and a record of callback runs to wait on.
import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookHandler, toNodeListener, type WebhookHandlerOptions } from '@zoom-api/webhooks';
import type { ReceiverConfig } from './fixtures/webhook-receiver.js';
import type { WorkerConfig, WorkerReport } from './fixtures/webhook-worker.js';

export const SECRET = 'queue-test-secret-4Kd9';
const TSX = import.meta.resolve('tsx');
const children = new Set<ChildProcess>();

function forkFixture(file: string): ChildProcess {
  const child = fork(new URL(`./fixtures/${file}`, import.meta.url), [], {
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Ends every child still running (a failed test must not leave processes behind). */
export async function stopChildren(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          // A graceful stop first: the fixtures close their queue when the test disconnects.
          if (child.connected) child.disconnect();
          setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        }),
    ),
  );
}

/** A receiver process; resolves with its URL once it listens. */
export function receiverProcess(config: ReceiverConfig): Promise<string> {
  const child = forkFixture('webhook-receiver.ts');
  return new Promise((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve(message.url));
    child.once('exit', (code) => reject(new Error(`the receiver exited (code ${code}) before listening`)));
    child.send(config);
  });
}

/** Callback runs, as reported by workers, with waits for a number of them. */
export class Runs {
  readonly started: WorkerReport[] = [];
  readonly completed: WorkerReport[] = [];
  private waiters: { done: () => boolean; resolve: () => void }[] = [];

  record(report: WorkerReport): void {
    if (report.type === 'started') this.started.push(report);
    if (report.type === 'completed') this.completed.push(report);
    for (const waiter of this.waiters.filter((w) => w.done())) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /** Resolves once `condition` holds (checked after every report). */
  until(condition: (runs: Runs) => boolean): Promise<void> {
    if (condition(this)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ done: () => condition(this), resolve }));
  }

  /** How many times each event (by its `session_name`) completed. */
  completionsById(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const run of this.completed) if ('id' in run) counts.set(run.id, (counts.get(run.id) ?? 0) + 1);
    return counts;
  }
}

export interface WorkerProcess {
  readonly pid: number;
  release(key: string): void;
  /** SIGKILL, as a crash or an OOM kill would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Graceful: the worker finishes its running callbacks, closes its queue and exits. */
  stop(): Promise<void>;
}

function ended(child: ChildProcess, end: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    end();
  });
}

/** A worker process reporting its runs into `runs`; resolves once it takes events. */
export function workerProcess(config: WorkerConfig, runs: Runs): Promise<WorkerProcess> {
  const child = forkFixture('webhook-worker.ts');
  return new Promise((resolve, reject) => {
    child.on('message', (report: WorkerReport) => {
      if (report.type === 'ready') {
        resolve({
          pid: report.pid,
          release: (key) => child.send({ type: 'release', key }),
          kill: () => ended(child, () => child.kill('SIGKILL')),
          stop: () => ended(child, () => child.disconnect()),
        });
      } else {
        runs.record(report);
      }
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`the worker exited (${code ?? signal}) before it was ready`)),
    );
    child.send({ type: 'start', ...config });
  });
}

/** createWebhookHandler on a real node:http server in this process. */
export async function receiver(options: WebhookHandlerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(toNodeListener(createWebhookHandler(options)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let queueNumber = 0;
/** A queue name of its own per test, so that tests sharing one Redis never see each other's events. */
export function uniqueQueueName(): string {
  return `test-${process.pid}-${++queueNumber}`;
}
