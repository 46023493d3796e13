// userAgentFor(): which runtime it names, and that a browser gets none.
import { describe, expect, it } from 'vitest';
import { userAgentFor } from '../src/user-agent.js';

describe('userAgentFor', () => {
  it('names Node by process.version', () => {
    expect(userAgentFor('@zoom-api/videosdk@1.0.0')).toBe(`zoom-api/@zoom-api/videosdk@1.0.0 node/${process.version}`);
  });

  it('names Bun and Deno before the process they also define', () => {
    const process = { version: 'v22.0.0', versions: { node: '22.0.0' } };
    expect(userAgentFor('p@1.0.0', { Bun: { version: '1.2.3' }, process })).toBe('zoom-api/p@1.0.0 bun/1.2.3');
    expect(userAgentFor('p@1.0.0', { Deno: { version: { deno: '2.1.0' } }, process })).toBe(
      'zoom-api/p@1.0.0 deno/2.1.0',
    );
  });

  it('leaves the runtime out where there is none it knows (an edge worker)', () => {
    expect(userAgentFor('p@1.0.0', {})).toBe('zoom-api/p@1.0.0');
  });

  it('sets none in a browser page or worker, which would refuse it (or preflight for it)', () => {
    expect(userAgentFor('p@1.0.0', { document: {} })).toBeUndefined();
    expect(userAgentFor('p@1.0.0', { importScripts: () => {} })).toBeUndefined();
  });
});
