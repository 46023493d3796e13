// Import time of one module in a fresh process: `node import-time.mjs <file URL or specifier>` prints
// the milliseconds the dynamic import took, and the milliseconds since the process started.
const started = performance.now();
await import(process.argv[2]);
const loaded = performance.now();
process.stdout.write(`${JSON.stringify({ importMs: loaded - started, sinceStartMs: loaded })}\n`);
