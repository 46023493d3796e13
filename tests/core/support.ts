// What the policy tests through a product client share: a token source that needs no credentials, a
// query listSessions accepts, its empty page, and retry settings that keep a test's backoff short.
import { json } from '@zoom-api/test-utils';

export const TOKEN = 'token-for-policy-tests';
export const auth = { getToken: async () => TOKEN };
export const query = { from: '2025-01-01', to: '2025-01-02' };
export const ok = json(200, { sessions: [] });
export const fast = { baseDelay: 5, maxDelay: 20 };
