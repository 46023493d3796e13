export { MIN_API_SECRET_LENGTH } from './api-secret.js';
export { createZoomAuth, type MintInfo, type ZoomAuth, type ZoomAuthOptions } from './auth.js';
export { type BearerSource, type FetchFunction, zoomAuthFetch, zoomAuthInterceptor } from './for-any-client.js';
export { type ApiJwtClaims, type SignApiJwtOptions, signApiJwt } from './sign.js';
