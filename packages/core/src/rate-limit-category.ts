// Which rate-limit category a call counts against: the caller's override, else the label Zoom's
// document gives the operation (the product's generated table), else MEDIUM. The limiter asks this
// once per call with the method and the path template the runtime carries (`options.url`).
import { describeValue } from '@zoom-api/internal';
import { RATE_LIMIT_CATEGORIES, type RateLimitCategory, type RateLimitTable } from './rate-limit-store.js';

/** What an operation without a label in Zoom's document counts as. */
export const DEFAULT_RATE_LIMIT_CATEGORY: RateLimitCategory = 'MEDIUM';

/** Overrides by operation name (`listSessions`) or `'METHOD /path/{template}'` (`'GET /videosdk/sessions'`). */
export type RateLimitCategoryOverrides = Readonly<Record<string, RateLimitCategory>>;

export interface ResolvedRateLimitCategory {
  category: RateLimitCategory;
  /** The operation's name, when the product's table knows the call. */
  operation: string | undefined;
  /** `override`: the caller's `categories`; `document`: Zoom's label; `default`: neither gave one. */
  source: 'override' | 'document' | 'default';
}

const isCategory = (value: unknown): value is RateLimitCategory =>
  (RATE_LIMIT_CATEGORIES as readonly unknown[]).includes(value);

/**
 * Checks `categories` (as given to `rateLimit.categories`) against the product's table: each value must
 * be a category and each key an operation name or `'METHOD /path'` the client knows, so a typo fails
 * when the client is created instead of silently overriding nothing.
 */
export function checkRateLimitCategories(
  categories: unknown,
  table: RateLimitTable | undefined,
): RateLimitCategoryOverrides | undefined {
  if (categories === undefined) return undefined;
  if (typeof categories !== 'object' || categories === null || Array.isArray(categories)) {
    throw new TypeError(
      `rateLimit.categories must be an object such as { listSessions: 'HEAVY' }; got ${describeValue(categories)}.`,
    );
  }
  const known = new Set<string>();
  for (const [key, [operation]] of Object.entries(table ?? {})) known.add(key).add(operation);
  for (const [key, value] of Object.entries(categories)) {
    if (!isCategory(value)) {
      throw new TypeError(
        `rateLimit.categories[${JSON.stringify(key)}] must be one of ${RATE_LIMIT_CATEGORIES.join(', ')}; got ${describeValue(value)}.`,
      );
    }
    // Without a table (a client built directly on core) there is nothing to check the keys against.
    if (table && !known.has(key)) {
      throw new TypeError(
        `rateLimit.categories: ${JSON.stringify(key)} is neither an operation of this client nor a 'METHOD /path' ` +
          `of one; use the function's name (e.g. ${JSON.stringify(Object.values(table)[0]?.[0] ?? 'listSessions')}) ` +
          'or its method and path template as in Zoom\'s document (e.g. "GET /videosdk/sessions").',
      );
    }
  }
  return categories as RateLimitCategoryOverrides;
}

/** The category of a call to `method` `path` (the path template, e.g. `/videosdk/sessions/{sessionId}`). */
export function resolveRateLimitCategory(
  table: RateLimitTable | undefined,
  method: string,
  path: string,
  overrides?: RateLimitCategoryOverrides,
): ResolvedRateLimitCategory {
  const key = `${method.toUpperCase()} ${path}`;
  const [operation, labelled] = table?.[key] ?? [];
  const override = (operation !== undefined ? overrides?.[operation] : undefined) ?? overrides?.[key];
  if (override) return { category: override, operation, source: 'override' };
  if (labelled) return { category: labelled, operation, source: 'document' };
  return { category: DEFAULT_RATE_LIMIT_CATEGORY, operation, source: 'default' };
}
