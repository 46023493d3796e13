// Compiled by test/types.test.ts with `tsc --noEmit -p test/types/tsconfig.json`. Every
// `@ts-expect-error` must meet an error: if the event types collapsed to `any`, tsc would report the
// directive as unused (TS2578) and the test would fail.
import { createServer } from 'node:http';
import {
  createWebhookHandler,
  isKnownWebhookEvent,
  type SessionStartedEvent,
  toNodeListener,
  type UnknownWebhookEvent,
  type VerifiedWebhook,
  verifyWebhook,
  type WebhookContext,
  type WebhookQueue,
  type ZoomWebhookEvent,
  type ZoomWebhookEventName,
  type zoomWebhookEvents,
} from '../../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

const handler = createWebhookHandler({
  secretToken: 'secret',
  on: {
    'session.started': (event) => {
      assertType<Equal<typeof event, SessionStartedEvent>>();
      assertType<Equal<typeof event.event, 'session.started'>>();
      const sessionId: string = event.payload.object.session_id;
      const startTime: string = event.payload.object.start_time;
      const sessionKey: string | undefined = event.payload.object.session_key;
      // @ts-expect-error session.started's object has session_name, not session_title
      event.payload.object.session_title;
      // @ts-expect-error session_name is a string
      const wrongType: number = event.payload.object.session_name;
      void [sessionId, startTime, sessionKey, wrongType];
    },
    'cobrowse.session_ended': (event, ctx) => {
      assertType<Equal<typeof event.event, 'cobrowse.session_ended'>>();
      assertType<Equal<typeof ctx, WebhookContext>>();
      const key: string = ctx.key;
      const stale: boolean = ctx.stale;
      void [key, stale, ctx.attempt];
    },
  },
  onUnknown: (event, ctx) => {
    void ctx.key;
    const name: string = event.event;
    void name;
  },
});

createWebhookHandler({
  secretToken: 'secret',
  // @ts-expect-error not an event name in the documents
  on: { 'session.startd': () => {} },
});

const queue: WebhookQueue = { enqueue: async () => {} };
createWebhookHandler({ secretToken: 'secret', queue, enqueueTimeout: 1_000 });
// @ts-expect-error with a queue, callbacks go to the workers (queue.process({ on })), not to the handler
createWebhookHandler({ secretToken: 'secret', queue, on: { 'session.started': () => {} } });
// @ts-expect-error enqueueTimeout only applies with a queue
createWebhookHandler({ secretToken: 'secret', enqueueTimeout: 1_000 });

// The node adapter's structural types accept node's own request and response.
createServer(toNodeListener(handler));

export async function narrowing(request: { headers: Headers; body: string }): Promise<void> {
  const event = await verifyWebhook({ secretToken: 'secret', headers: request.headers, body: request.body });
  // Events outside the documents are returned too (one Zoom added later): narrow them off first.
  if (!isKnownWebhookEvent(event)) {
    assertType<Equal<typeof event, UnknownWebhookEvent>>();
    const name: string = event.event;
    // @ts-expect-error nothing is known about an unknown event's payload
    void event.payload.object;
    void name;
    return;
  }
  switch (event.event) {
    case 'session.started':
      void event.payload.object.session_name;
      // @ts-expect-error recording fields are not on session.started
      void event.payload.object.recording_files;
      break;
    case 'endpoint.url_validation':
      void event.payload.plainToken;
      break;
  }
}

export async function unknownEvents(request: { headers: Headers; body: string }): Promise<void> {
  const event = await verifyWebhook({ secretToken: 'secret', headers: request.headers, body: request.body });
  // @ts-expect-error without narrowing, the event may be an unknown one, whose payload is unknown
  void event.payload.object;
  // What verifyWebhook returns at run time for an event added after this package was built.
  const future: VerifiedWebhook = { event: 'session.hologram_started', event_ts: 1, payload: { account_id: 'a' } };
  void future;
}

// The runtime list and the union name the same events.
assertType<Equal<(typeof zoomWebhookEvents)[number], ZoomWebhookEventName>>();
assertType<Equal<ZoomWebhookEvent['event'], ZoomWebhookEventName>>();
