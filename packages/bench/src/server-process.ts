import { fork } from 'node:child_process';
import type { ServerMessage, ServerRequest } from './server.ts';

const SERVER_ENTRY = new URL('./server.ts', import.meta.url);
/**
 * The server is TypeScript, so the child runs it through tsx's loader, as the bench itself runs. The
 * flags are explicit rather than inherited from this process (whose execArgv under the `tsx` command
 * also carries the CLI's preflight, which talks to that command, not to us). The loader only
 * transforms modules as they load; the server is not what is measured, and every client shares it.
 */
const TSX_LOADER = import.meta.resolve('tsx');

export interface ServerProcess {
  port: number;
  /** Size of the one JSON page every request gets. */
  bodyBytes: number;
  /** Requests the server has seen so far, by path. */
  hits(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** Starts the sessions-page server in a child process; resolves once it listens. */
export async function startServerProcess(): Promise<ServerProcess> {
  const child = fork(SERVER_ENTRY, [], {
    execArgv: ['--import', TSX_LOADER],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T extends ServerMessage['type']>(type: T) =>
    new Promise<Extract<ServerMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: ServerMessage | undefined) => {
        if (message?.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Extract<ServerMessage, { type: T }>);
      };
      const onExit = (code: number | null) =>
        reject(new Error(`The bench server exited (code ${code}) before answering '${type}'.`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const tell = (request: ServerRequest) => child.send(request);

  const { port, bodyBytes } = await ask('listening');
  return {
    port,
    bodyBytes,
    hits: () => {
      const answer = ask('hits');
      tell({ type: 'hits' });
      return answer.then((message) => message.hits);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill(), 2000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        tell({ type: 'close' });
      }),
  };
}
