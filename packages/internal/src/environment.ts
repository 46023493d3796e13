// Environment variables that only tune behaviour (ZOOM_API_LOG, the API secret to keep out of messages),
// read where reading may not be allowed: Deno without `--allow-env` throws on every read, and a call must
// not fail over a setting the user never made.

/**
 * The variable's value; undefined when it is unset, where there is no `process` (browsers, Workers), and
 * where the runtime refuses the read (Deno without `--allow-env` for it), as a setting we may not read is
 * one the user did not make for us.
 */
export function optionalEnv(name: string): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    return undefined;
  }
}
