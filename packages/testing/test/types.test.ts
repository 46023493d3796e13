// zoom.on's handler is typed by the operation it answers: a field the answer does not have, at any depth, is
// a compile error (TypeScript does not check returned object literals for extra fields on its own).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runNode } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const typesDir = fileURLToPath(new URL('./types/', import.meta.url));

const typecheck = (project: string) => runNode(tsc, ['--noEmit', '--pretty', 'false', '-p', `${typesDir}${project}`]);

describe('the types of zoom.on, zoom.calls and zoom.deliver (tsc --noEmit)', () => {
  it('compile right uses, and every @ts-expect-error in on.typecheck.ts is needed', async () => {
    const { code, output } = await typecheck('tsconfig.json');
    expect(output).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('fail to compile a misspelt field in the answer (control: the check is real)', async () => {
    const { code, output } = await typecheck('tsconfig.negative.json');
    expect(code).not.toBe(0);
    expect(output).toMatch(/wrong-field\.negative\.ts\(7,\d+\): error TS2345: .*next_page_tokn/s);
    expect(output).toContain("Types of property 'next_page_tokn' are incompatible.");
  }, 60_000);
});
