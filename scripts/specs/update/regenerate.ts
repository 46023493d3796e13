// Regenerating the affected packages after an update: a child process whose output is streamed as
// progress and whose tail ends up in the error when it fails.
import { spawn } from 'node:child_process';
import { announceFault, faultRequested } from '../fault.ts';

/** [command, args] that regenerates `packages`; tests substitute their own. */
export type GenerateCommand = (packages: string[]) => [string, string[]];

/**
 * `pnpm turbo run generate` for exactly the affected packages. (Turbo's `--filter=pkg...` would add
 * every dependency of the package, regenerating unrelated products.) --force: a freshly accepted
 * document must be generated from, whatever the cache believes.
 */
export const defaultGenerateCommand: GenerateCommand = (packages) => [
  'pnpm',
  ['turbo', 'run', 'generate', '--force', ...packages.map((p) => `--filter=${p}`)],
];

/** Runs the command; rejects with its last 4000 characters of output when it does not exit 0. */
export function runRegeneration(
  command: string,
  args: readonly string[],
  {
    cwd,
    env,
    progress,
    onSpawn = () => {},
  }: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    progress: (text: string) => void;
    /** Called with the pid of the child, the leader of its own process group. */
    onSpawn?: (pid: number) => void;
  },
): Promise<void> {
  return new Promise((resolve, reject) => {
    let tail = '';
    // Its own process group, so that the whole tree (turbo and its tasks) can be killed at once: by
    // the next specs:* command when this process is killed (../journal.ts), or from here on Ctrl-C.
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid !== undefined) onSpawn(child.pid);
    // Ctrl-C and SIGTERM reach this process only (the child's group is its own): pass them on, and
    // the child's death rejects below, which rolls the update back.
    const forward = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    });
    let announced = false;
    const onData = (chunk: Buffer) => {
      if (!announced && faultRequested('during-regenerate')) announceFault('during-regenerate');
      announced = true;
      progress(chunk.toString());
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => reject(new Error(`Regeneration could not start \`${command}\`: ${err.message}`)));
    child.on('close', (status, signal) => {
      if (status === 0) resolve();
      else {
        const how = signal ? `was killed by ${signal}` : `exited with code ${status}`;
        reject(new Error(`Regeneration failed: \`${[command, ...args].join(' ')}\` ${how}.\n${tail.trimEnd()}`));
      }
    });
  });
}
