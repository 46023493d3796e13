// paginate() over real servers that page with next_page_token, through core's own client and two list
// operations written as the generated ones are (helpers.ts).
import type { ServerResponse } from 'node:http';
import { type Arrival, type Handler, json, scriptedServer, type TestServer } from '@zoom-api/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createZoomClient } from '../src/client.js';
import { ZoomApiError, ZoomError, ZoomPaginationError } from '../src/errors/classes.js';
import { paginate } from '../src/paginate.js';
import { listSessionsAsGenerated as listSessions, listSessionUsersAsGenerated as listSessionUsers } from './helpers.js';

const auth = { getToken: async () => 'token-for-paginate-tests' };

const query = { from: '2025-01-01', to: '2025-01-31' };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves `pages` by token: the first without one, page n+1 for the token `t<n>`. */
function pagedBy(pages: Array<{ ids: string[]; next: string }>): Handler {
  return (req: Arrival, res: ServerResponse) => {
    const token = new URL(req.url, 'http://x').searchParams.get('next_page_token');
    const index = token === null ? 0 : Number(token.slice(1));
    const page = pages[index];
    if (!page) return json(404, { code: 404, message: `no page for ${token}` })(req, res, undefined as never);
    json(200, {
      from: query.from,
      to: query.to,
      page_size: 2,
      next_page_token: page.next,
      sessions: page.ids.map((id) => ({ id, session_name: `session ${id}` })),
    })(req, res, undefined as never);
  };
}

const threePages = [
  { ids: ['a', 'b'], next: 't1' },
  { ids: ['c', 'd'], next: 't2' },
  { ids: ['e'], next: '' },
];

async function clientFor(step: Handler) {
  server = await scriptedServer(step);
  return { s: server, client: createZoomClient({ baseUrl: server.baseUrl, auth }) };
}

const tokensSent = (s: TestServer) =>
  s.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('next_page_token'));

