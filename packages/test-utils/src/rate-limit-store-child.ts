// One process of the store conformance suite's contention tests (rate-limit-store.ts), run through tsx.
// It imports the store module named by its argument, says `ready`, waits for `go` on stdin so that every
// process starts at once, makes the takes CONTENTION_TASK describes, several at a time, and prints what
// the store answered as one JSON line.
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { ContentionReport, ContentionTask, SharedStoreModule } from './rate-limit-store.js';

const [modulePath] = process.argv.slice(2);
const task = JSON.parse(process.env.CONTENTION_TASK ?? 'null') as ContentionTask | null;
if (!modulePath || !task) throw new Error('usage: CONTENTION_TASK=<json> rate-limit-store-child.ts <store module>');

const shared = (await import(pathToFileURL(modulePath).href)) as SharedStoreModule;
const store = await shared.createStore();

const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => {
  lines.on('line', (line) => {
    if (line.trim() === 'go') resolve();
  });
});
process.stdout.write('ready\n');
await go;
lines.close();

const report: ContentionReport = { granted: 0, refusals: [], errors: [] };
let started = 0;
const worker = async (): Promise<void> => {
  while (started < task.attempts) {
    started++;
    try {
      const answer = await store.take(task.scope, task.category, task.rules, task.now);
      if (answer.ok) report.granted++;
      else
        report.refusals.push({
          budget: answer.blockedBy === 'pause' ? 'pause' : answer.blockedBy.budget,
          retryAt: answer.retryAt,
        });
    } catch (error) {
      report.errors.push(String((error as Error)?.message ?? error));
    }
  }
};
await Promise.all(Array.from({ length: task.concurrency }, worker));
process.stdout.write(`${JSON.stringify(report)}\n`);
await shared.close?.();
