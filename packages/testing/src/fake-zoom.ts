// createFakeZoom(): a node:http server on 127.0.0.1 that answers every operation of Zoom's REST documents as
// Zoom would, for the tests of code that uses the @zoom-api clients. Each request goes, in order, through:
// the route (404/405), the failures the test asked for, the bearer check (401, code 124), the rate limits
// when asked for (429), the document's checks of path, query and body (400, code 300), then the test's
// handler or the document's example or a generated answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  RATE_LIMIT_CATEGORIES,
  RATE_LIMIT_PLANS,
  type RateLimitCategory,
  type RateLimitPlan,
  type RateLimitWindowLimits,
} from '@zoom-api/core';
import {
  CATEGORY_HEADER_VALUE,
  RateWindows,
  rateLimitHeaders,
  rateLimitMessage,
} from '@zoom-api/internal/rate-windows';
import type { KnownWebhookEvent, ZoomWebhookEventMap, ZoomWebhookEventName } from '@zoom-api/webhooks';
import { checkBearer } from './auth/bearer.js';
import { type Clock, systemClock } from './clock.js';
import { type ErrorAnswer, errorBodyFor, methodNotAllowed, noSuchApi, validationFailed } from './http/zoom-errors.js';
import { loadOperation, matchRoute } from './model/routes.js';
import type { RouteRow } from './model/types.js';
import { type OperationRef, routeOf } from './operations/identify.js';
import type { CheckedHandlerFor, HandlerFor, OperationFunction, RequestOf } from './operations/types.js';
import { checkRequest } from './request/check-request.js';
import { defaultAnswer } from './responses/default-answer.js';
import {
  type DeliverOptions,
  type Delivery,
  deliverEvent,
  type EndpointValidation,
  validateEndpoint,
} from './webhooks/deliver.js';
import { type DeepPartial, sampleEvent } from './webhooks/events.js';

export interface FakeZoomOptions {
  /** The API key the fake accepts bearers for (their `iss`). Default: a fixed test key, see `credentials`. */
  apiKey?: string | undefined;
  /** The API secret the bearers must be signed with. Default: a fixed test secret, see `credentials`. */
  apiSecret?: string | undefined;
  /** Seed of the generated answers and events: the same seed, the same values. Default 1. */
  seed?: number | undefined;
  /** How many pages a list operation answers by default, linked by `next_page_token`. Default 2. */
  pages?: number | undefined;
  /**
   * Zoom's rate limits of a plan, per account (the bearer's API key) and category: calls over them get
   * Zoom's 429 with its headers. `limits` replaces a category's limits, as in the clients' `rateLimit`.
   * Default: no limits.
   */
  rateLimit?:
    | {
        plan: RateLimitPlan;
        limits?: Partial<Record<RateLimitCategory | 'HEAVY+RESOURCE-INTENSIVE', RateLimitWindowLimits>> | undefined;
      }
    | undefined;
  /** Time for bearer expiry, rate limits, delays and webhooks (createManualClock() for tests that must not wait). */
  clock?: Clock | undefined;
  /** Port on 127.0.0.1. Default: a free one. */
  port?: number | undefined;
}

/** A failure `zoom.fail` makes an operation answer with. */
export interface Failure {
  /** The status to answer with (with `headers` and `body`). Without one (and without `network`), the normal answer, after `delay`. */
  status?: number | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  /** The body (JSON). Default: Zoom's `{ code, message }` for the status (429: Zoom's rate-limit message). */
  body?: unknown;
  /** Drop the connection without an answer (`'reset'`), as a failing network or proxy does. */
  network?: 'reset' | undefined;
  /** Milliseconds to wait first (on the fake's clock). */
  delay?: number | undefined;
  /** How many requests fail so; afterwards the operation answers normally again. Default: every request. */
  times?: number | undefined;
}

/** One request the fake received for an operation. */
export interface RecordedCall<Path = Record<string, unknown>, Query = Record<string, unknown>, Body = unknown> {
  /** The operation's function name, e.g. `listSessions`; undefined for a path no document has (answered 404 or 405). */
  operation: string | undefined;
  /** The id of the Zoom document whose operation answered (`videosdk`, `accounts-ma`…; see ZOOM_DOCUMENTS). */
  document: string | undefined;
  method: string;
  /** The path and query as sent, e.g. `/v2/videosdk/sessions?from=2022-09-01&to=2022-09-02`. */
  url: string;
  /** Parameters with the types the document gives (as sent, when the request broke the document). */
  path: Path;
  query: Query;
  /** The parsed body. */
  body: Body;
  /** Request headers, names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The status the fake answered with; undefined while it is answering, or when it dropped the connection. */
  status?: number;
}

