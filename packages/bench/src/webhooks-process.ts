// A child process of the webhooks section: a receiver (durable: createWebhookHandler({ queue }); inline:
// the callbacks run in the handler) or a worker (queue.process()). Callbacks sleep for the time the
// event carries in `payload.object.bench_delay_ms`, then report to the parent over IPC; the parent
// counts completions per event and kills a worker mid-run.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookQueue } from '@zoom-api/redis';
import { createWebhookHandler, toNodeListener, type WebhookContext } from '@zoom-api/webhooks';
import { Redis } from 'ioredis';

export type WebhookProcessRole = 'durable-receiver' | 'inline-receiver' | 'worker';

export interface WebhookProcessTask {
  type: 'start';
  role: WebhookProcessRole;
  redisUrl: string;
  queueName: string;
  secretToken: string;
  concurrency: number;
  lockDurationMs: number;
}

export type WebhookProcessReport =
  | { type: 'ready'; url?: string }
  | { type: 'started' | 'completed'; id: string; attempt: number };

/** What every bench event has; `bench_delay_ms` is the bench's own field, outside Zoom's documents. */
interface BenchEvent {
  payload: { object: { session_name: string } };
}

const send = (report: WebhookProcessReport) => process.send?.(report);

async function callback(event: BenchEvent, ctx: WebhookContext): Promise<void> {
  const id = event.payload.object.session_name;
  const delay = (event.payload.object as { bench_delay_ms?: number }).bench_delay_ms ?? 0;
  send({ type: 'started', id, attempt: ctx.attempt });
  await new Promise((resolve) => setTimeout(resolve, delay));
  send({ type: 'completed', id, attempt: ctx.attempt });
}

const on = {
  'session.started': callback,
  'session.user_joined': callback,
  'session.recording_completed': callback,
} as const;

async function listen(handler: (request: Request) => Promise<Response>): Promise<() => Promise<void>> {
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
  return async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
}

async function start(task: WebhookProcessTask): Promise<() => Promise<void>> {
  if (task.role === 'inline-receiver') {
    return listen(createWebhookHandler({ secretToken: task.secretToken, on, onError: () => {} }));
  }
  const connection = new Redis(task.redisUrl);
  connection.on('error', () => {});
  const queue = webhookQueue({ connection, name: task.queueName, logger: { warn: () => {}, error: () => {} } });
  const close = async () => {
    await queue.close();
    connection.disconnect();
  };
  if (task.role === 'durable-receiver') {
    await queue.ready();
    // Requests refused (503) or answered late are counted by the simulator; no need to print each.
    const stop = await listen(createWebhookHandler({ secretToken: task.secretToken, queue, onError: () => {} }));
    return async () => {
      await stop();
      await close();
    };
  }
  const worker = queue.process({ on, concurrency: task.concurrency, lockDuration: task.lockDurationMs });
  await worker.ready;
  send({ type: 'ready' });
  return close;
}

process.once('message', (task: WebhookProcessTask) => {
  start(task).then(
    (stop) => process.once('disconnect', () => void stop().then(() => process.exit(0))),
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
});
