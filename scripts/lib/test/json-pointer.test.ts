import { describe, expect, it } from 'vitest';
import {
  decodePointer,
  decodePointerToken,
  encodePointer,
  encodePointerToken,
  resolvePointer,
} from '../json-pointer.ts';

const doc = {
  paths: { '/users/{id}': { get: { summary: 'Get a user' } } },
  'a~b': { 'c/d': 1 },
  'with space': true,
  list: ['zero', 'one'],
  empty: { '': 'the empty key' },
};

describe('tokens', () => {
  it('escapes ~ before / so each survives a round trip', () => {
    expect(encodePointerToken('/users/{id}')).toBe('~1users~1{id}');
    expect(encodePointerToken('a~/b')).toBe('a~0~1b');
    expect(encodePointerToken('~1')).toBe('~01');
    for (const key of ['~1', '~0', '/~', 'a~b/c', '']) expect(decodePointerToken(encodePointerToken(key))).toBe(key);
  });

  it('decodes ~1 before ~0, as RFC 6901 requires', () => {
    expect(decodePointerToken('~01')).toBe('~1');
    expect(decodePointerToken('~10')).toBe('/0');
  });

  it('refuses a ~ that escapes nothing', () => {
    expect(() => decodePointerToken('a~2')).toThrow(SyntaxError);
    expect(() => decodePointerToken('a~')).toThrow(SyntaxError);
  });
});

describe('decodePointer / encodePointer', () => {
  it('reads plain pointers and $ref fragments alike', () => {
    expect(decodePointer('')).toEqual([]);
    expect(decodePointer('#')).toEqual([]);
    expect(decodePointer('/paths/~1users~1{id}/get')).toEqual(['paths', '/users/{id}', 'get']);
    expect(decodePointer('#/paths/~1users~1{id}/get')).toEqual(['paths', '/users/{id}', 'get']);
    expect(decodePointer('/empty/')).toEqual(['empty', '']);
  });

  it('percent-decodes fragment tokens only', () => {
    expect(decodePointer('#/with%20space')).toEqual(['with space']);
    expect(decodePointer('/with%20space')).toEqual(['with%20space']);
    // Percent-decoding comes first: %7E1 is a literal "~1" escape, i.e. "/".
    expect(decodePointer('#/a%7E1b')).toEqual(['a/b']);
  });

  it('refuses what is not a local pointer', () => {
    expect(() => decodePointer('other.json#/a')).toThrow(SyntaxError);
    expect(() => decodePointer('paths')).toThrow(SyntaxError);
    expect(() => decodePointer('#paths')).toThrow(SyntaxError);
    expect(() => decodePointer('#/bad%')).toThrow(SyntaxError);
  });

  it('writes the pointer decodePointer reads back', () => {
    const tokens = ['paths', '/users/{id}', 'get', 0, 'a~b'];
    expect(encodePointer(tokens)).toBe('/paths/~1users~1{id}/get/0/a~0b');
    expect(encodePointer(tokens, { fragment: true })).toBe('#/paths/~1users~1{id}/get/0/a~0b');
    expect(encodePointer([], { fragment: true })).toBe('#');
    expect(decodePointer(encodePointer(tokens, { fragment: true }))).toEqual(tokens.map(String));
  });
});

describe('resolvePointer', () => {
  it('finds values by either spelling', () => {
    expect(resolvePointer(doc, '#/paths/~1users~1{id}/get/summary')).toBe('Get a user');
    expect(resolvePointer(doc, '/a~0b/c~1d')).toBe(1);
    expect(resolvePointer(doc, '#/list/1')).toBe('one');
    expect(resolvePointer(doc, '#/empty/')).toBe('the empty key');
    expect(resolvePointer(doc, '#')).toBe(doc);
  });

  it('answers undefined for a step that names nothing', () => {
    expect(resolvePointer(doc, '#/paths/~1nowhere')).toBeUndefined();
    expect(resolvePointer(doc, '#/list/2')).toBeUndefined();
    expect(resolvePointer(doc, '#/list/01')).toBeUndefined();
    expect(resolvePointer(doc, '#/list/length')).toBeUndefined();
    expect(resolvePointer(doc, '#/paths/~1users~1{id}/get/summary/length')).toBeUndefined();
    // Inherited properties are not part of the document.
    expect(resolvePointer(doc, '#/paths/constructor')).toBeUndefined();
    expect(resolvePointer(null, '#/a')).toBeUndefined();
  });
});
