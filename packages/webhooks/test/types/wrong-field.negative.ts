// Control for test/types.test.ts: compiled with tsconfig.negative.json, which must FAIL with
// TS2339 on `session_title`. It shows the check really type-checks the generated event types.
import { createWebhookHandler } from '../../src/index.js';

createWebhookHandler({
  secretToken: 'secret',
  on: {
    'session.started': (event) => {
      void event.payload.object.session_title;
    },
  },
});
