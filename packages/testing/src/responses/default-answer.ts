// What an operation answers when the test has not said: the document's example of the answer when it is
// valid, else a value generated from the schema; the same for the same seed, operation and page. A list
// answers `pages` pages, linked by `next_page_token` (empty on the last), each with its own items.
import type { OperationModel } from '../model/types.js';
import { hashSeed, seededRandom } from './random.js';
import { validValue } from './valid-value.js';

const TOKEN_PREFIX = 'fake-page-';

/** The page a `next_page_token` asks for: 1 without one, the last page for a token the fake did not issue. */
export function pageOf(token: unknown, pages: number): number {
  if (typeof token !== 'string' || token === '') return 1;
  const page = Number(token.startsWith(TOKEN_PREFIX) ? token.slice(TOKEN_PREFIX.length) : Number.NaN);
  return Number.isInteger(page) && page >= 1 && page <= pages ? page : pages;
}

export interface DefaultAnswerOptions {
  seed: number;
  /** Pages of a list operation's default answer. */
  pages: number;
  /** The checked query, for `next_page_token` and `page_size`. */
  query: Record<string, unknown>;
}

const firstPages = new WeakMap<OperationModel, Map<string, unknown>>();

/** The answer body (undefined when the operation answers without one). */
export function defaultAnswer(op: OperationModel, options: DefaultAnswerOptions): unknown {
  const { schema, example, pagination } = op.response;
  if (!schema) return undefined;
  const page = pagination ? pageOf(options.query.next_page_token, options.pages) : 1;
  const key = `${options.seed}/${page}`;
  let cache = firstPages.get(op);
  if (!cache) {
    cache = new Map();
    firstPages.set(op, cache);
  }
  let value = cache.get(key);
  if (value === undefined) {
    const random = seededRandom(hashSeed(options.seed, op.method, op.path, page));
    // Page 1 starts from the document's example; later pages invent their items so they differ.
    value = validValue(schema, random, page === 1 && example !== undefined ? { start: example } : { invent: page > 1 });
    cache.set(key, value);
  }
  const answer = structuredClone(value) as Record<string, unknown>;
  if (pagination && answer !== null && typeof answer === 'object') {
    answer.next_page_token = page < options.pages ? `${TOKEN_PREFIX}${page + 1}` : '';
    if (typeof answer.page_size === 'number' && typeof options.query.page_size === 'number') {
      answer.page_size = options.query.page_size;
    }
  }
  return answer;
}
