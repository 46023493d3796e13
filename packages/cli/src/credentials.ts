// The credentials a call is signed with: ZOOM_API_KEY / ZOOM_API_SECRET, or for --mock the placeholders the
// fake Zoom is started with (so a real secret is never used against a mock).
import { createZoomAuth } from '@zoom-api/auth';
import type { ZoomAuth } from '@zoom-api/core';
import { UsageError } from './errors.js';
import type { Redactor } from './redact.js';

/** What --mock signs with, and the fake checks bearers against. */
export const MOCK_CREDENTIALS = Object.freeze({ apiKey: 'zoom-api-mock-key', apiSecret: 'zoom-api-mock-secret' });

type Env = Readonly<Record<string, string | undefined>>;

/**
 * A token provider over createZoomAuth() that tells `redactor` about the secret and every token,
 * so neither can be printed by accident.
 */
export function authFromEnv(env: Env, mock: boolean, redactor: Redactor): ZoomAuth {
  const missing = ['ZOOM_API_KEY', 'ZOOM_API_SECRET'].filter((name) => !env[name]);
  let apiKey = env.ZOOM_API_KEY;
  let apiSecret = env.ZOOM_API_SECRET;
  if (mock) {
    ({ apiKey, apiSecret } = MOCK_CREDENTIALS);
  } else if (missing.length > 0) {
    throw new UsageError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. Export your Zoom API key and secret:\n` +
        '  export ZOOM_API_KEY=... ZOOM_API_SECRET=...\n' +
        'or add --mock to call a local mock of the API instead of Zoom.',
    );
  }
  redactor.add(apiSecret);
  let auth: ReturnType<typeof createZoomAuth>;
  try {
    auth = createZoomAuth({ apiKey: apiKey as string, apiSecret: apiSecret as string });
  } catch (error) {
    // createZoomAuth's messages name the option and never repeat its value.
    const message = (error as Error).message
      .replace(/^apiKey\b/, 'ZOOM_API_KEY')
      .replace(/^apiSecret\b/, 'ZOOM_API_SECRET');
    throw new UsageError(message);
  }
  return {
    async getToken() {
      const token = await auth.getToken();
      redactor.add(token);
      return token;
    },
    invalidate: (rejected?: string) => auth.invalidate(rejected),
  };
}
