import { withProductDefaults } from '@zoom-api/core';
import { doubleEncodedPathParams } from './generated/encoding.gen.js';

// Read by the generated default client (hey-api's `runtimeConfigPath`) and by createVideoSdkClient.
export const createClientConfig = withProductDefaults({ doubleEncodePathParams: doubleEncodedPathParams });
