// `zoom-api webhooks failed [--retry]` (the built command) against a real redis-server holding a durable
// webhook queue with dead letters: listing, JSON, re-drive of one key, a Redis that is not there, and
// the message when the queue's packages are not installed.
import { createHash } from 'node:crypto';
import { webhookQueue } from '@zoom-api/redis';
import { deferred, type RunningRedis, sampleZoomEvent, startRedis } from '@zoom-api/test-utils';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { loadQueueModules, WEBHOOKS_INSTALL } from '../src/webhooks.js';
import { cleanEnv, runCli } from './helpers.js';

const NAME = 'cli-test-webhooks';
let redis: RunningRedis;
let connection: Redis;
let queue: ReturnType<typeof webhookQueue>;
const keys = ['one', 'two'].map((word) => createHash('sha256').update(word).digest('hex'));
const events = [
  sampleZoomEvent('session.recording_completed', { eventTs: Date.now() - 5_000 }),
  sampleZoomEvent('session.started', { eventTs: Date.now() - 4_000 }),
];

beforeAll(async () => {
  redis = await startRedis();
  connection = new Redis(redis.url);
  queue = webhookQueue({ connection, name: NAME, attempts: 1, logger: { warn: () => {}, error: () => {} } });
  let failures = 0;
  const failed = deferred();
  const worker = queue.process({
    on: {
      'session.started': () => {
        throw new Error('the CRM is down');
      },
      'session.recording_completed': () => {
        throw new Error('storage full');
      },
    },
    onError: () => {
      if (++failures === 2) failed.resolve();
    },
  });
  await worker.ready;
  for (const [i, event] of events.entries()) {
    await queue.enqueue({ key: keys[i] as string, orderKey: undefined, event: event as never, receivedAt: Date.now() });
  }
  await failed.promise;
  await worker.close();
});

afterAll(async () => {
  await queue?.close();
  connection?.disconnect();
  await redis?.stop();
});

const env = () => cleanEnv({ REDIS_URL: redis.url });

describe('zoom-api webhooks failed', () => {
  it('lists the dead letters: time, event, key, runs, last error; never the payload', async () => {
    const run = await runCli(['webhooks', 'failed', '--queue', NAME], { env: env() });
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(`2 failed events in queue "${NAME}"`);
    expect(run.stdout).toMatch(new RegExp(`session\\.started  ${keys[1]}  1 runs  the CRM is down`));
    expect(run.stdout).toMatch(new RegExp(`session\\.recording_completed  ${keys[0]}  1 runs  storage full`));
    expect(run.stdout).not.toContain(events[0]?.download_token as string);
    const json = await runCli(['webhooks', 'failed', '--queue', NAME, '--json'], { env: env() });
    expect(JSON.parse(json.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: keys[1],
          event: 'session.started',
          failedReason: 'the CRM is down',
          attempts: 1,
        }),
      ]),
    );
  });

  it('--retry KEY re-drives that event only, and a key that is not failed is an error', async () => {
    const run = await runCli(['webhooks', 'failed', '--queue', NAME, '--retry', keys[1] as string], { env: env() });
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain('re-driven: 1 event;');
    expect(await queue.counts()).toMatchObject({ waiting: 1, failed: 1 });
    const again = await runCli(['webhooks', 'failed', '--queue', NAME, '--retry', keys[1] as string], { env: env() });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`not in the failed set: ${keys[1]}`);
  });

  it('says where Redis was not found, without its password', async () => {
    const run = await runCli(['webhooks', 'failed', '--redis', 'redis://:hunter2@127.0.0.1:1'], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('could not reach Redis at redis://:***@127.0.0.1:1');
    expect(run.output).not.toContain('hunter2');
  });

  it('refuses what it does not know, naming the fix', async () => {
    const bad = await runCli(['webhooks', 'failed', 'not-a-key'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'not-a-key' is not an event key");
    const unknown = await runCli(['webhooks', 'dead'], { env: env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('zoom-api webhooks failed');
    const help = await runCli(['webhooks', '--help'], { env: env() });
    expect(help.stdout).toContain(WEBHOOKS_INSTALL);
  });

  it('names the packages to install when the queue’s packages are missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'bullmq'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const attempt = loadQueueModules((specifier) =>
      specifier === 'bullmq' ? Promise.reject(missing) : import(specifier),
    );
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(WEBHOOKS_INSTALL);
    expect(WEBHOOKS_INSTALL).toBe('npm i @zoom-api/redis bullmq ioredis');
  });
});
