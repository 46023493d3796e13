// Names core 1.0 exported for what is now @zoom-api/auth's one token-source type; removing them would
// break code written against 1.0, so they stay until the next major.
import { ZOOM_AUTH_SECRETS, type ZoomAuth } from '@zoom-api/auth';

/** @deprecated Use `ZoomAuth` (from @zoom-api/auth, also exported here): the same shape. */
export type TokenProvider = ZoomAuth;

/** @deprecated Use `ZOOM_AUTH_SECRETS` (from @zoom-api/auth, also exported here): the same symbol. */
export const TOKEN_PROVIDER_SECRETS: typeof ZOOM_AUTH_SECRETS = ZOOM_AUTH_SECRETS;
