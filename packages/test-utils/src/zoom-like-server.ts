// A local stand-in for Zoom's account rate limits, to test the client's limiter against something
// that punishes what Zoom punishes. Zoom counts per account and category over a sliding window, so
// a full burst right after a full window is a violation even though each fixed window stays within
// its limit: only evenly spaced calls pass at the full rate. Requests that earn a 429 are not
// counted against the window (only accepted calls use the budget).
import type { ServerResponse } from 'node:http';
import {
  CATEGORY_HEADER_VALUE,
  type RateLimitViolation,
  RateWindows,
  rateLimitHeaders,
  rateLimitMessage,
} from '@zoom-api/internal/rate-windows';
import { type Arrival, sendJson, startServer, type TestServer } from './server.js';

export type ZoomLikeCategory = 'LIGHT' | 'MEDIUM' | 'HEAVY' | 'RESOURCE-INTENSIVE';
export type ZoomLikePlan = 'free' | 'pro' | 'business';

/** Limits of one category; an absent field is no limit. */
export interface ZoomLikeLimits {
  perSecond?: number;
  perMinute?: number;
  perDay?: number;
}

// Zoom's published table as it prints it, a row per category: the free plan (with its daily caps), Pro,
// and Business (which stands for Business, Education, Enterprise, Partner). Deliberately typed in again
// from Zoom's page rather than imported from core's limiter: this server is the oracle the limiter is
// tested against, and a wrong number shared by both would pass unseen.
const ZOOM_TABLE: [ZoomLikeCategory, free: string, pro: string, business: string][] = [
  ['LIGHT', '4/s 6000/day', '30/s', '80/s'],
  ['MEDIUM', '2/s 2000/day', '20/s', '60/s'],
  ['HEAVY', '1/s 1000/day', '10/s', '40/s'],
  ['RESOURCE-INTENSIVE', '10/min 30000/day', '10/min', '20/min'],
];
/** Calls per day that HEAVY and RESOURCE-INTENSIVE share, on the plans that have such a budget. */
const HEAVY_SHARED_PER_DAY: Partial<Record<ZoomLikePlan, number>> = { pro: 30_000, business: 60_000 };

/** `'4/s 6000/day'` as `{ perSecond: 4, perDay: 6000 }`. */
function limitsOf(cell: string): ZoomLikeLimits {
  const field = { s: 'perSecond', min: 'perMinute', day: 'perDay' } as const;
  return Object.fromEntries(
    cell.split(' ').map((part) => {
      const [count, unit] = part.split('/') as [string, keyof typeof field];
      return [field[unit], Number(count)];
    }),
  );
}

function planLimits(column: 1 | 2 | 3, plan: ZoomLikePlan) {
  const categories = Object.fromEntries(ZOOM_TABLE.map((row) => [row[0], limitsOf(row[column])]));
  const shared = HEAVY_SHARED_PER_DAY[plan];
  return {
    categories: categories as Record<ZoomLikeCategory, ZoomLikeLimits>,
    ...(shared === undefined ? {} : { heavySharedPerDay: shared }),
  };
}

/** Zoom's published limits per plan. */
export const ZOOM_PLAN_LIMITS: Readonly<
  Record<ZoomLikePlan, { categories: Record<ZoomLikeCategory, ZoomLikeLimits>; heavySharedPerDay?: number }>
> = { free: planLimits(1, 'free'), pro: planLimits(2, 'pro'), business: planLimits(3, 'business') };

export interface ZoomLikeServerOptions {
  /** Whose limits apply; default `pro`. */
  plan?: ZoomLikePlan;
  /** Replaces the plan's limits of a category (the whole entry: `{ perSecond: 20 }` has no daily limit). */
  limits?: Partial<Record<ZoomLikeCategory, ZoomLikeLimits>>;
  /** Replaces the plan's HEAVY + RESOURCE-INTENSIVE daily budget; `null` removes it. */
  heavySharedPerDay?: number | null;
  /** The category of a request; default: the `x-test-rate-limit-category` header, else MEDIUM. */
  categoryOf?: (request: Arrival) => ZoomLikeCategory;
  /** The account a request counts against; default: the `iss` of its bearer JWT, else `'account'`. */
  accountOf?: (request: Arrival) => string;
  /** Milliseconds between deciding on a request and answering it (a slow Zoom). */
  delayMs?: number;
  /** Answers an accepted request; default 200 `{}`. */
  respond?: (request: Arrival, res: ServerResponse) => void;
  /** Clock of the limits (epoch ms); default Date.now. Lets a test place requests at exact moments. */
  now?: () => number;
}

export interface ZoomLikeCategoryStats {
  accepted: number;
  rejected: number;
  /** Arrival times (epoch ms) of accepted requests. */
  acceptedAt: number[];
  /** Arrival times (epoch ms) of requests answered 429. */
  rejectedAt: number[];
}