/** A call of the operation `F`: its parameters and body typed as `F` takes them. */
export type CallOf<F extends OperationFunction> = RecordedCall<
  RequestOf<F>['path'],
  RequestOf<F>['query'],
  RequestOf<F>['body']
> & { operation: string };

export interface FakeZoom {
  /** e.g. `http://127.0.0.1:43121/v2`: pass it as `baseUrl` to `create…Client()`. */
  readonly baseUrl: string;
  /** The key and secret the fake accepts bearers for: pass them to `createZoomAuth()`. */
  readonly credentials: { readonly apiKey: string; readonly apiSecret: string };
  /**
   * Answers `op` with what `handler` returns (typed by the operation: a field its answer does not have is
   * a type error), instead of the document's example. The request reaches it only after the checks.
   */
  on<F extends OperationRef, H extends HandlerFor<F>>(op: F, handler: H & CheckedHandlerFor<F, H>): void;
  /** Makes `op` fail as described (status, headers, body, a reset connection, a delay), `times` times. */
  fail(op: OperationRef, failure: Failure): void;
  /** What the code under test sent for `op`, in order; without `op`, every request the fake received (404s too). */
  calls<F extends OperationFunction>(op: F): CallOf<F>[];
  calls(op?: OperationRef): RecordedCall[];
  /** A documented event, valid against its document, with `overrides` laid over it. */
  webhookEvent<N extends ZoomWebhookEventName>(
    name: N,
    overrides?: DeepPartial<ZoomWebhookEventMap[N]>,
  ): Promise<ZoomWebhookEventMap[N]>;
  /** POSTs `event` to `url` signed as Zoom signs it; retries on Zoom's schedule with `retry: true`. */
  deliver(url: string | URL, event: KnownWebhookEvent, options: DeliverOptions): Promise<Delivery>;
  /** Sends Zoom's `endpoint.url_validation` challenge to `url` and checks the answer. */
  validateEndpoint(
    url: string | URL,
    options: Pick<DeliverOptions, 'secretToken' | 'headers'>,
  ): Promise<EndpointValidation>;
  /** Forgets handlers, failures, calls and rate-limit counts. */
  reset(): void;
  /** Stops the server, drops open connections and cancels delays and webhook retries. */
  close(): Promise<void>;
}

const DEFAULT_CREDENTIALS = { apiKey: 'fake-zoom-api-key', apiSecret: 'fake-zoom-api-secret' };
/**
 * `@zoom-api/auth`'s MIN_API_SECRET_LENGTH (a test keeps the two equal): createZoomAuth refuses a shorter
 * secret, so no client of ours could sign a bearer for a fake that wanted one.
 */
