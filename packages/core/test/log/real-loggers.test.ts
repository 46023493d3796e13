// The loggers users pass, as they are (no adapter): pino and bunyan read `(fields, message)`, winston and
// console `(message, fields)`. Each real logger writes through its own serializer to a stream the test
// reads, and every line of an eventful call (each kind of event the policy writes, a failing hook's
// report included) must come out with its message and every one of its structured fields. The console,
// the default, prints one line per event.
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { json, reset, scriptedServerPerTest, type TestServer } from '@zoom-api/test-utils';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import winston from 'winston';
import type { ZoomLogger } from '../../src/log/logger.js';
import { listSessions, QUERY as query, zoomClient } from '../helpers.js';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];
const fast = { maxRetries: 3, baseDelay: 1, maxDelay: 5 };
const serve = scriptedServerPerTest();

afterEach(() => {
  vi.restoreAllMocks();
});

/** The records a logger wrote, as its output stream got them, and a way to wait for the first `count`. */
function output() {
  const records: Record<string, unknown>[] = [];
  let wanted = Number.POSITIVE_INFINITY;
  let arrived = () => {};
  const push = (record: Record<string, unknown>) => {
    records.push(record);
    if (records.length >= wanted) arrived();
  };
  const first = (count: number) =>
    new Promise<Record<string, unknown>[]>((resolve) => {
      wanted = count;
      arrived = () => resolve(records.slice(0, count));
      if (records.length >= count) arrived();
    });
  return { records, push, first };
}

interface RealLogger {
  logger: ZoomLogger;
  out: ReturnType<typeof output>;
  /** The key of the message in a record. */
  messageKey: string;
  /** How the record names each level. */
  levelOf: Record<Level, unknown>;
  fieldsFirst: boolean;
}

// bunyan ships no types; this is the part of its API the test uses.
interface Bunyan {
  createLogger(options: {
    name: string;
    streams: { level: string; type: 'raw'; stream: { write(record: Record<string, unknown>): void } }[];
  }): ZoomLogger;
}
const bunyan = createRequire(import.meta.url)('bunyan') as Bunyan;
const NUMERIC_LEVELS = { debug: 20, info: 30, warn: 40, error: 50 };

const REAL: Record<string, () => RealLogger> = {
  pino: () => {
    const out = output();
    const logger = pino({ level: 'debug' }, { write: (line: string) => out.push(JSON.parse(line)) });
    return { logger, out, messageKey: 'msg', levelOf: NUMERIC_LEVELS, fieldsFirst: true };
  },
  bunyan: () => {
    const out = output();
    const stream = { write: (record: Record<string, unknown>) => out.push(record) };
    const logger = bunyan.createLogger({ name: 'zoom-test', streams: [{ level: 'debug', type: 'raw', stream }] });
    return { logger, out, messageKey: 'msg', levelOf: NUMERIC_LEVELS, fieldsFirst: true };
  },
  winston: () => {
    const out = output();
    const stream = new Writable({
      write(chunk, _encoding, done) {
        out.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const logger = winston.createLogger({
      level: 'debug',
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream })],
    });
    const levelOf = { debug: 'debug', info: 'info', warn: 'warn', error: 'error' };
    return { logger, out, messageKey: 'message', levelOf, fieldsFirst: false };
  },
};

/**
 * Records what the client hands the logger (level and arguments, in order) and passes it on unchanged
 * to the logger's own method: what was given is what the output must show. The logger stays the same
 * object, so it is told apart as it would be.
 */
function tee(logger: ZoomLogger) {
  const given: { level: Level; args: unknown[] }[] = [];
  const methods = logger as unknown as Record<Level, (...args: unknown[]) => unknown>;
  for (const level of LEVELS) {
    const own = methods[level];
    methods[level] = function (this: unknown, ...args: unknown[]) {
      given.push({ level, args });
      return own.apply(this, args);
    };
  }
  return given;
}

/** A new token for each mint, so that a 401 is answered with another. */
function minting() {
  let minted = 0;
  return { getToken: async () => `token-${++minted}-of-a-logger-test` };
}

