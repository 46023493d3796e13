/**
 * What the request policy needs from an auth provider. `@zoom-api/auth`'s `createZoomAuth()`
 * implements it; anything else with `getToken()` works too (`invalidate` lets a 401 force a new token).
 */
export interface TokenProvider {
  getToken(): Promise<string>;
  invalidate?(): void;
}
