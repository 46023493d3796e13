// The category a call counts against: override, else Zoom's label, else MEDIUM; and the checks on overrides.
import { describe, expect, it } from 'vitest';
import { checkRateLimitCategories, resolveRateLimitCategory } from '../src/rate-limit-category.js';
import type { RateLimitTable } from '../src/rate-limit-store.js';

const table: RateLimitTable = {
  'GET /videosdk/sessions': ['listSessions', 'MEDIUM'],
  'GET /videosdk/sessions/{sessionId}': ['getSessionDetails', 'LIGHT'],
  'DELETE /videosdk/sessions/{sessionId}': ['deleteSession'],
};

describe('resolveRateLimitCategory', () => {
  it("takes Zoom's label, keyed by upper-case method and path template", () => {
    expect(resolveRateLimitCategory(table, 'get', '/videosdk/sessions/{sessionId}')).toEqual({
      category: 'LIGHT',
      operation: 'getSessionDetails',
      source: 'document',
    });
  });

  it('counts an unlabelled operation, or one the table does not know, as MEDIUM and says so', () => {
    expect(resolveRateLimitCategory(table, 'DELETE', '/videosdk/sessions/{sessionId}')).toEqual({
      category: 'MEDIUM',
      operation: 'deleteSession',
      source: 'default',
    });
    expect(resolveRateLimitCategory(undefined, 'GET', '/elsewhere')).toEqual({
      category: 'MEDIUM',
      operation: undefined,
      source: 'default',
    });
  });

  it('lets an override by name or by METHOD /path win over the label, the name first', () => {
    expect(resolveRateLimitCategory(table, 'GET', '/videosdk/sessions', { listSessions: 'HEAVY' }).category).toBe(
      'HEAVY',
    );
    expect(
      resolveRateLimitCategory(table, 'DELETE', '/videosdk/sessions/{sessionId}', {
        'DELETE /videosdk/sessions/{sessionId}': 'RESOURCE-INTENSIVE',
      }),
    ).toEqual({ category: 'RESOURCE-INTENSIVE', operation: 'deleteSession', source: 'override' });
    expect(
      resolveRateLimitCategory(table, 'GET', '/videosdk/sessions', {
        listSessions: 'LIGHT',
        'GET /videosdk/sessions': 'HEAVY',
      }).category,
    ).toBe('LIGHT');
  });
});

describe('checkRateLimitCategories', () => {
  it('accepts names and METHOD /path keys the table knows', () => {
    const overrides = { listSessions: 'HEAVY', 'DELETE /videosdk/sessions/{sessionId}': 'LIGHT' } as const;
    expect(checkRateLimitCategories(overrides, table)).toBe(overrides);
    expect(checkRateLimitCategories(undefined, table)).toBeUndefined();
  });

  it('refuses a value that is not a category, naming the key and the categories', () => {
    expect(() => checkRateLimitCategories({ listSessions: 'heavy' }, table)).toThrow(
      'rateLimit.categories["listSessions"] must be one of LIGHT, MEDIUM, HEAVY, RESOURCE-INTENSIVE; got',
    );
  });

  it('refuses a key that names no operation of the client', () => {
    expect(() => checkRateLimitCategories({ listSesions: 'HEAVY' }, table)).toThrow(
      /rateLimit.categories: "listSesions" is neither an operation of this client nor a 'METHOD \/path' of one; use the function's name \(e.g. "listSessions"\)/,
    );
    expect(() => checkRateLimitCategories({ 'GET /videosdk/sessions/{id}': 'HEAVY' }, table)).toThrow(
      '"GET /videosdk/sessions/{id}" is neither an operation',
    );
  });

  it('refuses something other than an object', () => {
    expect(() => checkRateLimitCategories(['HEAVY'], table)).toThrow(
      "rateLimit.categories must be an object such as { listSessions: 'HEAVY' }; got",
    );
  });
});
