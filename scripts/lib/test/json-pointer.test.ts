import { describe, expect, it } from 'vitest';
import { decodePointer } from '../json-pointer.ts';

describe('decodePointer', () => {
  it('splits a local reference into its tokens', () => {
    expect(decodePointer('#/components/schemas/Session')).toEqual(['components', 'schemas', 'Session']);
  });

  it('unescapes ~1 to / and ~0 to ~, ~01 staying ~1', () => {
    expect(decodePointer('#/paths/~1users~1{userId}/get')).toEqual(['paths', '/users/{userId}', 'get']);
    expect(decodePointer('#/a~0b/c~01')).toEqual(['a~b', 'c~1']);
  });

  it('URI-decodes each token (a fragment may percent-encode)', () => {
    expect(decodePointer('#/content/application~1json%20x/%7Bid%7D')).toEqual([
      'content',
      'application/json x',
      '{id}',
    ]);
  });

  it('reads the whole document as no tokens and refuses a relative pointer', () => {
    expect(decodePointer('#')).toEqual([]);
    expect(decodePointer('#/')).toEqual(['']);
    expect(() => decodePointer('#components')).toThrow(/not a JSON pointer/);
  });
});
