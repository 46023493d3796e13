import type { RateLimitCategory } from './rate-limit/store.js';

/** One row of a product's generated operations table (`operations.gen.ts`). */
export interface OperationParameterInfo {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly type?: string;
  readonly enum?: readonly unknown[];
  /** Zoom's description asks for the value to be double-encoded when it contains `/`. */
  readonly doubleEncode?: boolean;
}

export interface OperationInfo {
  /** The exported function's name, e.g. `listSessions`. */
  readonly name: string;
  readonly method: string;
  /** Path template as in Zoom's document, e.g. `/videosdk/sessions/{sessionId}`. */
  readonly path: string;
  readonly summary: string;
  readonly parameters: readonly OperationParameterInfo[];
  readonly body: { readonly required: boolean; readonly contentTypes: readonly string[] } | null;
  readonly rateLimit: OperationRateLimit;
}

/**
 * The rate-limit category an operation counts against. `source: 'document'`: Zoom's document labels it
 * ("Rate Limit Label: `HEAVY`"); `'default'`: it has no label and counts as `MEDIUM`. A client's
 * `rateLimit.categories` can override either.
 */
export interface OperationRateLimit {
  readonly category: RateLimitCategory;
  readonly source: 'document' | 'default';
}
