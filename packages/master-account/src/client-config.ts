import { withProductDefaults } from '@zoom-api/core';
import { doubleEncodedPathParams as accounts } from './generated/accounts/encoding.gen.js';
import { doubleEncodedPathParams as videosdk } from './generated/videosdk/encoding.gen.js';

// One client serves both documents, so it double-encodes what either of them asks for.
// Read by the two generated default clients (hey-api's `runtimeConfigPath`) and createMasterAccountClient.
export const createClientConfig = withProductDefaults({
  doubleEncodePathParams: [...new Set([...videosdk, ...accounts])],
});
