import { userAgentFor, withProductDefaults } from '@zoom-api/core';
import { doubleEncodedPathParams as accounts } from './generated/accounts/encoding.gen.js';
import { doubleEncodedPathParams as videosdk } from './generated/videosdk/encoding.gen.js';

// Replaced at build time with this package's name and version (tsdown.base.ts).
declare const __ZOOM_API_PACKAGE__: string;
declare const __ZOOM_API_VERSION__: string;
const userAgent = userAgentFor(`${__ZOOM_API_PACKAGE__}@${__ZOOM_API_VERSION__}`);

// One client serves both documents, so it double-encodes what either of them asks for.
// Read by the two generated default clients (hey-api's `runtimeConfigPath`) and createMasterAccountClient.
export const createClientConfig = withProductDefaults({
  doubleEncodePathParams: [...new Set([...videosdk, ...accounts])],
  userAgent,
});
