// Every client entry point re-exports the request policy's public pieces (CORE_PIECES in
// scripts/codegen/generate.ts), as the very objects of @zoom-api/core: `instanceof ZoomRateLimitError`
// holds whichever import the caller used.
import * as core from '@zoom-api/core';
import { describe, expect, it } from 'vitest';
import { isClientPackage, readManifest } from '../../scripts/specs/lib.ts';

const entryPoints = readManifest()
  .packages.filter(isClientPackage)
  .flatMap((pkg) => pkg.entries.map((e) => (e.export === '.' ? pkg.name : `${pkg.name}/${e.export.slice(2)}`)));

describe.each(entryPoints)('%s', (specifier) => {
  it("re-exports core's error classes, paginate and RATE_LIMIT_PLANS as core's own", async () => {
    const entry = (await import(specifier)) as Record<string, unknown>;
    for (const name of ['ZoomRateLimitError', 'ZoomApiError', 'ZoomTimeoutError', 'paginate', 'RATE_LIMIT_PLANS']) {
      expect(typeof entry[name], name).not.toBe('undefined');
      expect(entry[name], name).toBe((core as Record<string, unknown>)[name]);
    }
    expect(typeof entry.ZoomRateLimitError).toBe('function');
  });
});
