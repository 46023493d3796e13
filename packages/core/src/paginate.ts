// Zoom's list operations page with `next_page_token`: each response carries the token of the next
// page, empty on the last one. paginate() follows it; pageItems() says which of a page's fields holds the items.

import { describeValue } from '@zoom-api/internal';
import { type RequestTarget, targetOf, withoutQuery } from './errors/target.js';
import { LISTING, type Listing } from './policy/call.js';

/**
 * Pages `paginate()` fetches before it gives up on a server that keeps returning new tokens. 1,000
 * pages is 300,000 items at Zoom's largest `page_size` (300), beyond any listing we know of, and
 * about a minute of calls at Zoom's per-second limits; a server that never runs out of tokens
 * (103,940 requests in 20 s in a fault-injection run) is stopped after that instead of forever.
 */
export const DEFAULT_MAX_PAGES = 1000;

/** Any generated list operation: takes options with an optional query, resolves to `{ data }`. */
// biome-ignore lint/suspicious/noExplicitAny: the operation's own options type is taken as is.
export type PageOperation = (options: any) => Promise<unknown>;

/** The page type an operation resolves to (its `data`). */
export type PageOf<Op extends PageOperation> = NonNullable<DataOf<Op>>;

type DataOf<Op extends PageOperation> =
  Awaited<ReturnType<Op>> extends infer Result ? (Result extends { data: infer Data } ? Data : never) : never;

/** Some shape of the page has a `next_page_token` (`true`), or none does (`never`). */
type HasPageToken<Page> = Page extends unknown ? ('next_page_token' extends keyof Page ? true : never) : never;

/**
 * Where paginate() takes an operation: the operation itself if its page has `next_page_token`,
 * otherwise a type nothing matches, whose one key says why (`paginate(getSessionDetails, …)` would
 * otherwise compile and yield nothing). An operation whose page type is unknown is let through.
 */
export type PagedOperation<Op extends PageOperation> =
  unknown extends DataOf<Op>
    ? Op // untyped (the CLI's operations by name): checked at run time, by the page itself
    : [HasPageToken<PageOf<Op>>] extends [never]
      ? { 'paginate() needs a list operation whose response has next_page_token': never }
      : Op;

/** Names of the page's array-valued fields (`sessions` for listSessions). */
export type ArrayFieldOf<Page> = {
  [K in keyof Page]-?: NonNullable<Page[K]> extends readonly unknown[] ? K : never;
}[keyof Page] &
  string;

/** The element type of the page's array field `K`. */
export type ItemOf<Page, K extends keyof Page = ArrayFieldOf<Page>> =
  NonNullable<Page[K]> extends readonly (infer Item)[] ? Item : never;

/** Options of paginate() itself, next to the operation's own. */
export interface PageLimit {
  /** Most pages to fetch; one more `next_page_token` after that throws `ZoomPaginationError`. Default 1,000. */
  maxPages?: number | undefined;
}

/** The options of one call, plus `items` to name the array field when a page has more than one. */
export type PaginateOptions<Op extends PageOperation, K> = Parameters<Op>[0] & { items?: K | undefined } & PageLimit;

interface PageQuery {
  next_page_token?: unknown;
}

interface CallResult {
  data?: unknown;
  error?: unknown;
  request?: unknown;
  response?: unknown;
}

function checkMaxPages(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_PAGES;
  if (value === Number.POSITIVE_INFINITY || (typeof value === 'number' && Number.isSafeInteger(value) && value > 0)) {
    return value;
  }
  throw new TypeError('paginate(): maxPages must be a positive whole number of pages, or Infinity for no limit.');
}

/** Method and URL of the call that returned `result`, for the error. */
function targetOfResult(result: CallResult): RequestTarget {
  if (result.request instanceof Request) return targetOf(result.request);
  const url = result.response instanceof Response ? withoutQuery(result.response.url) : '';
  return { method: 'GET', url };
}

