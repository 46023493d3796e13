// The client side of Zoom's account rate limits: a call over budget waits in a FIFO queue per
// account and category instead of going out and earning a 429. Only the head of a queue asks the
// store (in-process, or shared through `@zoom-api/redis`), so a queue costs one store round trip per
// call however long it is. The store keeps time; this module turns a plan into rules, decides a
// call's category, bounds the wait (maxWait, the caller's signal) and remembers Zoom's 429 pauses.
//
// Loaded on demand: the request policy imports it (`import()`) for a client with `rateLimit`, so a
// client without one, and a bundle that never sets it up, carries none of it.
import type { ZoomAuth } from '@zoom-api/auth';
import { describeValue } from '@zoom-api/internal';
import { ZoomRateLimitError } from '../errors/classes.js';
import { targetOf } from '../errors/target.js';
import type { ZoomLogger } from '../log/logger.js';
import type { RequestLog } from '../log/request-log.js';
import type { Call, Listing } from '../policy/call.js';
import { startTimer } from '../policy/sleep.js';
import { readRateLimit } from './headers.js';
import { checkRateLimit, isCategory } from './option.js';
import {
  DEFAULT_MAX_WAIT,
  RATE_LIMIT_PLANS,
  type RateLimitOptions,
  type RateLimitPlan,
  SHARED_DAILY,
  SPACING_MARGIN,
} from './plans.js';
import { retryAfterOf } from './retry-after.js';
import {
  DEFAULT_RATE_LIMIT_CATEGORY,
  memoryStore,
  RATE_LIMIT_CATEGORIES,
  type RateLimitCategory,
  type RateLimitRule,
  type RateLimitStore,
  type RateLimitTable,
} from './store.js';

/** How Zoom spells a category in `X-RateLimit-Category`. */
const ZOOM_SPELLING: Record<RateLimitCategory, string> = {
  LIGHT: 'Light',
  MEDIUM: 'Medium',
  HEAVY: 'Heavy',
  'RESOURCE-INTENSIVE': 'Resource-intensive',
};

/** The rules each category's calls draw from, for a plan and its overrides. */
export function rulesFor(
  plan: RateLimitPlan,
  limits: RateLimitOptions['limits'] = {},
): Record<RateLimitCategory, RateLimitRule[]> {
  const base = RATE_LIMIT_PLANS[plan];
  const shared = limits[SHARED_DAILY]?.perDay ?? base[SHARED_DAILY]?.perDay;
  const rules = {} as Record<RateLimitCategory, RateLimitRule[]>;
  for (const category of RATE_LIMIT_CATEGORIES) {
    const [planned, given] = [base[category], limits[category]];
    const perSecond = given?.perSecond ?? planned.perSecond;
    const perMinute = given?.perMinute ?? planned.perMinute;
    const perDay = given?.perDay ?? planned.perDay;
    const list: RateLimitRule[] = [];
    if (perSecond !== undefined) {
      list.push({ budget: `${category}/second`, kind: 'spacing', intervalMs: (1_000 / perSecond) * SPACING_MARGIN });
    }
    if (perMinute !== undefined) {
      list.push({ budget: `${category}/minute`, kind: 'spacing', intervalMs: (60_000 / perMinute) * SPACING_MARGIN });
    }
    if (perDay !== undefined) list.push({ budget: `${category}/day`, kind: 'daily', limit: perDay });
    if (shared !== undefined && (category === 'HEAVY' || category === 'RESOURCE-INTENSIVE')) {
      list.push({ budget: `${SHARED_DAILY}/day`, kind: 'daily', limit: shared });
    }
    rules[category] = list;
  }
  return rules;
}

/** Why a call was not sent; the policy turns it into a ZoomRateLimitError for its request. */
export class RateLimitRefusal {
  constructor(
    readonly category: RateLimitCategory,
    readonly retryAt: number,
    readonly reason: string,
    /** What Zoom's headers would say: `QPS` or `Daily-limit`, and the limit. */
    readonly type: 'QPS' | 'Daily-limit',
    readonly limit: number | undefined,
  ) {}
}

