// Preloaded into the Prism process (`node --require`). The process that started Prism holds the other
// end of Prism's stdin pipe; when that process goes away by any means — a crash, or SIGKILL, where
// none of its exit hooks run — the pipe reaches end-of-file and Prism exits with it instead of
// lingering as an orphan.
const stdin = process.stdin;
stdin.on('end', () => process.exit(0));
stdin.on('error', () => process.exit(0));
stdin.resume();
// Prism's own server keeps the process alive; the watch must not, or a Prism that failed to start
// would hang here instead of exiting.
if (typeof stdin.unref === 'function') stdin.unref();