export interface ZoomLikeServer extends TestServer {
  /** What the server saw per category; a category it never saw has zeros. */
  stats(category: ZoomLikeCategory): ZoomLikeCategoryStats;
  /** The next `count` requests of `category` get a 429 with this `Retry-After`, whatever the budget. */
  reject(category: ZoomLikeCategory, count: number, retryAfter: string): void;
}

/** The limit one request broke, as Zoom's headers would describe it. */
export type ZoomLikeViolation = RateLimitViolation;

/**
 * The sliding-window bookkeeping on its own, with explicit times, so its rules can be checked
 * without waiting. `admit` counts the request when it passes. The counting is the one
 * `@zoom-api/testing`'s fake uses (in @zoom-api/internal); the numbers are this file's own table.
 */
export class ZoomLikeWindows extends RateWindows {
  constructor(options: Pick<ZoomLikeServerOptions, 'plan' | 'limits' | 'heavySharedPerDay'> = {}) {
    const plan = ZOOM_PLAN_LIMITS[options.plan ?? 'pro'];
    if (!plan)
      throw new RangeError(`startZoomLikeServer: unknown plan ${String(options.plan)}; use free, pro or business`);
    super({
      categories: { ...plan.categories, ...options.limits },
      heavySharedPerDay:
        options.heavySharedPerDay === null ? undefined : (options.heavySharedPerDay ?? plan.heavySharedPerDay),
    });
  }
}

const CATEGORY_HEADER = 'x-test-rate-limit-category';
const CATEGORIES = new Set<string>(['LIGHT', 'MEDIUM', 'HEAVY', 'RESOURCE-INTENSIVE']);

function defaultCategory(request: Arrival): ZoomLikeCategory {
  const header = request.headers[CATEGORY_HEADER];
  const value = typeof header === 'string' ? header.toUpperCase() : undefined;
  return value !== undefined && CATEGORIES.has(value) ? (value as ZoomLikeCategory) : 'MEDIUM';
}

function defaultAccount(request: Arrival): string {
  const header = request.headers.authorization;
  const payload = header?.startsWith('Bearer ') ? header.slice(7).split('.')[1] : undefined;
  if (payload !== undefined) {
    try {
      const iss = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
      if (typeof iss === 'string') return iss;
    } catch {
      // Not a JWT: every such request counts against one account.
    }
  }
  return 'account';
}

/**
 * A node:http server on 127.0.0.1 that enforces Zoom's per-account rate limits per category and
 * answers 429 with Zoom's headers. Close it with `close()`.
 */
export async function startZoomLikeServer(options: ZoomLikeServerOptions = {}): Promise<ZoomLikeServer> {
  const limits = new ZoomLikeWindows(options);
  const categoryOf = options.categoryOf ?? defaultCategory;
  const accountOf = options.accountOf ?? defaultAccount;
  const now = options.now ?? Date.now;
  const stats = new Map<ZoomLikeCategory, ZoomLikeCategoryStats>();
  const forced = new Map<ZoomLikeCategory, { count: number; retryAfter: string }>();
  const statsOf = (category: ZoomLikeCategory) => {
    let entry = stats.get(category);
    if (!entry) {
      entry = { accepted: 0, rejected: 0, acceptedAt: [], rejectedAt: [] };
      stats.set(category, entry);
    }
    return entry;
  };

  const server = await startServer((request, res) => {
    const category = categoryOf(request);
    const at = now();
    const entry = statsOf(category);
    const force = forced.get(category);
    let violation: ZoomLikeViolation | undefined;
    if (force && force.count > 0) {
      force.count--;
      violation = { type: 'QPS', limit: 0, remaining: 0, retryAfter: force.retryAfter };
    } else {
      violation = limits.admit(accountOf(request), category, at);
    }
    if (violation) {
      entry.rejected++;
      entry.rejectedAt.push(at);
    } else {
      entry.accepted++;
      entry.acceptedAt.push(at);
    }
    const answer = () => {
      if (violation) {
        sendJson(res, 429, { code: 429, message: rateLimitMessage(violation) }, rateLimitHeaders(category, violation));
      } else if (options.respond) {
        options.respond(request, res);
      } else {
        sendJson(res, 200, {}, { 'x-ratelimit-category': CATEGORY_HEADER_VALUE[category] });
      }
    };
    if (options.delayMs) setTimeout(answer, options.delayMs);
    else answer();
  });

  return Object.assign(server, {
    stats: (category: ZoomLikeCategory) => {
      const entry = statsOf(category);
      return { ...entry, acceptedAt: [...entry.acceptedAt], rejectedAt: [...entry.rejectedAt] };
    },
    reject: (category: ZoomLikeCategory, count: number, retryAfter: string) => {
      forced.set(category, { count, retryAfter });
    },
  });
}
