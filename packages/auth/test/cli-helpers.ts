// Runs the BUILT zoom-jwt command as a real child process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN_PATH = fileURLToPath(new URL('../dist/bin.mjs', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(BIN_PATH)) {
    throw new Error(
      `${BIN_PATH} does not exist: these tests run the built zoom-jwt command. Build it first with ` +
        '`pnpm turbo run build --filter=@zoom-api/auth` (the root `pnpm test` builds before testing).',
    );
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with exactly the given environment (plus PATH), no stdin, and collects its output. */
export function run(command: string, args: readonly string[], env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `node dist/bin.mjs ...args` */
export const runZoomJwtBin = (args: readonly string[], env: Record<string, string>) =>
  run(process.execPath, [BIN_PATH, ...args], env);