/** The ZoomRateLimitError of a call the limiter refused: nothing was sent. */
export function refusalError(refusal: RateLimitRefusal, target: { method: string; url: string }): ZoomRateLimitError {
  const now = Date.now();
  const retryAt = new Date(refusal.retryAt);
  // The headers Zoom would have answered with, so that code handling Zoom's 429s reads them the same way.
  const headers = new Headers({
    'x-ratelimit-category': ZOOM_SPELLING[refusal.category],
    'x-ratelimit-type': refusal.type,
    'x-ratelimit-remaining': '0',
    'retry-after':
      refusal.type === 'Daily-limit'
        ? retryAt.toISOString()
        : String(Math.max(0, Math.ceil((refusal.retryAt - now) / 1_000))),
  });
  if (refusal.limit !== undefined) headers.set('x-ratelimit-limit', String(refusal.limit));
  const response = new Response(null, { status: 429, headers });
  return new ZoomRateLimitError({
    ...target,
    status: 429,
    code: undefined,
    message: `${target.method} ${target.url} was not sent: ${refusal.reason}`,
    trackingId: undefined,
    rateLimit: readRateLimit(headers, now),
    response,
    body: undefined,
    refused: { category: refusal.category, retryAt },
  });
}

function describeRule(rule: RateLimitRule, category: RateLimitCategory): { text: string; limit: number } {
  if (rule.kind === 'daily') {
    const budget = rule.budget.replace(/\/day$/, '');
    return { text: `the ${budget} daily budget (${rule.limit} calls per UTC day)`, limit: rule.limit };
  }
  const perMinute = rule.budget.endsWith('/minute');
  const limit = Math.round((perMinute ? 60_000 : 1_000) / (rule.intervalMs / SPACING_MARGIN));
  return { text: `the ${category} rate limit (${limit} calls per ${perMinute ? 'minute' : 'second'})`, limit };
}

interface Waiter {
  scope: string;
  category: RateLimitCategory;
  rules: readonly RateLimitRule[];
  deadline: number;
  resolve(): void;
  reject(reason: unknown): void;
  settled: boolean;
  cleanup?: () => void;
  /** Starts the maxWait timer: only for calls that really wait, so a call that goes at once sets no timer. */
  arm?: (() => void) | undefined;
}

/** One FIFO queue of one (store, scope, category): only its head asks the store. */
class Queue {
  readonly #store: RateLimitStore;
  readonly #waiters: Waiter[] = [];
  #pumping = false;
  #drop: () => void;
  // Ends the pump's sleep early: set while it sleeps until the head's slot.
  #wake: (() => void) | undefined;

  constructor(store: RateLimitStore, drop: () => void) {
    this.#store = store;
    this.#drop = drop;
  }

  get length(): number {
    return this.#waiters.length;
  }

  /** Nobody waiting and nobody asking the store: a new call is at the front. */
  get idle(): boolean {
    return !this.#pumping && this.#waiters.length === 0;
  }

  add(waiter: Waiter): void {
    this.#waiters.push(waiter);
    if (this.#pumping) waiter.arm?.();
    else this.#start();
  }

  /**
   * A waiter left without the pump (aborted, or its maxWait ran out). With nobody left waiting, the pump's
   * sleep is cut short, so that its timer does not keep the process alive for a call nobody awaits.
   */
  left(): void {
    if (this.#waiters.every((waiter) => waiter.settled)) this.#wake?.();
  }

  #start(): void {
    // Nothing the pump does may become an unhandled rejection (that ends the process): whatever escapes
    // its own handling fails the calls still waiting.
    this.#pump().catch((error: unknown) => {
      for (const waiter of this.#waiters.splice(0)) {
        if (waiter.settled) continue;
        waiter.settled = true;
        waiter.cleanup?.();
        waiter.reject(error);
      }
    });
  }

  /** Sleeps `ms` (clamped into timers Node can hold), or until left() finds the queue empty. */
  #sleep(ms: number): Promise<void> {
    if (this.#waiters.every((waiter) => waiter.settled)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#wake = undefined;
        resolve();
      };
      const cancel = startTimer(done, ms);
      this.#wake = () => {
        cancel();
        done();
      };
    });
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      for (;;) {
        while (this.#waiters.length > 0 && (this.#waiters[0] as Waiter).settled) this.#waiters.shift();
        const head = this.#waiters[0];
        if (!head) break;
        let answer: Awaited<ReturnType<RateLimitStore['take']>>;
        try {
          const now = Date.now();
          answer = await this.#store.take(head.scope, head.category, head.rules, now);
          // Date.now() counts whole milliseconds, the real time is up to 1 ms later: a slot less than
          // 1 ms ahead (limits above 1,000 a second) may be taken now rather than after a timer.
          if (!answer.ok && answer.retryAt < now + 1) {
            answer = await this.#store.take(head.scope, head.category, head.rules, answer.retryAt);
          }
          if (!answer.ok) checkRetryAt(answer.retryAt);
        } catch (error) {
          this.#settle(head, error, false);
          continue;
        }
        if (answer.ok) {
          // The head may have been aborted while the store answered: the budget it took goes to the next.
          while (this.#waiters.length > 0 && (this.#waiters[0] as Waiter).settled) this.#waiters.shift();
          const next = this.#waiters[0];
          if (next) this.#settle(next, undefined, true);
          continue;
        }
        // Aborted while the store answered: nothing to wait for on its behalf.
        if (head.settled) continue;
        const { retryAt, blockedBy } = answer;
        head.arm?.();
        if (blockedBy !== 'pause' && blockedBy.kind === 'daily') {
          const { text, limit } = describeRule(blockedBy, head.category);
          const when = new Date(retryAt).toISOString();
          this.#settle(
            head,
            new RateLimitRefusal(
              head.category,
              retryAt,
              `${text} is spent; it starts again at ${when}.`,
              'Daily-limit',
              limit,
            ),
            false,
          );
          continue;
        }
        if (retryAt > head.deadline) {
          const when = new Date(retryAt).toISOString();
          const described = blockedBy === 'pause' ? undefined : describeRule(blockedBy, head.category);
          const what = described?.text ?? `the ${head.category} category, paused after Zoom answered 429 (Retry-After)`;
          this.#settle(
            head,
            new RateLimitRefusal(
              head.category,
              retryAt,
              `${what} frees up at ${when}, later than maxWait allows; raise rateLimit.maxWait to wait longer.`,
              'QPS',
              described?.limit,
            ),
            false,
          );
          continue;
        }
        await this.#sleep(retryAt - Date.now());
      }
    } finally {
      this.#pumping = false;
      this.#drop();
    }
  }

  #settle(waiter: Waiter, reason: unknown, ok: boolean): void {
    this.#waiters.shift();
    waiter.settled = true;
    waiter.cleanup?.();
    if (ok) waiter.resolve();
    else waiter.reject(reason);
  }
}

