// The one reading of `Retry-After`, for the policy's retries, the limiter's pauses, errors and hooks.
//
// RFC 9110 §10.2.3: `Retry-After = HTTP-date / delay-seconds`, where delay-seconds is 1*DIGIT and an
// HTTP-date is IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) or one of the two obsolete forms a recipient
// must still accept (§5.6.7): rfc850-date (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime-date
// (`Sun Nov  6 08:49:37 1994`). All are case-sensitive. Zoom also sends an ISO-8601 timestamp for daily
// limits (`2020-05-31T00:00:00Z`, in its rate-limit documentation), read as UTC when it has no offset.
// Anything else is junk and counts as absent: `Date.parse` is not used, since it reads strings such as
// `foo 2099` as dates.
//
// Every wait is capped, so that one header can neither pause a category for years nor overflow a timer:
// - `X-RateLimit-Type: QPS` (a per-second or per-minute limit): at most MAX_QPS_PAUSE_MS;
// - otherwise (a daily limit, a 503, no type): at most until the next 00:00 UTC, when Zoom's daily limits
//   start again, plus DAILY_PAUSE_MARGIN_MS (the bound @zoom-api/redis also applies to a shared pause).
import { DAILY_PAUSE_MARGIN_MS, longestPause } from './store.js';

/** The longest wait honoured for a per-second (or per-minute) limit: 5 minutes. */
export const MAX_QPS_PAUSE_MS = 5 * 60_000;
export { DAILY_PAUSE_MARGIN_MS };

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = `(${DAYS.join('|')})`;
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

const DELAY_SECONDS = /^\d+$/;
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^(${LONG_DAYS.join('|')}), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} (\\d{2}| \\d) ${TIME} (\\d{4})$`);
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Epoch ms of a calendar date and time (UTC), or undefined when a field is out of range (31 Feb, 25:00)
 * or the day name written does not match the date. A leap second (:60) counts as the second after :59.
 */
function moment(
  year: number,
  month: number,
  day: number,
  time: readonly [hour: number, minute: number, second: number],
  dayName?: number,
): number | undefined {
  const [hour, minute, second] = time;
  if (!(month >= 0 && month <= 11 && day >= 1 && hour <= 23 && minute <= 59 && second <= 60)) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which would read the years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month, day);
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return undefined;
  if (dayName !== undefined && date.getUTCDay() !== dayName) return undefined;
  return date.setUTCHours(hour, minute, second, 0);
}

const timeOf = (hour: string, minute: string, second: string) => [+hour, +minute, +second] as const;

// rfc850-date has a two-digit year: "a timestamp that appears to be more than 50 years in the future"
// means the most recent past year with those digits (RFC 9110 §5.6.7).
function fullYear(twoDigits: number, nowMs: number): number {
  const thisYear = new Date(nowMs).getUTCFullYear();
  const year = Math.floor(thisYear / 100) * 100 + twoDigits;
  return year > thisYear + 50 ? year - 100 : year;
}

/** The moment an HTTP-date or Zoom's ISO timestamp names, or undefined when `text` is neither. */
function parseTimestamp(text: string, nowMs: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) {
    const [, name = '', day = '', month = '', year = '', hour = '', minute = '', second = ''] = m;
    return moment(+year, MONTHS.indexOf(month), +day, timeOf(hour, minute, second), DAYS.indexOf(name));
  }
  m = RFC850_DATE.exec(text);
  if (m) {
    const [, name = '', day = '', month = '', year = '', hour = '', minute = '', second = ''] = m;
    const full = fullYear(+year, nowMs);
    return moment(full, MONTHS.indexOf(month), +day, timeOf(hour, minute, second), LONG_DAYS.indexOf(name));
  }
  m = ASCTIME_DATE.exec(text);
  if (m) {
    const [, name = '', month = '', day = '', hour = '', minute = '', second = '', year = ''] = m;
    return moment(+year, MONTHS.indexOf(month), +day, timeOf(hour, minute, second), DAYS.indexOf(name));
  }
  m = ISO_TIMESTAMP.exec(text);
  if (m) {
    const [, year = '', month = '', day = '', hour = '0', minute = '0', second = '0', fraction = '0', offset = 'Z'] = m;
    const at = moment(+year, +month - 1, +day, timeOf(hour, minute, second));
    const offsetMinutes = offset === 'Z' ? 0 : offsetOf(offset);
    if (at === undefined || offsetMinutes === undefined) return undefined;
    return at + Math.floor(Number(`0.${fraction}`) * 1000) - offsetMinutes * 60_000;
  }
  return undefined;
}

function offsetOf(offset: string): number | undefined {
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (offset.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * The latest moment a pause that starts at `nowMs` may last until: `nowMs` + MAX_QPS_PAUSE_MS for a
 * per-second limit (`X-RateLimit-Type: QPS`), else the next 00:00 UTC + DAILY_PAUSE_MARGIN_MS.
 */
export function longestPauseUntil(nowMs: number, rateLimitType?: string | null): number {
  if (rateLimitType?.trim().toUpperCase() === 'QPS') return nowMs + MAX_QPS_PAUSE_MS;
  return longestPause(nowMs);
}

/**
 * Milliseconds to wait according to a `Retry-After` value, capped as this module's header says
 * (`rateLimitType` is the response's `X-RateLimit-Type`); a moment in the past means 0. Undefined for an
 * absent or unreadable value, which is to be treated as no `Retry-After` at all.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
  rateLimitType?: string | null,
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  let waitMs: number | undefined;
  if (DELAY_SECONDS.test(text)) {
    // 400 digits are a number too large for a double (Infinity): the cap below makes it finite.
    waitMs = Number(text) * 1000;
  } else {
    const at = parseTimestamp(text, nowMs);
    if (at === undefined) return undefined;
    waitMs = Math.max(0, at - nowMs);
  }
  return Math.min(waitMs, longestPauseUntil(nowMs, rateLimitType) - nowMs);
}

/** A response's `Retry-After` as a wait in ms (see parseRetryAfter), capped by its `X-RateLimit-Type`. */
export function retryAfterOf(headers: Headers, nowMs: number): number | undefined {
  return parseRetryAfter(headers.get('retry-after'), nowMs, headers.get('x-ratelimit-type'));
}
