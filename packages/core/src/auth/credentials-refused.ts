// The error of a call whose client has no `auth` and finds no usable credentials in the environment.
// Loaded on demand (./default-auth.ts imports it when that happens), so its wording is not in the code a
// call that succeeds loads; the call still rejects with it before anything is sent. The variables' names
// come as arguments: importing them from ./default-auth.ts would make that start-up module (and
// @zoom-api/auth behind it) a chunk of its own in a consumer's bundle.

/** The variables the default auth reads: the API key's, then the API secret's. */
export type CredentialVariables = readonly [key: string, secret: string];

/**
 * `missing`: those of `variables` that are unset or empty; when none is, `error` is what createZoomAuth()
 * threw for their values (it names its options, apiKey/apiSecret, and never echoes a value).
 */
export function credentialsRefused(
  missing: readonly string[],
  error: unknown,
  [key, secret]: CredentialVariables,
): TypeError {
  if (missing.length === 0) return new TypeError(`${key} / ${secret}: ${(error as Error).message}`);
  return new TypeError(
    `No Zoom credentials: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ` +
      `Set ${key} and ${secret}, or create a client with ` +
      '`auth` (e.g. createVideoSdkClient({ auth: createZoomAuth({ apiKey, apiSecret }) })) and pass it as `client`.',
  );
}
