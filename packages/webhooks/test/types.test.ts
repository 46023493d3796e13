import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const typesDir = fileURLToPath(new URL('./types/', import.meta.url));

/** Runs the real TypeScript compiler in a child process; resolves with its exit code and output. */
function typecheck(project: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '--noEmit', '-p', `${typesDir}${project}`], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('event types (tsc --noEmit)', () => {
  it('types payload.object per event, so the @ts-expect-error lines in handler.typecheck.ts are all needed', async () => {
    const { code, output } = await typecheck('tsconfig.json');
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('fails to compile a wrong field name on session.started (control: the check is real)', async () => {
    const { code, output } = await typecheck('tsconfig.negative.json');
    expect(code).not.toBe(0);
    expect(output).toMatch(/wrong-field\.negative\.ts\(\d+,\d+\): error TS(2339|2551): Property 'session_title'/);
  });
});
