import { fork } from 'node:child_process';

const SERVER_ENTRY = new URL('./server.mjs', import.meta.url);

/** Starts the sessions-page server in a child process; resolves once it listens. */
export function startServerProcess() {
  const child = fork(SERVER_ENTRY, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (message?.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code) => reject(new Error(`The bench server exited (code ${code}) before answering '${type}'.`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });

  return ask('listening').then(({ port, bodyBytes }) => ({
    port,
    bodyBytes,
    hits: () => {
      const answer = ask('hits');
      child.send({ type: 'hits' });
      return answer.then((message) => message.hits);
    },
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill(), 2000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'close' });
      }),
  }));
}
