// The token source's own secrets (its API secret), which the policy keeps out of every error and log
// line it writes. The type and the key are @zoom-api/auth's (ZoomAuth, ZOOM_AUTH_SECRETS): one
// token-source type for every package.
import { ZOOM_AUTH_SECRETS, type ZoomAuth } from '@zoom-api/auth';

/**
 * The source's secrets, never throwing: a source whose method fails or returns something odd still
 * gets its requests sent (redaction of the token and the environment's secret does not depend on it).
 */
export function secretsOf(source: ZoomAuth): string[] {
  try {
    const secrets = source[ZOOM_AUTH_SECRETS]?.();
    return Array.isArray(secrets) ? secrets.filter((s): s is string => typeof s === 'string' && s !== '') : [];
  } catch {
    return [];
  }
}
