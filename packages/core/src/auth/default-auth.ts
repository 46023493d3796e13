import { createZoomAuth } from '@zoom-api/auth';
import type { TokenProvider } from './token-provider.js';

const KEY_VARIABLE = 'ZOOM_API_KEY';
const SECRET_VARIABLE = 'ZOOM_API_SECRET';

// One token source for every client created without `auth` (the generated default clients
// included), so they share one cached token. Created at the first request, not at import.
let fromEnvironment: TokenProvider | undefined;

/**
 * The auth of clients created without `auth`: createZoomAuth() over ZOOM_API_KEY / ZOOM_API_SECRET,
 * read when the first request is made. Throws, before anything is sent, when they are not set.
 */
export function defaultAuth(): TokenProvider {
  if (fromEnvironment) return fromEnvironment;
  // globalThis.process: this package also runs where there is no `process` (browsers, workers).
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const apiKey = env[KEY_VARIABLE];
  const apiSecret = env[SECRET_VARIABLE];
  const missing = [apiKey ? '' : KEY_VARIABLE, apiSecret ? '' : SECRET_VARIABLE].filter(Boolean);
  if (missing.length > 0) {
    throw new TypeError(
      `No Zoom credentials: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ` +
        `Set ${KEY_VARIABLE} and ${SECRET_VARIABLE}, or create a client with ` +
        '`auth` (e.g. createVideoSdkClient({ auth: createZoomAuth({ apiKey, apiSecret }) })) and pass it as `client`.',
    );
  }
  try {
    fromEnvironment = createZoomAuth({ apiKey: apiKey as string, apiSecret: apiSecret as string });
  } catch (error) {
    // createZoomAuth names its options (apiKey/apiSecret) and never echoes their values.
    throw new TypeError(`${KEY_VARIABLE} / ${SECRET_VARIABLE}: ${(error as Error).message}`);
  }
  return fromEnvironment;
}
