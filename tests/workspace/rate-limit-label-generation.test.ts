// A rate-limit label the generator cannot place stops `generate` for the product, naming the document,
// operation and pointer, before anything is written: the limiter would otherwise draw from a wrong budget.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runProcess, scratchWorkspaceForTests } from '@zoom-api/test-utils';
import { expect, it } from 'vitest';
import { linkDependencies } from './scratch-links.ts';

const scratch = scratchWorkspaceForTests(linkDependencies);

it('an unknown label in the document fails generation clearly', async () => {
  const file = path.join(scratch.dir, 'specs/cobrowse.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const [p, item] = Object.entries<Record<string, { description: string }>>(doc.paths)[0] ?? [];
  const [method, operation] = Object.entries(item ?? {})[0] ?? [];
  if (p === undefined || method === undefined || operation === undefined)
    throw new Error('cobrowse.json has no operation');
  const relabelled = operation.description.replace(/(Rate Limit Label\]\([^)]*\):\*\* )`[A-Za-z-]+`/, '$1`GIGANTIC`');
  expect(relabelled).not.toBe(operation.description);
  operation.description = relabelled;
  writeFileSync(file, JSON.stringify(doc));

  const { code, stderr } = await runProcess(
    process.execPath,
    ['--import', 'tsx', 'scripts/codegen/generate.ts', 'cobrowse'],
    { cwd: scratch.dir, killAfter: 50_000 },
  );
  expect(code, stderr).toBe(1);
  const pointer = `#/paths/${p.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/description`;
  expect(stderr).toContain(`generate cobrowse: cobrowse: ${method.toUpperCase()} ${p} (`);
  expect(stderr).toContain(`, ${pointer}: unknown rate-limit label "GIGANTIC"; Zoom's categories are LIGHT, MEDIUM,`);
  expect(existsSync(path.join(scratch.dir, 'packages/cobrowse/src/generated'))).toBe(false);
}, 60_000);
