// Compiled by test/types.test.ts (tsconfig.json), which must pass: zoom.on, zoom.calls and zoom.deliver are
// typed by the operation and the event. Each @ts-expect-error line must be needed, or tsc fails.
import { getAccountSettings } from '@zoom-api/accounts';
import { createSession, deleteSession, getSessionDetails, listSessions } from '@zoom-api/videosdk';
import type { FakeZoom } from '../../src/index.js';

export async function typed(zoom: FakeZoom): Promise<void> {
  zoom.on(listSessions, ({ query }) => ({ sessions: [{ id: 'a', session_name: query.from }], next_page_token: '' }));
  zoom.on(getSessionDetails, async ({ path }) => ({ id: path.sessionId }));
  zoom.on(createSession, ({ body }) => ({ session_name: body?.session_name }));
  zoom.on(deleteSession, () => {});
  zoom.on(getAccountSettings, () => ({ in_session: { data_center_regions: ['US'] } }));

  // @ts-expect-error: a field listSessions' answer does not have.
  zoom.on(listSessions, () => ({ sessions: [], next_page_tokn: '' }));
  // @ts-expect-error: the same, inside a list item.
  zoom.on(listSessions, () => ({ sessions: [{ id: 'a', sesion_name: 'x' }] }));
  // @ts-expect-error: the same, from an async handler.
  zoom.on(getSessionDetails, async () => ({ id: 'a', nmae: 'x' }));
  // @ts-expect-error: a field of the wrong type.
  zoom.on(listSessions, () => ({ sessions: 'none' }));
  // @ts-expect-error: the request has no such query parameter.
  zoom.on(listSessions, ({ query }) => ({ sessions: [], next_page_token: query.cursor }));

  const calls = zoom.calls(listSessions);
  const from: string = calls[0]?.query.from ?? '';
  // @ts-expect-error: page_size is a number.
  const size: string | undefined = calls[0]?.query.page_size;

  const event = await zoom.webhookEvent('session.started', { payload: { object: { session_name: 'Standup' } } });
  const name: string = event.payload.object.session_name;
  await zoom.deliver('http://127.0.0.1:3000/zoom', event, { secretToken: 's' });
  await zoom.deliver(
    'http://127.0.0.1:3000/zoom',
    {
      event: 'session.started',
      event_ts: 1,
      payload: {
        ...event.payload,
        // @ts-expect-error: session.started's object has no sesion_name.
        object: { ...event.payload.object, sesion_name: 'x' },
      },
    },
    { secretToken: 's' },
  );
  // @ts-expect-error: no such event.
  await zoom.webhookEvent('session.begun');
  void [from, size, name];
}
