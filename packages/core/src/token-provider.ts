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
}
