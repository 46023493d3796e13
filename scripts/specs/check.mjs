#!/usr/bin/env node
// Verifies that the materialised specs match the manifest and that every operation has a
// committed function name. Exits 1 listing every problem, so CI shows them all at once.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkNames } from '../codegen/names.ts';
import { describeSpec, ROOT, readManifest } from './lib.ts';

export function checkSpecs({ root = ROOT } = {}) {
  const manifest = readManifest(root);
  const problems = [];
  const docs = {};
  for (const entry of manifest.specs) {
    const file = path.join(root, 'specs', entry.file);
    if (!existsSync(file)) {
      problems.push(`specs/${entry.file} is missing: run \`pnpm specs:pull\`.`);
      continue;
    }
    let doc;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`specs/${entry.file} is not valid JSON (${err.message}): run \`pnpm specs:pull\`.`);
      continue;
    }
    docs[entry.id] = doc;
    const d = describeSpec(doc);
    for (const key of ['sha256', 'title', 'version', 'operations', 'webhooks']) {
      if (d[key] !== entry[key])
        problems.push(`specs/${entry.file}: ${key} is ${d[key]}, the manifest says ${entry[key]}.`);
    }
  }
  problems.push(...checkNames(docs, root));
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkSpecs();
  if (problems.length) {
    console.error(`specs:check found ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.error('specs:check: every document matches the manifest and every operation is named.');
}
