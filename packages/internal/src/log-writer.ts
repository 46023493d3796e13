// How a line reaches a logger: the one path of every line core's request policy, its rate limiter and
// @zoom-api/redis write. Three things are decided here, once:
//
// - the calling convention. pino (and every child of it) and bunyan take `(fields, message)`; console,
//   winston and most others `(message, fields)`. Each is called the way it reads its arguments, told by a
//   method only pino and bunyan have (pino's `bindings()`, bunyan's `addStream()`), so that a structured
//   logger keeps every field without an adapter of the user's;
// - what is shown: the message and every string among the fields go through the caller's redaction;
//   the console (the default) gets the message alone, on one line, since it states every fact the
//   fields hold and an object printed after it spans ten;
// - failure: a logger that throws, or returns a promise that rejects, cannot change the outcome of what
//   was being logged. Its failure is reported once, outside the logger (which cannot report its own):
//   a process warning where there is a `process`, else the console.

import { describeValue } from './index.js';
import { mapStrings } from './redact.js';

export type LineLevel = 'debug' | 'info' | 'warn' | 'error';
export type LineFields = Readonly<Record<string, unknown>>;
/** A redaction bound to the secrets at hand. */
export type Hide = (text: string) => string;
/** A logger as it is called: console, pino, winston, bunyan, a recorder; any of the four methods. */
export type LoggerLike = { readonly [level in LineLevel]?: (...args: never[]) => unknown };
/** Writes one line: `message` and the strings in `fields` through `hide`; never throws. */
export type LineWriter = (level: LineLevel, message: string, fields: LineFields, hide: Hide) => void;

/** True for loggers that take `(fields, message)`: pino and its children, bunyan. */
export function takesFieldsFirst(logger: object): boolean {
  const { bindings, addStream } = logger as { bindings?: unknown; addStream?: unknown };
  return typeof bindings === 'function' || typeof addStream === 'function';
}

const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ');

/** `Error: message` of something thrown, redacted before it is cut to one short line. */
export function describeThrown(error: unknown, hide: Hide): string {
  if (typeof error === 'string') return oneLine(hide(error));
  if (!(error instanceof Error)) return describeValue(error);
  const message = oneLine(hide(error.message));
  const short = message.length > 200 ? `${message.slice(0, 200)}…` : message;
  return short ? `${error.name}: ${short}` : error.name;
}

function reportOutside(text: string): void {
  const process = (globalThis as { process?: { emitWarning?: (warning: string, options: object) => void } }).process;
  try {
    if (typeof process?.emitWarning === 'function') {
      process.emitWarning(text, { type: 'ZoomApiWarning', code: 'ZOOM_API_LOGGER_FAILED' });
    } else {
      console.error(text);
    }
  } catch {
    // Nowhere left to say it; the call still goes on.
  }
}

/**
 * The writer of `logger` (undefined: the console, one line per event). Its first failure is reported once
 * as a process warning (`ZOOM_API_LOGGER_FAILED`); `owner` names whose logger it is in that warning.
 */
export function lineWriter(logger: LoggerLike | undefined, owner: string): LineWriter {
  const toConsole = logger === undefined || logger === globalThis.console;
  const fieldsFirst = !toConsole && takesFieldsFirst(logger);
  let reported = false;
  const failed = (level: LineLevel, error: unknown, hide: Hide) => {
    if (reported) return;
    reported = true;
    reportOutside(
      `[zoom-api] the logger of ${owner} failed: its ${level}() threw ${describeThrown(error, hide)}. ` +
        'The line was dropped, the rest went on; later failures of this logger are not reported.',
    );
  };
  return (level, message, fields, hide) => {
    try {
      const text = hide(message);
      // The console is looked up at each line, so that a replaced console.warn (a test's spy) gets it.
      if (toConsole) return console[level](oneLine(text));
      const safe = mapStrings(fields, hide);
      const write = logger[level] as ((...args: unknown[]) => unknown) | undefined;
      const result = fieldsFirst ? write?.call(logger, safe, text) : write?.call(logger, text, safe);
      if (typeof (result as PromiseLike<unknown> | null | undefined)?.then === 'function') {
        (result as PromiseLike<unknown>).then(undefined, (error: unknown) => failed(level, error, hide));
      }
    } catch (error) {
      failed(level, error, hide);
    }
  };
}
