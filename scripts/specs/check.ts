// Verifies that the materialised specs match the manifest and that every operation has a
// committed function name. Exits 1 listing every problem, so CI shows them all at once.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkNames } from '../codegen/names.ts';
import { recoverInterrupted } from './journal.ts';
import { describeSpec, type OpenApiDocument, ROOT, readManifest } from './lib.ts';

/** The manifest fields a materialised document must agree with. */
const CHECKED = ['sha256', 'title', 'version', 'operations', 'webhooks'] as const;

/** Every inconsistency between specs/*.json, the manifest and the names file (empty: all good). */
export function checkSpecs({ root = ROOT }: { root?: string } = {}): string[] {
  const manifest = readManifest(root);
  const problems: string[] = [];
  const docs: Record<string, OpenApiDocument> = {};
  for (const entry of manifest.specs) {
    const file = path.join(root, 'specs', entry.file);
    if (!existsSync(file)) {
      problems.push(`specs/${entry.file} is missing: run \`pnpm specs:pull\`.`);
      continue;
    }
    let doc: OpenApiDocument;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`specs/${entry.file} is not valid JSON (${(err as Error).message}): run \`pnpm specs:pull\`.`);
      continue;
    }
    docs[entry.id] = doc;
    const d = describeSpec(doc);
    for (const key of CHECKED) {
      if (d[key] !== entry[key])
        problems.push(`specs/${entry.file}: ${key} is ${d[key]}, the manifest says ${entry[key]}.`);
    }
  }
  problems.push(...checkNames(docs, root));
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // A specs:update or specs:pull killed earlier is rolled back first, so what is checked is a
  // state some run left complete (./journal.ts).
  try {
    recoverInterrupted(ROOT);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const problems = checkSpecs();
  if (problems.length) {
    console.error(`specs:check found ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.error('specs:check: every document matches the manifest and every operation is named.');
}
