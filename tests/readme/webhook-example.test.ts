// The two-process webhooks example of a README (`<!-- example: webhook-receiver -->` and
// `<!-- example: webhook-worker -->`, compiled by ./examples.test.ts) run as written: the worker and the
// receiver as two Node processes on a real redis-server, Zoom's deliveries from test-utils' simulator
// (a duplicate and a replay among them, a leave retried after the user joined again), then SIGTERM to
// both, which must stop them cleanly with every event processed once.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { webhookQueue } from '@zoom-api/redis';
import {
  type RunningRedis,
  sampleZoomEvent,
  startRedis,
  WORKSPACE_ROOT,
  zoomDeliverySimulator,
} from '@zoom-api/test-utils';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractBlocks, findReadmes, readReadme, scratchFileFor } from './readme-examples.js';

const SECRET = 'readme-webhook-secret';
const TSX_LOADER = pathToFileURL(path.join(WORKSPACE_ROOT, 'node_modules/tsx/dist/esm/index.mjs')).href;

const blocks = findReadmes(WORKSPACE_ROOT).flatMap(
  (readme) => extractBlocks(readme, readReadme(WORKSPACE_ROOT, readme)).blocks,
);
const pairs = [...new Set(blocks.map((b) => b.readme))].flatMap((readme) => {
  const receiver = blocks.find((b) => b.readme === readme && b.kind === 'webhook-receiver');
  const worker = blocks.find((b) => b.readme === readme && b.kind === 'webhook-worker');
  return receiver && worker ? [{ readme, receiver, worker }] : [];
});

let redis: RunningRedis;
let scratch: string;
beforeAll(async () => {
  redis = await startRedis();
  const root = path.join(WORKSPACE_ROOT, 'tests/.tmp');
  mkdirSync(root, { recursive: true });
  scratch = mkdtempSync(path.join(root, 'readme-webhooks-'));
});
afterAll(async () => {
  await redis?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves once the process has printed `text` (as many times as `count`). */
  printed(text: string, count?: number): Promise<void>;
  exited: Promise<number | null>;
}

function start(file: string, env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, file], {
    cwd: scratch,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { text: string; count: number; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (output.split(waiter.text).length - 1 >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      check();
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    printed: (text, count = 1) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ text, count, resolve });
        check();
        void exited.then(() => reject(new Error(`exited before printing "${text}":\n${output}`)));
      }),
    exited,
  };
}

describe.each(pairs.map((p) => [p.readme, p] as const))('%s: the two-process webhooks example', (_readme, pair) => {
  it('receives, dedupes, orders and processes Zoom’s deliveries, then stops cleanly on SIGTERM', {
    timeout: 90_000,
  }, async () => {
    const files = [pair.receiver, pair.worker].map((block, i) => {
      const file = path.join(scratch, scratchFileFor(block, i).name);
      writeFileSync(file, scratchFileFor(block, i).text);
      return file;
    });
    const port = await freePort();
    const env = { REDIS_URL: redis.url, ZOOM_WEBHOOK_SECRET_TOKEN: SECRET, PORT: String(port) };
    const worker = start(files[1] as string, env);
    const receiver = start(files[0] as string, env);
    try {
      await receiver.printed(`http://localhost:${port}/`);
      const zoom = zoomDeliverySimulator({ secretToken: SECRET, url: `http://127.0.0.1:${port}/` });
      const t = Date.now() - 10_000;
      const started = sampleZoomEvent('session.started', { eventTs: t, object: { session_name: 'standup' } });
      const first = zoom.deliver(started);
      const answers = [
        await first.done,
        await zoom.duplicate(started).done,
        { attempts: [await zoom.replay(await first.firstSent)] },
        await zoom.deliver(sampleZoomEvent('session.user_joined', { userId: 'ada', eventTs: t + 2 })).done,
      ];
      await worker.printed('joined; 1 present');
      // Zoom's retry of a leave from before that join.
      answers.push(await zoom.deliver(sampleZoomEvent('session.user_left', { userId: 'ada', eventTs: t + 1 })).done);
      expect(answers.map((a) => a.attempts.map((attempt) => attempt.status))).toEqual([
        [200],
        [200],
        [200],
        [200],
        [200],
      ]);
      await worker.printed('ignored an outdated leave of Ada');
      await worker.printed('session standup started');

      receiver.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      expect(await receiver.exited, receiver.output()).toBe(0);
      expect(await worker.exited, worker.output()).toBe(0);
      // Nothing is left to run, so what ran is all that will run: the session start exactly once.
      const connection = new Redis(redis.url);
      const queue = webhookQueue({ connection });
      try {
        expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 3, failed: 0 });
      } finally {
        await queue.close();
        connection.disconnect();
      }
      expect(worker.output().split('session standup started').length - 1).toBe(1);
      expect(worker.output()).toMatch(/run 1\)/);
    } finally {
      for (const running of [receiver, worker]) if (running.child.exitCode === null) running.child.kill('SIGKILL');
    }
  });
});

it('finds the two-process example in the webhooks README', () => {
  expect(pairs.map((p) => p.readme)).toContain('packages/webhooks/README.md');
});
