// The one scenario every runtime of the matrix runs (matrix.test.ts), through the packages installed from
// their tarballs, against the test's loopback server at `origin`. It records what it saw and posts that
// to `${origin}/report`; the test, not the scenario, decides what is right. Web APIs and our packages
// only (no `node:` import, no `process`), so Node, Bun, Deno and a Cloudflare Worker run it unchanged.
import { createZoomAuth } from '@zoom-api/auth';
import { ZoomApiError as CoreZoomApiError } from '@zoom-api/core';
import {
  createVideoSdkClient,
  getSessionDetails,
  listSessions,
  paginate,
  ZoomApiError,
  ZoomTimeoutError,
} from '@zoom-api/videosdk';
import { createWebhookHandler } from '@zoom-api/webhooks';

/** A webhook request as the test signed it (or forged it). */
export interface WebhookDelivery {
  headers: Record<string, string>;
  body: string;
}

/** What the server hands the scenario before it starts. */
export interface Fixtures {
  apiKey: string;
  apiSecret: string;
  webhookSecretToken: string;
  signed: WebhookDelivery;
  forged: WebhookDelivery;
}

export interface ErrorSeen {
  name: string;
  message: string;
  status?: number | undefined;
  code?: unknown;
  /** instanceof ZoomApiError from @zoom-api/videosdk, from @zoom-api/core, and Error. */
  isVideoSdkZoomApiError: boolean;
  isCoreZoomApiError: boolean;
  isZoomTimeoutError: boolean;
  isError: boolean;
}

export interface ScenarioReport {
  /** What the runtime says it is: `node 20.19.0`, `bun 1.4.5`, `deno 2.9.6`, `workerd`. */
  runtime: string;
  token: string;
  mints: number;
  firstPage: { ids: string[]; nextPageToken: string | undefined };
  paginated: string[];
  afterServiceUnavailable: string | undefined;
  afterUnauthorized: string | undefined;
  notFound: ErrorSeen | undefined;
  timedOut: ErrorSeen | undefined;
  webhook: { signed: number; forged: number; forgedBody: unknown; received: { event: string; sessionId: string }[] };
}

/** What the scenario posts when a step threw where it should not have. */
export interface ScenarioFailure {
  runtime: string;
  failed: string;
}

interface RuntimeGlobals {
  Deno?: { version: { deno: string } };
  Bun?: { version: string };
  process?: { versions?: { node?: string } };
  navigator?: { userAgent?: string };
}

function runtimeName(): string {
  const g = globalThis as RuntimeGlobals;
  // Bun and Deno also define `process.versions.node`, and workerd may define `process`: ask them first.
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.Bun) return `bun ${g.Bun.version}`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  return `node ${g.process?.versions?.node}`;
}

function seen(error: unknown): ErrorSeen {
  const e = error as { name?: string; message?: string; status?: number; code?: unknown };
  return {
    name: String(e?.name),
    message: String(e?.message),
    status: e?.status,
    code: e?.code,
    isVideoSdkZoomApiError: error instanceof ZoomApiError,
    isCoreZoomApiError: error instanceof CoreZoomApiError,
    isZoomTimeoutError: error instanceof ZoomTimeoutError,
    isError: error instanceof Error,
  };
}

/** The error a call rejected with, or undefined when it resolved. */
async function rejection(call: Promise<unknown>): Promise<ErrorSeen | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return seen(error);
  }
}

async function observe(origin: string): Promise<ScenarioReport> {
  const fixtures = (await (await fetch(`${origin}/fixtures`)).json()) as Fixtures;
  let mints = 0;
  const auth = createZoomAuth({ apiKey: fixtures.apiKey, apiSecret: fixtures.apiSecret, onMint: () => void mints++ });
  const token = await auth.getToken();
  // A short first backoff step: the 503 is retried after ~20 ms instead of ~500.
  const client = createVideoSdkClient({ auth, baseUrl: `${origin}/v2`, retry: { baseDelay: 20 } });

  const query = { from: '2022-09-01', to: '2022-09-30' };
  const first = await listSessions({ client, query });
  const paginated: string[] = [];
  for await (const session of paginate(listSessions, { client, query })) paginated.push(String(session.id));

  const retried = await getSessionDetails({ client, path: { sessionId: 'unavailable-once' } });
  const reauthenticated = await getSessionDetails({ client, path: { sessionId: 'unauthorized-once' } });
  const notFound = await rejection(getSessionDetails({ client, path: { sessionId: 'missing' } }));
  const timedOut = await rejection(getSessionDetails({ client, path: { sessionId: 'stalled' }, timeout: 300 }));

  const received: ScenarioReport['webhook']['received'] = [];
  const handler = createWebhookHandler({
    secretToken: fixtures.webhookSecretToken,
    on: {
      'session.started': (event) => {
        received.push({ event: event.event, sessionId: event.payload.object.session_id });
      },
    },
  });
  const deliver = ({ headers, body }: WebhookDelivery) =>
    handler(new Request(`${origin}/webhook`, { method: 'POST', headers, body }));
  const signed = await deliver(fixtures.signed);
  const forged = await deliver(fixtures.forged);

  return {
    runtime: runtimeName(),
    token,
    mints,
    firstPage: {
      ids: (first.data.sessions ?? []).map((s) => String(s.id)),
      nextPageToken: first.data.next_page_token,
    },
    paginated,
    afterServiceUnavailable: retried.data.id,
    afterUnauthorized: reauthenticated.data.id,
    notFound,
    timedOut,
    webhook: { signed: signed.status, forged: forged.status, forgedBody: await forged.json(), received },
  };
}

/** Runs the scenario and posts its report (or how it failed) to the test's server. */
export async function runScenario(origin: string): Promise<void> {
  let report: ScenarioReport | ScenarioFailure;
  try {
    report = await observe(origin);
  } catch (error) {
    report = { runtime: runtimeName(), failed: error instanceof Error ? `${error.stack ?? error}` : String(error) };
  }
  const posted = await fetch(`${origin}/report`, { method: 'POST', body: JSON.stringify(report) });
  if (!posted.ok) throw new Error(`the test server refused the report: ${posted.status}`);
}
