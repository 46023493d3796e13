import { hmacHex, importHmacKey } from './hmac.js';
import { checkSecretToken } from './options.js';

export const URL_VALIDATION_EVENT = 'endpoint.url_validation';

/** The challenge Zoom sends when an endpoint URL is saved or revalidated. */
export interface UrlValidationEvent {
  event: typeof URL_VALIDATION_EVENT;
  event_ts: number;
  payload: { plainToken: string };
}

export interface UrlValidationResponse {
  plainToken: string;
  /** Hex HMAC-SHA256 of `plainToken`, keyed by the app's secret token. */
  encryptedToken: string;
}

/** The JSON body that answers Zoom's `endpoint.url_validation` challenge (reply with status 200). */
export async function urlValidationResponse(plainToken: string, secretToken: string): Promise<UrlValidationResponse> {
  checkSecretToken(secretToken);
  return answerUrlValidation(plainToken, await importHmacKey(secretToken));
}

export async function answerUrlValidation(plainToken: string, key: CryptoKey): Promise<UrlValidationResponse> {
  if (typeof plainToken !== 'string' || plainToken.length === 0) {
    throw new TypeError("plainToken must be the non-empty string from the request body's payload.plainToken.");
  }
  return { plainToken, encryptedToken: await hmacHex(key, plainToken) };
}
