// Adapter from node:http's (req, res) to a Web-standard handler. The node types are described
// structurally so that the package's typings do not require @types/node.

/** The parts of node's `IncomingMessage` the adapter uses. */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly complete: boolean;
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** The parts of node's `ServerResponse` the adapter uses. */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  writeHead(statusCode: number, headers: Record<string, string | string[]>): unknown;
  end(body?: Uint8Array): unknown;
}

export type NodeListener = (req: NodeRequestLike, res: NodeResponseLike) => void;

/**
 * A body stream that reads from `req` only as fast as it is consumed. Cancelling it (a body over
 * the size limit) pauses `req` instead of destroying it, so the socket stays open for the reply.
 */
function bodyStream(req: NodeRequestLike): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.pause();
      req.on('data', (chunk) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => {
        if (!cancelled) controller.close();
      });
      req.on('error', (error) => {
        if (!cancelled) controller.error(error);
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      req.pause();
    },
  });
}

function requestUrl(req: NodeRequestLike): string {
  const host = req.headers.host;
  try {
    return new URL(req.url ?? '/', `http://${typeof host === 'string' && host ? host : 'localhost'}`).href;
  } catch {
    return 'http://localhost/';
  }
}

function toRequest(req: NodeRequestLike): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue; // HTTP/2 pseudo-headers are not headers
    for (const item of typeof value === 'string' ? [value] : value) {
      try {
        headers.append(name, item);
      } catch {
        // A header the Fetch API refuses cannot be one of Zoom's; drop it rather than fail the request.
      }
    }
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // `duplex: 'half'` is required by Node's fetch for a streamed body and not yet in TypeScript's DOM types.
  const init = { method, headers, body: hasBody ? bodyStream(req) : null, duplex: 'half' } as RequestInit;
  return new Request(requestUrl(req), init);
}

function toNodeHeaders(response: Response): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length) out['set-cookie'] = cookies;
  return out;
}

/** Serves a Web-standard handler from `http.createServer()`, Express or any node:http-style server. */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener {
  return (req, res) => {
    void (async () => {
      let response: Response;
      try {
        response = await handler(toRequest(req));
      } catch {
        response = new Response(JSON.stringify({ error: 'internal_error', message: 'The webhook handler failed.' }), {
          status: 500,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
      }
      const body = new Uint8Array(await response.arrayBuffer());
      const headers = toNodeHeaders(response);
      // Unread upload left (413, 405): close the connection rather than drain what we refused.
      if (!req.complete) headers.connection = 'close';
      if (!res.headersSent) res.writeHead(response.status, headers);
      res.end(body);
    })();
  };
}