async function* pagesOf(
  operation: PageOperation,
  options: { items?: unknown; maxPages?: unknown; query?: PageQuery } & Record<string, unknown>,
): AsyncGenerator<unknown, void, undefined> {
  const { items: _items, maxPages: limit, ...callOptions } = options;
  const maxPages = checkMaxPages(limit);
  const seen = new Set<string>();
  const first = options.query?.next_page_token;
  if (typeof first === 'string' && first !== '') seen.add(first);
  let query = options.query;
  const listing: Listing = {};
  for (let pages = 1; ; pages++) {
    const result = (await operation({ ...callOptions, query, [LISTING]: listing })) as CallResult;
    // With `throwOnError: false` the call resolves to `{ error }` instead of throwing.
    if (result.error !== undefined) throw result.error;
    const page = result.data as { next_page_token?: unknown } | undefined;
    yield page;
    const token = page?.next_page_token;
    // A token already followed would repeat pages forever: stop, without an error. The page it leads
    // to was already yielded, so every page has been seen once: the end of the list.
    if (typeof token !== 'string' || token === '' || seen.has(token)) return;
    // Ever-new tokens are not a list but a loop: give up, loudly, rather than run up requests forever.
    if (pages >= maxPages) {
      // Rare: the error classes load with it (../exports/errors.ts says why they are not imported here).
      const { ZoomPaginationError } = await import('./errors/classes.js');
      throw new ZoomPaginationError(targetOfResult(result), maxPages);
    }
    seen.add(token);
    query = { ...options.query, next_page_token: token };
  }
}

/**
 * The items on one page of a list operation, by the one rule every caller uses (paginate() and the
 * CLI's `--all`): a page that is itself an array is the list; otherwise the field named by `items`,
 * else the page's one array-valued field. A page without the field (some APIs omit an empty list), or
 * with no array field at all, has no items. Several array fields and no `items` is refused: picking one
 * (the first, or the first non-empty) could take a different list from one page to the next.
 */
export function pageItems(page: unknown, items?: string): unknown[] {
  if (items !== undefined && typeof items !== 'string') {
    throw new TypeError(
      `items must be the name of the page field that holds the list, such as 'sessions'; got ${describeValue(items)}.`,
    );
  }
  if (Array.isArray(page)) return page;
  if (page === null || typeof page !== 'object') return [];
  const fields = page as Record<string, unknown>;
  if (items !== undefined) return Array.isArray(fields[items]) ? (fields[items] as unknown[]) : [];
  let found: string | undefined;
  for (const key of Object.keys(fields)) {
    if (!Array.isArray(fields[key])) continue;
    if (found !== undefined) {
      throw new TypeError(
        `The page has several array fields (${found}, ${key}); pass items: '${found}' (or '${key}') to choose the one that holds the items.`,
      );
    }
    found = key;
  }
  return found === undefined ? [] : (fields[found] as unknown[]);
}

async function* itemsOf(
  operation: PageOperation,
  options: { items?: unknown; query?: PageQuery } & Record<string, unknown>,
): AsyncGenerator<unknown, void, undefined> {
  const named = options.items as string | undefined;
  // Checked before the first request, not after it.
  pageItems(undefined, named);
  for await (const page of pagesOf(operation, options)) yield* pageItems(page, named);
}

export interface Paginate {
  /**
   * Every item of every page, in order: `for await (const s of paginate(listSessions, { client, query }))`.
   * Follows `next_page_token` until it is empty or repeats; `query.page_size` is sent with every page.
   * After `maxPages` pages (default 1,000) with yet another new token, throws `ZoomPaginationError`.
   */
  <Op extends PageOperation, K extends ArrayFieldOf<PageOf<Op>> = ArrayFieldOf<PageOf<Op>>>(
    operation: Op & PagedOperation<Op>,
    options: PaginateOptions<Op, K>,
  ): AsyncGenerator<ItemOf<PageOf<Op>, K>, void, undefined>;
  /** Every page (the whole response body), in order. */
  pages<Op extends PageOperation>(
    operation: Op & PagedOperation<Op>,
    options: Parameters<Op>[0] & PageLimit,
  ): AsyncGenerator<PageOf<Op>, void, undefined>;
}

export const paginate: Paginate = /* @__PURE__ */ Object.assign(itemsOf, { pages: pagesOf }) as unknown as Paginate;
