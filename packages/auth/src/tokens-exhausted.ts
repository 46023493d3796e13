// The error of a getToken() that finds every token it may sign at this second already refused (see
// "The candidates for a new token" in ./auth.ts). Loaded when that happens, so its wording is not in the
// code of the calls that get their token: a bundle carries it as a chunk of its own.
export function tokensExhausted(): Error {
  return new Error(
    'createZoomAuth(): every token that can be signed at this second was already refused (invalidate() was ' +
      'called after each), so Zoom keeps rejecting these credentials: check apiKey and apiSecret, and that this ' +
      "machine's clock is right.",
  );
}
