// The shared option checks: TypeError for a missing or wrong kind of value, RangeError for a number out
// of range; every message names the option, what was given (never a string's content) and what to pass.
import { describe, expect, it } from 'vitest';
import { checkFunction, checkNumber, checkObject, checkString } from '../src/checks.js';
import { describeUrl, describeValue } from '../src/index.js';

const seconds = { unit: 'seconds', min: 0, max: 600, whole: true };

describe('checkNumber', () => {
  it('returns a number within the rule', () => {
    expect(checkNumber('clockSkew', 0, seconds)).toBe(0);
    expect(checkNumber('clockSkew', 600, seconds)).toBe(600);
    expect(checkNumber('tolerance', 1e9, { unit: 'seconds', min: 0 })).toBe(1e9);
  });

  it.each([['5'], [undefined], [null], [{}], [true]])('%j is a TypeError', (value) => {
    expect(() => checkNumber('clockSkew', value, seconds)).toThrow(TypeError);
  });

  it.each([[-1], [601], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('%d is a RangeError', (value) => {
    expect(() => checkNumber('clockSkew', value, seconds)).toThrow(RangeError);
  });

  it('unbounded above, a number must still be finite', () => {
    expect(() => checkNumber('tolerance', Number.POSITIVE_INFINITY, { unit: 'seconds', min: 0 })).toThrow(RangeError);
  });

  it('the message names the option, the allowed range with its reason, and what was given', () => {
    expect(() => checkNumber('expiresIn', 0, { ...seconds, min: 31, max: 172_800, why: 'at most 48 hours' })).toThrow(
      'expiresIn must be a whole number of seconds from 31 to 172800 (at most 48 hours); got 0.',
    );
    expect(() => checkNumber('tolerance', -1, { unit: 'seconds', min: 0 })).toThrow(
      'tolerance must be a number of seconds, 0 or more; got -1.',
    );
  });

  it('a string given where a number goes is described, not repeated', () => {
    expect(() => checkNumber('timeout', 'secret-looking-value', seconds)).toThrow(/; got a string\.$/);
  });
});

describe('checkString', () => {
  it('returns a non-blank string', () => {
    expect(checkString('apiKey', 'k', 'your Zoom API key')).toBe('k');
  });

  it.each([[''], ['  '], [undefined], [42], [['a']]])('%j is a TypeError naming the option and what it is', (value) => {
    expect(() => checkString('apiKey', value, 'your Zoom API key')).toThrow(TypeError);
    expect(() => checkString('apiKey', value, 'your Zoom API key')).toThrow(
      /^apiKey must be a non-empty string \(your Zoom API key\); got /,
    );
  });

  it('never echoes a non-string either: a number where a secret goes may be the secret', () => {
    expect(() => checkString('apiSecret', 12345, 'your Zoom API secret')).toThrow(
      new TypeError('apiSecret must be a non-empty string (your Zoom API secret); got a number.'),
    );
  });
});

describe('checkFunction and checkObject', () => {
  it('return what they were given when it fits', () => {
    const fn = () => 1;
    expect(checkFunction('now', fn, 'returning milliseconds')).toBe(fn);
    const object = { a: 1 };
    expect(checkObject('options', object, '{ a }')).toBe(object);
  });

  it('refuse anything else with a TypeError naming the option, what it is for and what was given', () => {
    expect(() => checkFunction('onMint', 'log', 'a hook')).toThrow(
      new TypeError('onMint must be a function (a hook); got a string.'),
    );
    for (const value of [null, [], 'key:secret', 3]) {
      expect(() => checkObject('createZoomAuth() options', value, '{ apiKey, apiSecret }')).toThrow(TypeError);
    }
    expect(() => checkObject('options', [], '{ a }')).toThrow('options must be an object such as { a }; got an array.');
  });
});

describe('describeValue', () => {
  it('never repeats a string', () => {
    expect(describeValue('sk_live_123')).toBe('a string');
    expect(describeValue('')).toBe('an empty string');
  });

  it('shows numbers, null and undefined; names other kinds', () => {
    expect([3.5, Number.NaN, null, undefined].map(describeValue)).toEqual(['3.5', 'NaN', 'null', 'undefined']);
    expect([[1], {}, true, () => {}].map(describeValue)).toEqual([
      'an array',
      'a value of type object',
      'a value of type boolean',
      'a value of type function',
    ]);
  });
});

describe('describeUrl', () => {
  it.each([
    ['http://proxy.example:3128/', 'http://proxy.example:3128/'],
    ['http://user:pa55word@proxy.example:3128', 'http://***:***@proxy.example:3128/'],
    ['http://user@proxy.example:3128', 'http://***@proxy.example:3128/'],
    ['redis://:pa55word@127.0.0.1:6379', 'redis://:***@127.0.0.1:6379'],
    ['not a url pa55word', '(not a URL)'],
  ])('%s shows as %s', (given, shown) => {
    expect(describeUrl(given)).toBe(shown);
    expect(describeUrl(given)).not.toContain('pa55word');
  });
});
