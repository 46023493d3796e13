// Child processes as the tests run them: the built commands, fixtures, tsc, npm.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const WORKSPACE_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
}

// An option given as `undefined` is one not given, so callers can pass theirs on as they have them.
export interface RunOptions {
  env?: NodeJS.ProcessEnv | undefined;
  cwd?: string | undefined;
  /** Written to stdin, which is then closed; without it stdin is closed at once. */
  stdin?: string | undefined;
  /** Sends SIGKILL after this many milliseconds (a hung child fails its test instead of the run). */
  killAfter?: number | undefined;
  /** Called with all stderr so far as each chunk arrives, and the child, e.g. to signal it mid-run. */
  onStderr?: ((stderr: string, child: ReturnType<typeof spawn>) => void) | undefined;
}

/** Runs a command to its end and collects what it printed. Rejects only when it cannot start. */
export function runProcess(command: string, args: readonly string[], options: RunOptions = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? WORKSPACE_ROOT,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      output += chunk;
      options.onStderr?.(stderr, child);
    });
    const killer =
      options.killAfter === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfter);
    child.on('error', (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, output });
    });
    child.stdin.on('error', () => {}); // a child that exits without reading stdin
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs a Node script with this process's Node. */
export function runNode(script: string, args: readonly string[] = [], options: RunOptions = {}): Promise<Finished> {
  return runProcess(process.execPath, [script, ...args], options);
}

/** The environment without any Zoom credentials from the developer's shell. */
export function envWithoutCredentials(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ZOOM_API_KEY;
  delete env.ZOOM_API_SECRET;
  return { ...env, ...extra };
}

/** The workspace's TypeScript compiler (the pinned one), run over `args`; `code` 0 and no output is clean. */
export async function runTsc(
  args: readonly string[],
  options: RunOptions = {},
): Promise<{ code: number | null; output: string }> {
  const tsc = path.join(WORKSPACE_ROOT, 'node_modules/typescript/bin/tsc');
  const { code, output } = await runNode(tsc, args, options);
  return { code, output };
}
