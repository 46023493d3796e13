import { optionalEnv } from '@zoom-api/internal/environment';

const REDACTED = '[redacted]';

/**
 * `text` without anything that can authenticate: `Bearer …` values, anything shaped like a JWT, the API
 * secret of the environment (ZOOM_API_SECRET, which the default auth signs with), and `secrets`. Every
 * ZoomError message goes through it, whatever it was built from (a response body, a network error).
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text
    .replace(/\bBearer\s+[^\s'",;]+/gi, `Bearer ${REDACTED}`)
    .replace(/\beyJ[\w-]*\.[\w-]*(?:\.[\w-]*)?/g, REDACTED);
  const fromEnv = optionalEnv('ZOOM_API_SECRET');
  for (const secret of [...secrets, fromEnv]) {
    if (secret) out = out.split(secret).join(REDACTED);
  }
  return out;
}
