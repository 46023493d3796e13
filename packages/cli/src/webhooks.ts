// `zoom-api webhooks failed [--retry]`: the dead letters of a durable webhook queue (@zoom-api/redis's
// webhookQueue on BullMQ), and their re-drive. The queue's packages are optional peers of the CLI,
// loaded only here, so that the CLI's own install stays small.
import { describeUrl } from '@zoom-api/internal';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors.js';
import type { Writer } from './redact.js';

export const WEBHOOKS_INSTALL = 'npm i @zoom-api/redis bullmq ioredis';

export function webhooksHelp(): string {
  return `Usage: zoom-api webhooks failed [--retry] [KEY...] [options]

Lists the events of a durable webhook queue (webhookQueue() of @zoom-api/redis) whose callback failed
every attempt: failure time, event, key, runs and the last error. With --retry, runs them again (all
of them, or the KEYs given). Event payloads are never printed.

Options:
  --redis URL      the queue's Redis (default: $REDIS_URL, else redis://127.0.0.1:6379)
  --queue NAME     the queue's name (default: zoom-webhooks)
  --prefix PREFIX  the queue's key prefix (default: bull)
  --limit N        list at most N events (default 100)
  --retry          re-drive the failed events listed (or the KEYs given)
  --json           print JSON: [{ key, event, eventTs, failedReason, attempts, receivedAt, failedAt }]

Needs @zoom-api/redis, bullmq and ioredis beside the CLI: ${WEBHOOKS_INSTALL}
`;
}

interface WebhooksArgs {
  redis: string;
  queue: string | undefined;
  prefix: string | undefined;
  limit: number;
  retry: boolean;
  json: boolean;
  keys: string[];
}

function parseWebhooksArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): WebhooksArgs {
  const args: WebhooksArgs = {
    redis: env.REDIS_URL || 'redis://127.0.0.1:6379',
    queue: undefined,
    prefix: undefined,
    limit: 100,
    retry: false,
    json: false,
    keys: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const [flag, inline] = token.includes('=')
      ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]
      : [token];
    const value = () => {
      const given = inline ?? argv[++i];
      if (given === undefined || given.startsWith('--'))
        throw new UsageError(`${flag} needs a value; see zoom-api webhooks --help.`);
      return given;
    };
    if (flag === '--retry') args.retry = true;
    else if (flag === '--json') args.json = true;
    else if (flag === '--redis') args.redis = value();
    else if (flag === '--queue') args.queue = value();
    else if (flag === '--prefix') args.prefix = value();
    else if (flag === '--limit') {
      const raw = value();
      if (!/^[1-9]\d{0,5}$/.test(raw))
        throw new UsageError(`--limit must be a whole number from 1 to 999999; got '${raw}'.`);
      args.limit = Number(raw);
    } else if (token.startsWith('-'))
      throw new UsageError(`unknown option ${token} for zoom-api webhooks failed; see zoom-api webhooks --help.`);
    else if (/^[0-9a-f]{64}$/.test(token)) args.keys.push(token);
    else
      throw new UsageError(`'${token}' is not an event key (64 hex digits, as zoom-api webhooks failed lists them).`);
  }
  return args;
}

interface QueueModules {
  webhookQueue: typeof import('@zoom-api/redis').webhookQueue;
  Redis: typeof import('ioredis').Redis;
}

/** The optional peers, or a UsageError that says how to install them. */
export async function loadQueueModules(
  load: (specifier: string) => Promise<unknown> = (specifier) => import(specifier),
): Promise<QueueModules> {
  try {
    const [redis, ioredis] = (await Promise.all([load('@zoom-api/redis'), load('ioredis'), load('bullmq')])) as [
      typeof import('@zoom-api/redis'),
      typeof import('ioredis'),
      unknown,
    ];
    return { webhookQueue: redis.webhookQueue, Redis: ioredis.Redis };
  } catch (error) {
    const code = (error as { code?: string } | undefined)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new UsageError(
        `zoom-api webhooks works on the queue of @zoom-api/redis, which needs packages the CLI does not install by itself: ${WEBHOOKS_INSTALL}`,
      );
    }
    throw error;
  }
}

export async function runWebhooks(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: { stdout: Writer; stderr: Writer },
  load?: (specifier: string) => Promise<unknown>,
): Promise<number> {
  const [command, ...rest] = argv;
  const help = (word: string | undefined) => word === '--help' || word === '-h';
  if (command === undefined || help(command) || rest.some(help)) {
    (command === undefined ? out.stderr : out.stdout).write(webhooksHelp());
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command !== 'failed')
    throw new UsageError(`unknown webhooks command '${command}'; the one there is: zoom-api webhooks failed.`);
  const args = parseWebhooksArgs(rest, env);
  const { webhookQueue, Redis } = await loadQueueModules(load);
  // A command fails fast rather than retrying a Redis that is not there.
  const connection = new Redis(args.redis, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  connection.on('error', () => {});
  try {
    await connection.connect();
  } catch (error) {
    throw new Error(`could not reach Redis at ${describeUrl(args.redis)}: ${(error as Error).message}`);
  }
  const queue = webhookQueue({
    connection,
    ...(args.queue !== undefined ? { name: args.queue } : {}),
    ...(args.prefix !== undefined ? { prefix: args.prefix } : {}),
    logger: { warn: () => {}, error: () => {} },
  });
  try {
    const failed = await queue.failed({ limit: args.limit });
    const chosen = args.keys.length > 0 ? failed.filter((f) => args.keys.includes(f.key)) : failed;
    const rows = chosen.map((f) => ({
      key: f.key,
      event: f.event.event,
      eventTs: f.event.event_ts,
      failedReason: f.failedReason,
      attempts: f.attempts,
      receivedAt: f.receivedAt,
      failedAt: f.failedAt,
    }));
    if (args.json && !args.retry) {
      out.stdout.write(`${JSON.stringify(rows)}\n`);
    } else if (!args.json) {
      out.stdout.write(
        `${rows.length} failed event${rows.length === 1 ? '' : 's'} in queue "${queue.name}"` +
          `${failed.length === args.limit ? ` (the ${args.limit} most recent; --limit for more)` : ''}\n`,
      );
      for (const row of rows) {
        const when = row.failedAt === undefined ? '?' : new Date(row.failedAt).toISOString();
        out.stdout.write(`${when}  ${row.event}  ${row.key}  ${row.attempts} runs  ${row.failedReason}\n`);
      }
    }
    if (args.retry) {
      const missing = args.keys.filter((key) => !rows.some((row) => row.key === key));
      const retried = rows.length > 0 ? await queue.retryFailed(rows.map((row) => row.key)) : [];
      if (args.json) out.stdout.write(`${JSON.stringify({ retried, notFailed: missing })}\n`);
      else {
        out.stdout.write(
          `re-driven: ${retried.length} event${retried.length === 1 ? '' : 's'}; they run again on the queue's workers\n`,
        );
        if (missing.length > 0) out.stderr.write(`zoom-api: not in the failed set: ${missing.join(', ')}\n`);
      }
      if (missing.length > 0) return 1;
    }
    return EXIT_OK;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
