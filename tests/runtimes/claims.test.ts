// What the READMEs and package.json files say about runtimes is what the matrix (matrix.test.ts) runs:
// the root README's table and the webhooks README's list name exactly the pinned runtimes and versions,
// and every published package's `engines` starts at the oldest Node in the matrix.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RUNTIME_MATRIX, type RuntimeKind, WORKSPACE_ROOT } from '@zoom-api/test-utils';
import { describe, expect, it } from 'vitest';

const NAMES: Record<RuntimeKind, string> = { node: 'Node.js', bun: 'Bun', deno: 'Deno', workerd: 'workerd' };

const read = (file: string) => readFileSync(path.join(WORKSPACE_ROOT, file), 'utf8');
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

/** The root README's table, padded as the other tables there are. */
function runtimeTable(): string {
  const rows = [
    ['runtime', 'version', 'note'],
    ...RUNTIME_MATRIX.map((pin) => [NAMES[pin.kind], pin.version, pin.note ?? '']),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const [header, ...body] = rows as [string[], ...string[][]];
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

const listed = (items: string[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** `Node.js 20.19.0, 22.23.5 and 24.22.3, Bun 1.4.5 and Deno 2.9.6`: every runtime with its versions. */
function runtimeList(): string {
  const kinds = [...new Set(RUNTIME_MATRIX.map((pin) => pin.kind))];
  return listed(
    kinds.map(
      (kind) => `${NAMES[kind]} ${listed(RUNTIME_MATRIX.filter((pin) => pin.kind === kind).map((pin) => pin.version))}`,
    ),
  );
}

describe('runtime claims', () => {
  it('the root README has the table of the matrix', () => {
    expect(read('README.md'), `README.md should contain, under "## Runtimes":\n${runtimeTable()}`).toContain(
      runtimeTable(),
    );
  });

  it("the webhooks README's runtime list is the matrix", () => {
    expect(oneLine(read('packages/webhooks/README.md'))).toContain(`tested in ${runtimeList()} (`);
  });

  it("every package's engines start at the oldest Node of the matrix", () => {
    const oldest = RUNTIME_MATRIX.filter((pin) => pin.kind === 'node')
      .map((pin) => pin.version.split('.').map(Number) as [number, number, number])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2])[0];
    expect(oldest).toBeDefined();
    const [major, minor, patch] = oldest as [number, number, number];
    const floor = `>=${major}.${minor}${patch === 0 ? '' : `.${patch}`}`;
    const manifests = [
      'package.json',
      ...readdirSync(path.join(WORKSPACE_ROOT, 'packages'))
        .map((dir) => `packages/${dir}/package.json`)
        .filter((file) => existsSync(path.join(WORKSPACE_ROOT, file))),
    ];
    const engines = Object.fromEntries(
      manifests
        .map((file) => [file, JSON.parse(read(file))] as const)
        .filter(([file, pkg]) => file === 'package.json' || !pkg.private)
        .map(([file, pkg]) => [file, pkg.engines]),
    );
    expect(Object.keys(engines).length).toBeGreaterThan(5);
    for (const [file, declared] of Object.entries(engines)) expect(declared, file).toEqual({ node: floor });
  });
});
