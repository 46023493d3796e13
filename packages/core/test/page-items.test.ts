// pageItems(): the one rule, shared by paginate() and the CLI's --all, for which field of a page holds its items.
import { describe, expect, it } from 'vitest';
import { pageItems } from '../src/paginate.js';

describe('pageItems', () => {
  it("takes the page's one array field, whatever its name", () => {
    expect(pageItems({ next_page_token: 'x', page_size: 2, sessions: [1, 2] })).toEqual([1, 2]);
    expect(pageItems({ total_records: 1, users: [{ id: 'u' }], settings: { a: 1 } })).toEqual([{ id: 'u' }]);
  });

  it('a page that is itself an array is the list', () => {
    expect(pageItems([{ id: 'a' }])).toEqual([{ id: 'a' }]);
  });

  it('a page without an array field, or not an object, has no items', () => {
    expect(pageItems({ next_page_token: '' })).toEqual([]);
    expect(pageItems(undefined)).toEqual([]);
    expect(pageItems(null)).toEqual([]);
    expect(pageItems('text')).toEqual([]);
  });

  it('several array fields: the named one, even when empty and another is not', () => {
    const page = { users: [], extra: [1] };
    expect(pageItems(page, 'users')).toEqual([]);
    expect(pageItems(page, 'extra')).toEqual([1]);
    expect(pageItems({ extra: [1] }, 'users')).toEqual([]);
  });

  it('several array fields and none named: refused, naming them and the fix, never a guess', () => {
    // Taking the first non-empty one would collect `extra` here and `users` on a page where it is filled.
    expect(() => pageItems({ users: [], extra: [1] })).toThrow(
      new TypeError(
        "The page has several array fields (users, extra); pass items: 'users' (or 'extra') to choose the one that holds the items.",
      ),
    );
  });

  it('items that is not a field name is a TypeError naming the option', () => {
    expect(() => pageItems({ users: [] }, 3 as never)).toThrow(/items must be the name of the page field.*got 3\./);
  });
});
