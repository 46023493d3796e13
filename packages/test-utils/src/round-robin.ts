// A loopback TCP load balancer: each new connection goes to the next backend in turn, as a
// round-robin balancer in front of several receiver processes would send it.
import { connect, createServer, type Socket } from 'node:net';

export interface RoundRobin {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Connections handed to each backend so far, in the order the backends were given. */
  readonly connections: readonly number[];
  close(): Promise<void>;
}

/** Balances over backends given as `host:port`-bearing URLs (`http://127.0.0.1:4001`, …). */
export async function startRoundRobin(backends: readonly string[]): Promise<RoundRobin> {
  if (backends.length === 0) throw new Error('startRoundRobin needs at least one backend');
  const targets = backends.map((url) => {
    const { hostname, port } = new URL(url);
    return { host: hostname, port: Number(port) };
  });
  const connections = targets.map(() => 0);
  const open = new Set<Socket>();
  let next = 0;
  const server = createServer((client) => {
    const index = next;
    next = (next + 1) % targets.length;
    connections[index] = (connections[index] ?? 0) + 1;
    const backend = connect(targets[index] as { host: string; port: number });
    for (const socket of [client, backend]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    }
    // A failure on either side ends both: the client sees a reset, as behind a real balancer.
    client.on('error', () => backend.destroy());
    backend.on('error', () => client.destroy());
    client.pipe(backend).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