/** A store's `retryAt` must be a moment: NaN or Infinity would stall the queue or break its messages. */
function checkRetryAt(retryAt: unknown): void {
  if (typeof retryAt !== 'number' || !Number.isFinite(retryAt)) {
    throw new TypeError(
      `rateLimit.store.take() answered retryAt ${describeValue(retryAt)}; a store must answer a finite epoch in milliseconds.`,
    );
  }
}

// One store for every client of this process that names none: Zoom's limits are per account, so two
// clients of the same account must draw from one budget. Kept under a global symbol so that the ESM and
// CommonJS builds (or two installed versions of core) in one process share it too.
const PROCESS_STORE = Symbol.for('zoom-api.rate-limit.process-store');

function processStore(): RateLimitStore {
  const global = globalThis as { [PROCESS_STORE]?: RateLimitStore };
  global[PROCESS_STORE] ??= memoryStore();
  return global[PROCESS_STORE];
}
// Queues per store, then per scope and category; a queue is dropped when it empties.
const queuesOf = new WeakMap<RateLimitStore, Map<string, Queue>>();

/** The `iss` claim of a JWT (Zoom's API key), or undefined for anything else. */
function issuerOf(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const iss = (JSON.parse(json) as { iss?: unknown }).iss;
    return typeof iss === 'string' && iss !== '' ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** The limiter of a client's `rateLimit` option, checked first (a bad option throws, naming what is wrong). */
export function limiterFor(option: unknown, table: RateLimitTable | undefined): RateLimiter {
  return new RateLimiter(checkRateLimit(option) as RateLimitOptions, table);
}

/** A client's limiter: its rules, store and bounds. Built from the checked `rateLimit` option. */
export class RateLimiter {
  readonly options: RateLimitOptions;
  readonly #rules: Record<RateLimitCategory, RateLimitRule[]>;
  readonly #store: RateLimitStore;
  /** The client's logger at its level, once attached: for the warning about a listing's next page. */
  #logger: ZoomLogger | undefined;
  readonly #maxWait: number;
  readonly #overrides: Record<string, RateLimitCategory>;
  #byRoute = new Map<string, RateLimitCategory>();
  #lastToken: string | undefined;
  #lastScope = 'default';

  constructor(options: RateLimitOptions, table: RateLimitTable | undefined) {
    this.options = options;
    this.#rules = rulesFor(options.plan, options.limits);
    this.#store = options.store ?? processStore();
    this.#maxWait = options.maxWait ?? DEFAULT_MAX_WAIT;
    this.#overrides = options.categories ?? {};
    this.setTable(table);
  }

  /** Resolves every operation of the product's table once, so a call's category is one map lookup. */
  setTable(table: RateLimitTable | undefined): void {
    const byRoute = new Map<string, RateLimitCategory>();
    const names = new Set<string>();
    for (const [route, [name, category]] of Object.entries(table ?? {})) {
      names.add(name);
      byRoute.set(route, this.#overrides[name] ?? this.#overrides[route] ?? category ?? DEFAULT_RATE_LIMIT_CATEGORY);
    }
    for (const [key, category] of Object.entries(this.#overrides)) {
      if (/^[A-Z]+ \//.test(key)) {
        if (!byRoute.has(key)) byRoute.set(key, category);
      } else if (table !== undefined && !names.has(key)) {
        throw new TypeError(
          `rateLimit.categories: this client has no operation named '${key}'; use an operation's name ` +
            "(e.g. 'listSessions') or 'METHOD /path' as in Zoom's documents (e.g. 'GET /videosdk/sessions').",
        );
      }
    }
    this.#byRoute = byRoute;
  }

  /** Hands the client's logger to a store that wants one. */
  attach(logger: ZoomLogger): void {
    this.#logger = logger;
    this.#store.attach?.(logger);
  }

  /** The category of a call by its method and path template (`GET /videosdk/sessions/{sessionId}`). */
  categoryOf(call: Call): RateLimitCategory {
    return (call.route !== undefined && this.#byRoute.get(call.route)) || DEFAULT_RATE_LIMIT_CATEGORY;
  }

  /**
   * The request policy's gate before each attempt (retries included: each is a call to Zoom and draws
   * from the budget). Resolves with the token to send once the call's turn has come: the one given, or a
   * fresh one after a wait (a long wait may outlive a token). Rejects with the ZoomRateLimitError of a
   * refusal, when nothing was sent. A page of a paginate() listing whose turn cannot come within maxWait
   * is warned about first, once per listing.
   */
  async admit(token: string, call: Call, request: Request, auth: ZoomAuth, log: () => Promise<RequestLog>) {
    const category = this.categoryOf(call);
    const { listing } = call;
    if (listing) this.#warnIfPageOutwaits(listing, token, category, request);
    try {
      const waited = await this.acquire(token, category, request.signal);
      if (listing) listing.lastSentAt = Date.now();
      if (waited === 0) return token;
      (await log()).rateLimitWaited(category, waited);
      return await auth.getToken();
    } catch (error) {
      if (!(error instanceof RateLimitRefusal)) throw error;
      (await log()).rateLimitRefused(category, error.reason);
      throw refusalError(error, targetOf(request));
    }
  }

  /**
   * Once per listing: its next page cannot get its rate-limit turn within maxWait, so it will be
   * refused (at once, or after waiting maxWait behind others). Said before that wait, with the numbers.
   */
  #warnIfPageOutwaits(listing: Listing, token: string, category: RateLimitCategory, request: Request): void {
    if (listing.warned || listing.lastSentAt === undefined) return;
    const outwaits = this.outwaits(token, category, listing.lastSentAt, Date.now());
    if (!outwaits) return;
    listing.warned = true;
    const { method, url } = targetOf(request);
    const { waitMs, maxWait, queued, limit } = outwaits;
    const seconds = (waitMs / 1000).toFixed(1);
    this.#logger?.warn(
      `[zoom-api] paginate(): the next page of ${method} ${url} waits at least ${seconds} s for ${limit}` +
        `${queued > 0 ? ` behind ${queued} queued call${queued === 1 ? '' : 's'}` : ''}, longer than ` +
        `rateLimit.maxWait (${maxWait} ms) allows, so it will be refused. Raise rateLimit.maxWait above ` +
        `${Math.ceil(waitMs)} ms for such listings, or make fewer ${category} calls at once.`,
      { event: 'rate-limit-pagination', method, url, category, waitMs: Math.round(waitMs), maxWait, queued },
    );
  }

  scopeOf(token: string): string {
    if (this.options.scope !== undefined) return this.options.scope;
    if (token !== this.#lastToken) {
      this.#lastToken = token;
      this.#lastScope = issuerOf(token) ?? 'default';
    }
    return this.#lastScope;
  }

  /**
   * Resolves when the call may go (it has been counted), with how long it waited in ms (0: it went at
   * once); rejects with a
   * RateLimitRefusal, or with the signal's reason when the caller aborts while it waits.
   */
  acquire(token: string, category: RateLimitCategory, signal: AbortSignal): Promise<number> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const scope = this.scopeOf(token);
    const rules = this.#rules[category];
    const start = Date.now();
    const deadline = start + this.#maxWait;
    let queues = queuesOf.get(this.#store);
    if (!queues) {
      queues = new Map();
      queuesOf.set(this.#store, queues);
    }
    const key = `${scope}\0${category}`;
    const queue = queues.get(key);
    // Nobody ahead: ask the store straight away, without a queue entry, abort listener or timer (the
    // common case when the budget is not the bottleneck). Only a call the store holds back joins the queue.
    if (queue === undefined || queue.idle) {
      const store = this.#store;
      const enqueue = () => this.#enqueue(scope, category, rules, start, deadline, signal, queues, key);
      return store.take(scope, category, rules, start).then((answer) => {
        if (answer.ok) return 0;
        // As in the queue: a slot less than 1 ms ahead is within Date.now()'s resolution; take it now.
        // Anything else (a NaN from a broken store included) waits in the queue, which checks it.
        if (!(answer.retryAt < start + 1)) return enqueue();
        return store.take(scope, category, rules, answer.retryAt).then((again) => (again.ok ? 0 : enqueue()));
      });
    }
    return this.#enqueue(scope, category, rules, start, deadline, signal, queues, key);
  }

  #enqueue(
    scope: string,
    category: RateLimitCategory,
    rules: readonly RateLimitRule[],
    start: number,
    deadline: number,
    signal: AbortSignal,
    queues: Map<string, Queue>,
    key: string,
  ): Promise<number> {
    if (signal.aborted) return Promise.reject(signal.reason);
    let queue = queues.get(key);
    if (!queue) {
      const map = queues;
      queue = new Queue(this.#store, () => {
        if (map.get(key)?.length === 0) map.delete(key);
      });
      queues.set(key, queue);
    }
    const target = queue;
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = {
        scope,
        category,
        rules,
        deadline,
        settled: false,
        resolve: () => resolve(waited ? Math.max(1, Date.now() - start) : 0),
        reject,
      };
      const onAbort = () => {
        if (waiter.settled) return;
        waiter.settled = true;
        waiter.cleanup?.();
        reject(signal.reason);
      };
      // A call behind others may reach its deadline before it is the head.
      let cancelTimer: (() => void) | undefined;
      let waited = false;
      const arm = () => {
        waiter.arm = undefined;
        waited = true;
        if (!Number.isFinite(this.#maxWait) || waiter.settled) return;
        cancelTimer = startTimer(
          () => {
            if (waiter.settled) return;
            waiter.settled = true;
            waiter.cleanup?.();
            reject(
              new RateLimitRefusal(
                category,
                Date.now(),
                `it waited rateLimit.maxWait (${this.#maxWait} ms) in the ${category} queue without its turn coming; ` +
                  'raise maxWait or send fewer calls at once.',
                'QPS',
                undefined,
              ),
            );
          },
          Math.max(0, deadline - Date.now()) + 1,
        );
      };
      waiter.arm = arm;
      waiter.cleanup = () => {
        cancelTimer?.();
        signal.removeEventListener('abort', onAbort);
        target.left();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      target.add(waiter);
    });
  }

  /**
   * At least how long the next call of a caller whose last call of `category` went at `lastSentAt` waits
   * for its turn: one spacing interval after that call, plus one for each call queued ahead of it in this
   * process. Undefined when that cannot be longer than `maxWait`; else the wait and what it is made of.
   */
  outwaits(
    token: string,
    category: RateLimitCategory,
    lastSentAt: number,
    now: number,
  ): { waitMs: number; maxWait: number; queued: number; limit: string } | undefined {
    if (!Number.isFinite(this.#maxWait)) return undefined;
    let widest: Extract<RateLimitRule, { kind: 'spacing' }> | undefined;
    for (const rule of this.#rules[category]) {
      if (rule.kind === 'spacing' && rule.intervalMs > (widest?.intervalMs ?? 0)) widest = rule;
    }
    if (!widest) return undefined;
    const queued = queuesOf.get(this.#store)?.get(`${this.scopeOf(token)}\0${category}`)?.length ?? 0;
    const waitMs = Math.max(0, lastSentAt + widest.intervalMs - now) + queued * widest.intervalMs;
    if (waitMs <= this.#maxWait) return undefined;
    return { waitMs, maxWait: this.#maxWait, queued, limit: describeRule(widest, category).text };
  }

  /**
   * Zoom answered 429: every call of the category waits until its Retry-After, as retry-after.ts reads and
   * caps it (an unreadable one pauses nothing).
   */
  async pauseAfter(token: string, call: Call, response: Response): Promise<void> {
    const category = this.categoryOf(call);
    const now = Date.now();
    const waitMs = retryAfterOf(response.headers, now);
    if (waitMs === undefined || waitMs <= 0) return;
    // Zoom names the category it counted the call in; trust it over our table when it says.
    const named = response.headers.get('x-ratelimit-category')?.toUpperCase();
    await this.#store.pause(this.scopeOf(token), isCategory(named) ? named : category, now + waitMs);
  }
}