export const MIN_API_SECRET_LENGTH = 16;
const BASE_PATH = '/v2';
/** Bodies larger than Zoom takes are refused before they are read whole. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

interface FailureEntry extends Failure {
  left: number;
}

function checkOptions(options: FakeZoomOptions): void {
  for (const key of ['apiKey', 'apiSecret'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new TypeError(
        `createFakeZoom: ${key} must be a non-empty string (the one your client signs with), or left out.`,
      );
    }
  }
  const secret = options.apiSecret;
  if (typeof secret === 'string' && secret.length < MIN_API_SECRET_LENGTH) {
    throw new RangeError(
      `createFakeZoom: apiSecret has ${secret.length} characters; give at least ${MIN_API_SECRET_LENGTH}, as ` +
        '@zoom-api/auth requires of the secret a client signs with (createZoomAuth refuses a shorter one), ' +
        "e.g. 'test-api-secret-0123456789', or leave it out and use zoom.credentials.",
    );
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new RangeError(`createFakeZoom: seed must be a whole number; got ${String(options.seed)}.`);
  }
  if (options.pages !== undefined && !(Number.isInteger(options.pages) && options.pages >= 1)) {
    throw new RangeError(`createFakeZoom: pages must be a whole number ≥ 1; got ${String(options.pages)}.`);
  }
  const plan = options.rateLimit?.plan;
  if (options.rateLimit !== undefined && !(typeof plan === 'string' && Object.hasOwn(RATE_LIMIT_PLANS, plan))) {
    throw new TypeError(
      `createFakeZoom: rateLimit.plan must be one of ${Object.keys(RATE_LIMIT_PLANS).join(', ')}; got ${String(plan)}.`,
    );
  }
}

function checkFailure(failure: Failure): void {
  if (failure === null || typeof failure !== 'object') {
    throw new TypeError(
      'zoom.fail: give the failure, e.g. { status: 429, headers: { "Retry-After": "1" }, times: 1 }.',
    );
  }
  const { status, delay, times, network } = failure;
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
    throw new RangeError(`zoom.fail: status must be an HTTP status from 100 to 599; got ${String(status)}.`);
  }
  if (network !== undefined && network !== 'reset')
    throw new TypeError(`zoom.fail: network must be 'reset'; got ${String(network)}.`);
  if (status !== undefined && network !== undefined)
    throw new TypeError('zoom.fail: give status or network, not both.');
  if (delay !== undefined && !(typeof delay === 'number' && delay >= 0)) {
    throw new RangeError(`zoom.fail: delay must be a number of milliseconds ≥ 0; got ${String(delay)}.`);
  }
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new RangeError(
      `zoom.fail: times must be a whole number ≥ 1 (leave it out for every request); got ${String(times)}.`,
    );
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Starts a fake Zoom on 127.0.0.1; resolves once it listens. */
export async function createFakeZoom(options: FakeZoomOptions = {}): Promise<FakeZoom> {
  checkOptions(options);
  const credentials = Object.freeze({
    apiKey: options.apiKey ?? DEFAULT_CREDENTIALS.apiKey,
    apiSecret: options.apiSecret ?? DEFAULT_CREDENTIALS.apiSecret,
  });
  const seed = options.seed ?? 1;
  const pages = options.pages ?? 2;
  const clock = options.clock ?? systemClock;
  const closing = new AbortController();
  const handlers = new Map<string, (request: RequestOf<OperationFunction>) => unknown>();
  const failures = new Map<string, FailureEntry[]>();
  const calls: RecordedCall[] = [];
  const routeOfCall = new WeakMap<RecordedCall, string>();
  const sockets = new Set<Socket>();
  let windows = newWindows();
  let answered = 0;

  function newWindows(): RateWindows | undefined {
    const rateLimit = options.rateLimit;
    if (!rateLimit) return undefined;
    const plan = RATE_LIMIT_PLANS[rateLimit.plan];
    const limits = rateLimit.limits ?? {};
    const categories = {} as Record<RateLimitCategory, RateLimitWindowLimits>;
    for (const category of RATE_LIMIT_CATEGORIES) {
      // A field given replaces the plan's; one left out or undefined keeps it, as in the clients' rateLimit.
      const [planned, given] = [plan[category], limits[category]];
      categories[category] = {
        perSecond: given?.perSecond ?? planned.perSecond,
        perMinute: given?.perMinute ?? planned.perMinute,
        perDay: given?.perDay ?? planned.perDay,
      };
    }
    return new RateWindows({
      categories,
      heavySharedPerDay: limits['HEAVY+RESOURCE-INTENSIVE']?.perDay ?? plan['HEAVY+RESOURCE-INTENSIVE']?.perDay,
    });
  }

  const keyOf = (route: RouteRow) => `${route.method} ${route.path}`;

  function takeFailure(key: string): Failure | undefined {
    const queue = failures.get(key);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.left--;
    if (next.left <= 0) queue.shift();
    return next;
  }

  function send(
    res: ServerResponse,
    call: RecordedCall | undefined,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (call) call.status = status;
    if (res.destroyed) return;
    const trackingId = `fake_${seed}_${++answered}`;
    if (body === undefined) {
      res.writeHead(status, { 'x-zm-trackingid': trackingId, ...headers }).end();
      return;
    }
    const text = JSON.stringify(body);
    res
      .writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'x-zm-trackingid': trackingId,
        ...headers,
      })
      .end(text);
  }

  const sendError = (res: ServerResponse, call: RecordedCall | undefined, answer: ErrorAnswer) =>
    send(res, call, answer.status, answer.body, answer.headers);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = headersOf(req);
    const inApi = url.pathname === BASE_PATH || url.pathname.startsWith(`${BASE_PATH}/`);
    const pathname = inApi ? url.pathname.slice(BASE_PATH.length) : url.pathname;
    const match = inApi ? matchRoute(method, pathname) : ({ kind: 'none' } as const);
    const call: RecordedCall = {
      operation: match.kind === 'operation' ? match.route.name : undefined,
      document: match.kind === 'operation' ? match.route.document : undefined,
      method,
      url: `${url.pathname}${url.search}`,
      path: match.kind === 'operation' ? { ...match.params } : {},
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers,
    };
    calls.push(call);
    if (match.kind === 'none') return sendError(res, call, noSuchApi(method, url.pathname));
    if (match.kind === 'method') return sendError(res, call, methodNotAllowed(method, url.pathname, match.allowed));
    const { route } = match;
    routeOfCall.set(call, keyOf(route));
    if (body === undefined) return send(res, call, 413, { code: 413, message: 'Request body too large.' });

    const failure = takeFailure(keyOf(route));
    if (failure?.delay) await clock.sleep(failure.delay, closing.signal);
    if (failure?.network === 'reset') {
      res.socket?.resetAndDestroy();
      return;
    }
    if (failure?.status !== undefined) {
      const headersToSend =
        failure.status === 429 && !failure.headers ? { 'retry-after': '1' } : { ...failure.headers };
      return send(res, call, failure.status, failure.body ?? errorBodyFor(failure.status), headersToSend);
    }

    const bearer = checkBearer(headers.authorization, credentials, clock.now());
    if ('problem' in bearer) return send(res, call, 401, bearer.problem);
    const op = await loadOperation(route);
    if (windows) {
      const violation = windows.admit(bearer.iss, op.category, clock.now());
      if (violation)
        return send(
          res,
          call,
          429,
          { code: 429, message: rateLimitMessage(violation) },
          rateLimitHeaders(op.category, violation),
        );
    }
    const verdict = await checkRequest(op, {
      method,
      pathParams: match.params,
      search: url.searchParams,
      headers,
      body,
    });
    if (!verdict.ok) return sendError(res, call, validationFailed(verdict.problems));
    Object.assign(call, verdict.request);

    const categoryHeader = { 'x-ratelimit-category': CATEGORY_HEADER_VALUE[op.category] };
    const handler = handlers.get(keyOf(route));
    let answer: unknown;
    if (handler) {
      try {
        answer = await handler({ ...verdict.request, headers } as RequestOf<OperationFunction>);
      } catch (error) {
        const message = `The zoom.on handler of ${route.name} threw: ${(error as Error)?.message ?? String(error)}`;
        return send(res, call, 500, { code: 500, message });
      }
    } else {
      answer = defaultAnswer(op, { seed, pages, query: verdict.request.query });
    }
    const noBody = answer === undefined || answer === null || op.response.status === 204;
    send(res, call, op.response.status, noBody ? undefined : answer, categoryHeader);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) {
        res.destroy();
        return;
      }
      send(res, undefined, 500, {
        code: 500,
        message: `@zoom-api/testing failed: ${(error as Error)?.message ?? String(error)}`,
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const zoom: FakeZoom = {
    baseUrl: `http://127.0.0.1:${port}${BASE_PATH}`,
    credentials,
    on(op: OperationRef, handler: (request: RequestOf<OperationFunction>) => unknown) {
      const route = routeOf(op, 'zoom.on');
      if (typeof handler !== 'function') {
        throw new TypeError(`zoom.on: the handler of ${route.name} must be a function that returns its answer.`);
      }
      handlers.set(keyOf(route), handler);
    },
    fail(op, failure) {
      const route = routeOf(op, 'zoom.fail');
      checkFailure(failure);
      const queue = failures.get(keyOf(route)) ?? [];
      queue.push({ ...failure, left: failure.times ?? Number.POSITIVE_INFINITY });
      failures.set(keyOf(route), queue);
    },
    calls(op?: OperationRef) {
      if (op === undefined) return [...calls];
      const route = routeOf(op, 'zoom.calls');
      return calls.filter((call) => routeOfCall.get(call) === keyOf(route));
    },
    webhookEvent: (name, overrides) => sampleEvent(name, overrides, seed, clock.now()),
    deliver: (url, event, deliverOptions) => deliverEvent(url, event, deliverOptions, clock, closing.signal),
    validateEndpoint: (url, validateOptions) => validateEndpoint(url, validateOptions, clock, closing.signal),
    reset() {
      handlers.clear();
      failures.clear();
      calls.length = 0;
      windows = newWindows();
    },
    async close() {
      if (closing.signal.aborted) return;
      closing.abort(new Error('the fake Zoom was closed'));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  } as FakeZoom;
  return zoom;
}
