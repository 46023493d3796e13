// optionalEnv: a tuning variable is read where it can be, and counts as unset where it cannot. Deno
// itself refusing the read (no --allow-env) is covered for real by tests/runtimes; here the same refusal
// is a `process.env` that throws, as Deno's does.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { optionalEnv } from '../src/index.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('optionalEnv', () => {
  it("returns the variable's value, and undefined when it is unset", () => {
    vi.stubEnv('ZOOM_API_TEST_OPTIONAL_ENV', 'debug');
    expect(optionalEnv('ZOOM_API_TEST_OPTIONAL_ENV')).toBe('debug');
    expect(optionalEnv('ZOOM_API_TEST_NEVER_SET')).toBeUndefined();
  });

  it('returns undefined where there is no process (browsers, Workers)', () => {
    vi.stubGlobal('process', undefined);
    expect(optionalEnv('ZOOM_API_LOG')).toBeUndefined();
  });

  it('returns undefined where the runtime refuses the read', () => {
    const refusing = new Proxy(
      {},
      {
        get(_target, name) {
          throw new Error(`Requires env access to "${String(name)}", run again with the --allow-env flag`);
        },
      },
    );
    vi.stubGlobal('process', { env: refusing });
    expect(optionalEnv('ZOOM_API_LOG')).toBeUndefined();
  });
});
