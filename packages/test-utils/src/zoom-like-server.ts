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

/**
 * Zoom's published limits per plan (Business stands for Business, Education, Enterprise, Partner).
 * Deliberately typed in again from Zoom's table rather than imported from core's limiter: this server is
 * the oracle the limiter is tested against, and a wrong number shared by both would pass unseen.
 */
export const ZOOM_PLAN_LIMITS: Readonly<
  Record<ZoomLikePlan, { categories: Record<ZoomLikeCategory, ZoomLikeLimits>; heavySharedPerDay?: number }>
> = {
  free: {
    categories: {
      LIGHT: { perSecond: 4, perDay: 6_000 },
      MEDIUM: { perSecond: 2, perDay: 2_000 },
      HEAVY: { perSecond: 1, perDay: 1_000 },
      'RESOURCE-INTENSIVE': { perMinute: 10, perDay: 30_000 },
    },
  },
  pro: {
    categories: {
      LIGHT: { perSecond: 30 },
      MEDIUM: { perSecond: 20 },
      HEAVY: { perSecond: 10 },
      'RESOURCE-INTENSIVE': { perMinute: 10 },
    },
    heavySharedPerDay: 30_000,
  },
  business: {
    categories: {
      LIGHT: { perSecond: 80 },
      MEDIUM: { perSecond: 60 },
      HEAVY: { perSecond: 40 },
      'RESOURCE-INTENSIVE': { perMinute: 20 },
    },
    heavySharedPerDay: 60_000,
  },
};

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
