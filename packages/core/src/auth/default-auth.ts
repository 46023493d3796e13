import { createZoomAuth, type ZoomAuth } from '@zoom-api/auth';
import type { CredentialVariables } from './credentials-refused.js';

const VARIABLES: CredentialVariables = ['ZOOM_API_KEY', 'ZOOM_API_SECRET'];

// One token source for every client created without `auth` (the generated default clients
// included), so they share one cached token. Created at the first request, not at import.
let fromEnvironment: ZoomAuth | undefined;

/**
 * The auth of clients created without `auth`: createZoomAuth() over ZOOM_API_KEY / ZOOM_API_SECRET,
 * read when the first request is made. Rejects, before anything is sent, when they are not set or not
 * usable; the wording of that error loads then (./credentials-refused.ts).
 */
export async function defaultAuth(): Promise<ZoomAuth> {
  if (fromEnvironment) return fromEnvironment;
  // globalThis.process: this package also runs where there is no `process` (browsers, workers).
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const [apiKey, apiSecret] = VARIABLES.map((name) => env[name]);
  const missing = VARIABLES.filter((name) => !env[name]);
  let refused: unknown;
  if (missing.length === 0) {
    try {
      fromEnvironment = createZoomAuth({ apiKey: apiKey as string, apiSecret: apiSecret as string });
      return fromEnvironment;
    } catch (error) {
      refused = error;
    }
  }
  throw (await import('./credentials-refused.js')).credentialsRefused(missing, refused, VARIABLES);
}
