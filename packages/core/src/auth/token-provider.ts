/**
 * Key of a TokenProvider's optional method that returns the strings it signs with (an API secret), which
 * the request policy then keeps out of every error message and log line it writes, as it does the token
 * and ZOOM_API_SECRET. A registered symbol: `@zoom-api/auth` (which this package depends on, not the
 * other way round) and any other provider define it without importing core. Define it non-enumerable, so
 * that printing or serialising the provider does not point at it.
 */
export const TOKEN_PROVIDER_SECRETS: unique symbol = Symbol.for('@zoom-api/token-provider-secrets');

/**
 * What the request policy needs from an auth provider. `@zoom-api/auth`'s `createZoomAuth()`
 * implements it; anything else with `getToken()` works too.
 */
export interface TokenProvider {
  getToken(): Promise<string>;
  /**
   * Called with the token Zoom answered 401 to, before one more `getToken()`; a provider that
   * caches should drop that token so the repeat carries a new one.
   */
  invalidate?(rejectedToken?: string): void;
  /** Strings to keep out of errors and logs (see TOKEN_PROVIDER_SECRETS). */
  [TOKEN_PROVIDER_SECRETS]?(): readonly string[];
}

/**
 * The provider's secrets, never throwing: a provider whose method fails or returns something odd still
 * gets its requests sent (redaction of the token and the environment's secret does not depend on it).
 */
export function secretsOf(provider: TokenProvider): string[] {
  try {
    const secrets = provider[TOKEN_PROVIDER_SECRETS]?.();
    return Array.isArray(secrets) ? secrets.filter((s): s is string => typeof s === 'string' && s !== '') : [];
  } catch {
    return [];
  }
}
