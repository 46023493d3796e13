import { withProductDefaults } from '@zoom-api/core';
import { doubleEncodedPathParams } from './generated/encoding.gen.js';

// Read by the generated default clients (hey-api's `runtimeConfigPath`) and by createVideoSdkClient.
// Written by `pnpm products:sync`.
export const createClientConfig = withProductDefaults({ doubleEncodePathParams: doubleEncodedPathParams });
