// Child process: a keep-alive node:http server on 127.0.0.1 that answers every request with the
// same JSON page. It runs apart from the benchmarking process so serving does not share its event
// loop with the clients being measured. It reports its port over IPC, counts requests by path
// (so the parent can check that each client really reached it), and exits with its parent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sessionsPage } from './sessions-page.ts';

/** What the parent (server-process.ts) sends. */
export type ServerRequest = { type: 'hits' } | { type: 'close' };
/** What this process answers. */
export type ServerMessage =
  | { type: 'listening'; port: number; bodyBytes: number }
  | { type: 'hits'; hits: Record<string, number> };

function send(message: ServerMessage): void {
  if (!process.send) throw new Error('server.ts runs as a child of server-process.ts, with an IPC channel.');
  process.send(message);
}

const body = Buffer.from(JSON.stringify(sessionsPage()));
const headers = {
  'Content-Type': 'application/json;charset=UTF-8',
  'Content-Length': String(body.length),
  'x-zm-trackingid': 'bench',
};
const hitsByPath = new Map<string, number>();

const server = createServer((request, response) => {
  const [path = ''] = (request.url ?? '').split('?');
  hitsByPath.set(path, (hitsByPath.get(path) ?? 0) + 1);
  request.resume();
  response.writeHead(200, headers);
  response.end(body);
});
// Clients keep their sockets between rounds; don't let the server close them under a client.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.requestTimeout = 0;

server.listen(0, '127.0.0.1', () => {
  send({ type: 'listening', port: (server.address() as AddressInfo).port, bodyBytes: body.length });
});

process.on('message', (message: ServerRequest | undefined) => {
  if (message?.type === 'hits') send({ type: 'hits', hits: Object.fromEntries(hitsByPath) });
  if (message?.type === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
// The parent died or closed the channel: never outlive it.
process.on('disconnect', () => process.exit(0));