describe('paginate(listSessions, …)', () => {
  it('yields every item of three pages once, in order, following next_page_token', async () => {
    const { s, client } = await clientFor(pagedBy(threePages));
    const ids: Array<string | undefined> = [];
    for await (const session of paginate(listSessions, { client, query: { ...query, page_size: 2 } })) {
      ids.push(session.id);
    }
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(tokensSent(s)).toEqual([null, 't1', 't2']);
  });

  it('sends page_size and the rest of the query with every page', async () => {
    const { s, client } = await clientFor(pagedBy(threePages));
    for await (const _ of paginate(listSessions, { client, query: { ...query, page_size: 2, type: 'past' } })) {
      // drain
    }
    for (const request of s.requests) {
      const params = new URL(request.url, 'http://x').searchParams;
      expect(params.get('page_size')).toBe('2');
      expect(params.get('from')).toBe(query.from);
      expect(params.get('type')).toBe('past');
    }
  });

  it('stops after a repeated token instead of looping', async () => {
    const { s, client } = await clientFor((req, res) =>
      json(200, { next_page_token: 'same', sessions: [{ id: String(s.requests.length) }] })(
        req,
        res,
        undefined as never,
      ),
    );
    const ids: Array<string | undefined> = [];
    for await (const session of paginate(listSessions, { client, query })) ids.push(session.id);
    expect(ids).toEqual(['1', '2']);
    expect(tokensSent(s)).toEqual([null, 'same']);
  });

  /** A server that never runs out: page n carries the token `t<n+1>`. */
  const endless: Handler = (req, res) => {
    const token = new URL(req.url, 'http://x').searchParams.get('next_page_token');
    const n = token === null ? 0 : Number(token.slice(1));
    json(200, { next_page_token: `t${n + 1}`, sessions: [{ id: `s${n}` }] })(req, res, undefined as never);
  };

  it('stops at maxPages with a ZoomPaginationError when the server keeps handing out new tokens', async () => {
    const { s, client } = await clientFor(endless);
    const ids: Array<string | undefined> = [];
    const error = await (async () => {
      for await (const session of paginate(listSessions, { client, query, maxPages: 5 })) ids.push(session.id);
    })().catch((e: unknown) => e);
    expect(ids).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(s.requests).toHaveLength(5);
    expect(error).toBeInstanceOf(ZoomPaginationError);
    expect(error).toBeInstanceOf(ZoomError);
    const failure = error as ZoomPaginationError;
    expect(failure.name).toBe('ZoomPaginationError');
    expect(failure.maxPages).toBe(5);
    expect(failure.method).toBe('GET');
    expect(failure.url).toBe(`${s.baseUrl}/videosdk/sessions`);
    expect(failure.message).toBe(
      `GET ${s.baseUrl}/videosdk/sessions: paginate() stopped after 5 pages (maxPages) while the server still ` +
        'returned a next_page_token. Raise maxPages (or pass Infinity) if the list really is that long.',
    );
  });

  it('by default stops an endless listing after 1,000 pages', async () => {
    const { s, client } = await clientFor(endless);
    let pages = 0;
    const error = await (async () => {
      for await (const _ of paginate.pages(listSessions, { client, query })) pages++;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomPaginationError);
    expect((error as ZoomPaginationError).maxPages).toBe(1000);
    expect(pages).toBe(1000);
    expect(s.requests).toHaveLength(1000);
  });

  it('a listing of exactly maxPages pages ends normally', async () => {
    const { s, client } = await clientFor(pagedBy(threePages));
    const ids: Array<string | undefined> = [];
    for await (const session of paginate(listSessions, { client, query, maxPages: 3 })) ids.push(session.id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(s.requests).toHaveLength(3);
    expect(tokensSent(s)).toEqual([null, 't1', 't2']);
  });

  it('maxPages must be a positive whole number or Infinity, and is not sent to Zoom', async () => {
    const { s, client } = await clientFor(pagedBy(threePages));
    for (const maxPages of [0, -1, 1.5, Number.NaN, '10']) {
      const loop = async () => {
        for await (const _ of paginate(listSessions, { client, query, maxPages: maxPages as number })) {
          // drain
        }
      };
      await expect(loop()).rejects.toThrow(/^paginate\(\): maxPages must be a positive whole number of pages/);
    }
    expect(s.requests).toHaveLength(0);
    for await (const _ of paginate(listSessions, { client, query, maxPages: Number.POSITIVE_INFINITY })) {
      // drain
    }
    expect(s.requests.map((r) => new URL(r.url, 'http://x').searchParams.has('maxPages'))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('stops early when the loop breaks: no further page is fetched', async () => {
    const { s, client } = await clientFor(pagedBy(threePages));
    for await (const session of paginate(listSessions, { client, query })) {
      if (session.id === 'b') break;
    }
    expect(s.requests).toHaveLength(1);
  });

  it('a page without the list (Zoom omits empty arrays) has no items', async () => {
    const { client } = await clientFor(json(200, { from: query.from, next_page_token: '' }));
    const items = [];
    for await (const item of paginate(listSessions, { client, query })) items.push(item);
    expect(items).toEqual([]);
  });

  it('an error on a later page is thrown from the loop, after the earlier items', async () => {
    const { client } = await clientFor(
      pagedBy([
        { ids: ['a'], next: 't9' },
        { ids: [], next: '' },
      ]),
    );
    const ids: Array<string | undefined> = [];
    const error = await (async () => {
      for await (const session of paginate(listSessions, { client, query })) ids.push(session.id);
    })().catch((e: unknown) => e);
    expect(ids).toEqual(['a']);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect((error as ZoomApiError).status).toBe(404);
  });

  it('with throwOnError: false the error is still thrown from the loop', async () => {
    const { client } = await clientFor(json(400, { code: 300, message: 'bad from' }));
    const loop = async () => {
      for await (const _ of paginate(listSessions, { client, query, throwOnError: false })) {
        // drain
      }
    };
    await expect(loop()).rejects.toThrow('bad from');
  });
});

describe('paginate.pages and items', () => {
  it('paginate.pages yields whole pages', async () => {
    const { client } = await clientFor(pagedBy(threePages));
    const pages = [];
    for await (const page of paginate.pages(listSessions, { client, query })) pages.push(page);
    expect(pages.map((p) => p.next_page_token)).toEqual(['t1', 't2', '']);
    expect(pages[0]?.sessions?.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('several array fields need `items` to say which one', async () => {
    const { client } = await clientFor(json(200, { next_page_token: '', users: [{ id: 'u' }], extra: [1] }));
    const loop = async (items?: 'users') => {
      const out = [];
      for await (const user of paginate(listSessionUsers, { client, path: { sessionId: 's' }, items })) out.push(user);
      return out;
    };
    await expect(loop()).rejects.toThrow(/several array fields \(users, extra\); pass items: 'users'/);
    expect(await loop('users')).toEqual([{ id: 'u' }]);
  });
});
