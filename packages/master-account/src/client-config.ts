import { userAgentFor, withProductDefaults } from '@zoom-api/core';
import { doubleEncodedPathParams } from './generated/encoding.gen.js';
import { rateLimitTable } from './generated/rate-limits.gen.js';

// Replaced at build time with this package's name and version (tsdown.base.ts).
declare const __ZOOM_API_PACKAGE__: string;
declare const __ZOOM_API_VERSION__: string;
const userAgent = userAgentFor(`${__ZOOM_API_PACKAGE__}@${__ZOOM_API_VERSION__}`);

// Read by the generated default clients (hey-api's `runtimeConfigPath`) and by createMasterAccountClient.
// Written by `pnpm products:sync`.
export const createClientConfig = withProductDefaults({
  doubleEncodePathParams: doubleEncodedPathParams,
  rateLimitTable,
  userAgent,
});
