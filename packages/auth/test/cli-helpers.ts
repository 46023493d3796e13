// Runs the BUILT zoom-jwt command as a real child process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@zoom-api/test-utils';

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

/** Runs a command with exactly the given environment (plus PATH) and collects its output. */
export async function run(command: string, args: readonly string[], env: Record<string, string>): Promise<RunResult> {
  const { code, stdout, stderr } = await runProcess(command, args, {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
  return { code, stdout, stderr };
}

/** `node dist/bin.mjs ...args` */
export const runZoomJwtBin = (args: readonly string[], env: Record<string, string>) =>
  run(process.execPath, [BIN_PATH, ...args], env);