/** A connection reset, a 401, a 429, a 503, then a 200: every kind of line the policy writes at debug. */
function eventfulServer(): Promise<TestServer> {
  return serve(
    reset,
    json(401, { code: 124, message: 'Invalid access token.' }),
    json(429, {}, { 'retry-after': '0', 'x-ratelimit-category': 'Light', 'x-ratelimit-type': 'QPS' }),
    json(503, { message: 'unavailable' }),
    json(200, { sessions: [] }, { 'x-zm-trackingid': 'v=2.0;clid=us06;rid=REAL-1', 'x-ratelimit-remaining': '29' }),
  );
}

describe.each(Object.keys(REAL))('%s, passed as it is', (name) => {
  it('keeps the message and every structured field of every line', async () => {
    const real = (REAL[name] as () => RealLogger)();
    const given = tee(real.logger);
    const server = await eventfulServer();
    const client = zoomClient(server.baseUrl, {
      auth: minting(),
      logger: real.logger,
      logLevel: 'debug',
      retry: fast,
      hooks: {
        afterResponse: () => {
          throw new RangeError('metrics sink rejected the sample');
        },
      },
    });
    const { response } = await listSessions(client, { query });
    expect(response.status).toBe(200);

    const records = await real.out.first(given.length);
    const lines = given.map(({ level, args }) => {
      // The order the logger reads: anything else would print the object as the message (winston) or
      // drop the fields (pino, bunyan).
      const [fields, message] = real.fieldsFirst ? args : [args[1], args[0]];
      expect(typeof message, `${level} ${JSON.stringify(args)}`).toBe('string');
      expect(fields).toEqual(expect.any(Object));
      return { level, message: message as string, fields: fields as Record<string, unknown> };
    });
    expect(new Set(lines.map((l) => l.fields.event))).toEqual(
      new Set(['request', 'failure', 'retry', 'response', 'reauthenticate', 'hook-failure']),
    );
    expect(records).toHaveLength(lines.length);
    lines.forEach((line, i) => {
      const record = records[i] as Record<string, unknown>;
      expect(record[real.messageKey]).toBe(line.message);
      expect(record.level).toBe(real.levelOf[line.level]);
      const kept = Object.fromEntries(Object.keys(line.fields).map((key) => [key, record[key]]));
      expect(kept, line.message).toEqual(line.fields);
    });
    // The fields that matter to a dashboard are there, typed as numbers where they are numbers.
    const last = records.filter((r) => r.event === 'response').at(-1);
    expect(last).toMatchObject({ status: 200, attempt: 5, trackingId: 'v=2.0;clid=us06;rid=REAL-1' });
    expect(last?.durationMs).toEqual(expect.any(Number));
    expect(records.find((r) => r.event === 'hook-failure')).toMatchObject({
      hook: 'afterResponse',
      error: 'RangeError: metrics sink rejected the sample',
    });
  });
});

describe('the console, the default logger', () => {
  const consoleLines = () => {
    const printed: { level: Level; args: unknown[] }[] = [];
    for (const level of LEVELS) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push({ level, args });
      });
    }
    return printed;
  };

  it.each([
    ['with no logger option', undefined],
    ['passed as logger: console', console],
  ])('prints one line per event, %s: the message alone, without line breaks', async (_label, logger) => {
    const printed = consoleLines();
    const server = await eventfulServer();
    const client = zoomClient(server.baseUrl, {
      ...(logger ? { logger } : {}),
      auth: minting(),
      logLevel: 'debug',
      retry: fast,
      hooks: {
        beforeRetry: () => {
          throw new Error('a message\nover two lines');
        },
      },
    });
    await listSessions(client, { query });
    expect(printed.map((p) => p.level)).toContain('warn');
    expect(printed.length).toBeGreaterThanOrEqual(12);
    for (const { args } of printed) {
      expect(args).toEqual([expect.stringMatching(/^\[zoom-api\] /)]);
      expect(args[0]).not.toMatch(/[\r\n]/);
    }
    expect(printed.some(({ args }) => String(args[0]).includes('threw Error: a message over two lines'))).toBe(true);
  });
});
