#!/usr/bin/env node
// `pnpm specs:update [--from DIR | --url] [ids…] [--dry-run] [--no-generate]`
// Accepts new versions of Zoom's documents: validates them, diffs each against the accepted one,
// writes one changeset per affected package, updates specs/manifest.json and specs/names.json,
// replaces specs/<file> and regenerates the affected packages. Everything is planned before the
// first write; if any step fails, every file is put back as it was.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { readNames } from '../codegen/names.ts';
import { changesetFileName, renderChangeset } from './changeset.mjs';
import { diffDocuments, maxBump } from './diff/index.mjs';
import {
  canonicalHash,
  consumersOf,
  defaultSourceDir,
  describeSpec,
  fetchText,
  parseSpecText,
  ROOT,
  readManifest,
  writeFileAtomic,
} from './lib.ts';
import { describeProblems, validateSpec } from './validate.mjs';

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * `pnpm turbo run generate` for exactly the affected packages. (Turbo's `--filter=pkg...` would add
 * every dependency of the package, regenerating unrelated products.) --force: a freshly accepted
 * document must be generated from, whatever the cache believes.
 */
export function defaultGenerateCommand(packages) {
  return ['pnpm', ['turbo', 'run', 'generate', '--force', ...packages.map((p) => `--filter=${p}`)]];
}

function refusal(title, problems) {
  const err = new Error(`${title}; no file was changed.\n${problems.join('\n')}`);
  err.code = 'SPECS_UPDATE_REFUSED';
  return err;
}

/** Reads the selected documents from the source and keeps those that differ from the manifest. */
async function loadCandidates({ root, entries, sourceDir, explicit }) {
  const candidates = [];
  const unchanged = [];
  const problems = [];
  for (const entry of entries) {
    const source = sourceDir ? path.join(sourceDir, entry.file) : entry.url;
    if (sourceDir && !existsSync(source)) {
      if (explicit) problems.push(`  ${entry.file}: not found in ${sourceDir}.`);
      else unchanged.push({ entry, status: `not in ${sourceDir}, skipped` });
      continue;
    }
    let text;
    let doc;
    try {
      text = sourceDir ? readFileSync(source, 'utf8') : await fetchText(source);
      doc = parseSpecText(text, source);
    } catch (err) {
      problems.push(`  ${entry.file}: ${err.message}`);
      continue;
    }
    const sha256 = canonicalHash(doc);
    if (sha256 === entry.sha256) {
      unchanged.push({ entry, status: 'up to date' });
      continue;
    }
    const currentPath = path.join(root, 'specs', entry.file);
    let currentText;
    let current;
    try {
      currentText = readFileSync(currentPath, 'utf8');
      current = JSON.parse(currentText);
    } catch {
      problems.push(
        `  specs/${entry.file} is missing or unreadable: run \`pnpm specs:pull\` first, so the new document can be compared with the accepted one.`,
      );
      continue;
    }
    if (canonicalHash(current) !== entry.sha256) {
      problems.push(
        `  specs/${entry.file} does not match specs/manifest.json: run \`pnpm specs:pull\` to restore the accepted version first.`,
      );
      continue;
    }
    candidates.push({ entry, source, text, doc, sha256, current, currentText });
  }
  if (problems.length) throw refusal(`specs:update cannot read ${problems.length} document(s)`, problems);
  return { candidates, unchanged };
}

async function validateCandidates(candidates) {
  const invalid = [];
  for (const c of candidates) {
    const { problems, tolerated } = await validateSpec({
      doc: c.doc,
      text: c.text,
      label: c.entry.file,
      baselineDoc: c.current,
      baselineText: c.currentText,
    });
    c.tolerated = tolerated;
    if (problems.length) invalid.push(describeProblems(c.source, problems));
  }
  if (invalid.length) throw refusal(`specs:update refused ${invalid.length} invalid document(s)`, invalid);
}

/** Everything the update would write, computed before anything is written. */
function plan({ root, manifest, names, candidates }) {
  const newNames = structuredClone(names);
  for (const c of candidates) {
    const result = diffDocuments({ specId: c.entry.id, oldDoc: c.current, newDoc: c.doc, names });
    c.changes = result.changes;
    c.bump = result.bump;
    if (result.names) newNames[c.entry.id] = result.names;
  }
  const newManifest = structuredClone(manifest);
  for (const c of candidates) {
    const entry = newManifest.specs.find((s) => s.id === c.entry.id);
    Object.assign(entry, describeSpec(c.doc));
  }

  const byPackage = new Map();
  for (const c of candidates) {
    for (const pkg of consumersOf(manifest, c.entry.id)) byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), c]);
  }
  const taken = new Set();
  const changesets = [...byPackage].map(([pkg, docs]) => {
    const bump = maxBump(...docs.map((c) => c.bump));
    const hashes = docs.map((c) => c.sha256);
    let name = changesetFileName(pkg, hashes);
    for (let n = 2; existsSync(path.join(root, '.changeset', name)) || taken.has(name); n++) {
      name = changesetFileName(pkg, [...hashes, String(n)]);
    }
    taken.add(name);
    const text = renderChangeset({
      pkg,
      bump,
      docs: docs.map((c) => ({ id: c.entry.id, file: c.entry.file, title: c.doc.info?.title, changes: c.changes })),
    });
    return { pkg, bump, file: path.join(root, '.changeset', name), text };
  });

  const writes = candidates.map((c) => ({ file: path.join(root, 'specs', c.entry.file), data: c.text }));
  if (json(newNames) !== json(names))
    writes.push({ file: path.join(root, 'specs', 'names.json'), data: json(newNames) });
  writes.push({ file: path.join(root, 'specs', 'manifest.json'), data: json(newManifest) });
  for (const cs of changesets) writes.push({ file: cs.file, data: cs.text });
  return { changesets, writes, packages: [...byPackage.keys()] };
}

function formatReport({ root, sourceLabel, unchanged, candidates, changesets, dryRun }) {
  const out = [`specs:update: comparing with ${sourceLabel}`, ''];
  for (const c of candidates) {
    const [from, to] = [c.entry, describeSpec(c.doc)];
    out.push(
      `${c.entry.file}: ${from.title} ${from.version} → ${to.title} ${to.version}, ` +
        `${from.operations} → ${to.operations} operations, ${from.webhooks} → ${to.webhooks} webhooks; bump ${c.bump}`,
    );
    if (c.tolerated)
      out.push(
        `  (${c.tolerated} validation problem(s) tolerated: the accepted version has them too, or they are Zoom's harmless habits)`,
      );
    for (const change of c.changes) out.push(`  ${change.bump.padEnd(5)}  ${change.text}`);
  }
  for (const { entry, status } of unchanged) out.push(`${entry.file}: ${status}`);
  if (!candidates.length) {
    out.push('', 'Nothing to update.');
    return out.join('\n');
  }
  out.push('', dryRun ? 'Changesets that would be written:' : 'Changesets:');
  for (const cs of changesets) out.push(`  ${path.relative(root, cs.file)}  ${cs.pkg}: ${cs.bump}`);
  if (dryRun) {
    for (const cs of changesets) out.push('', `--- ${path.relative(root, cs.file)}`, cs.text.trimEnd());
    out.push('', 'Dry run: nothing was written.');
  }
  return out.join('\n');
}

/** Copies of every packages/*\/src/generated folder, so a failed regeneration can be undone. */
function snapshotGenerated(root) {
  const packagesDir = path.join(root, 'packages');
  const dirs = existsSync(packagesDir)
    ? readdirSync(packagesDir)
        .map((name) => path.join(packagesDir, name, 'src', 'generated'))
        .filter((dir) => existsSync(dir))
    : [];
  const store = path.join(root, '.tmp', `specs-update-${process.pid}-${Date.now()}`);
  const saved = dirs.map((dir, i) => {
    const copy = path.join(store, String(i));
    cpSync(dir, copy, { recursive: true });
    return { dir, copy };
  });
  const generatedNow = () =>
    (existsSync(packagesDir) ? readdirSync(packagesDir) : []).map((n) => path.join(packagesDir, n, 'src', 'generated'));
  return {
    restore() {
      for (const dir of generatedNow())
        if (!saved.some((s) => s.dir === dir)) rmSync(dir, { recursive: true, force: true });
      for (const { dir, copy } of saved) {
        rmSync(dir, { recursive: true, force: true });
        renameSync(copy, dir);
      }
    },
    discard() {
      rmSync(store, { recursive: true, force: true });
      try {
        rmdirSync(path.dirname(store)); // .tmp, when nothing else uses it
      } catch {
        // not empty: another tool's files are there
      }
    },
  };
}

/** Writes every file, then runs `afterWrites`; on any failure puts every file back and rethrows. */
async function applyAtomically({ root, writes, afterWrites }) {
  const backups = writes.map((w) => ({ file: w.file, before: existsSync(w.file) ? readFileSync(w.file) : null }));
  const snapshot = afterWrites ? snapshotGenerated(root) : null;
  try {
    for (const w of writes) {
      mkdirSync(path.dirname(w.file), { recursive: true });
      writeFileAtomic(w.file, w.data);
    }
    if (afterWrites) await afterWrites();
  } catch (err) {
    const notRestored = [];
    for (const { file, before } of backups.reverse()) {
      try {
        if (before === null) rmSync(file, { force: true });
        else writeFileAtomic(file, before);
      } catch (restoreErr) {
        notRestored.push(`  ${file}: ${restoreErr.message}`);
      }
    }
    try {
      snapshot?.restore();
    } catch (restoreErr) {
      notRestored.push(`  generated code: ${restoreErr.message}`);
    }
    const outcome = notRestored.length
      ? `specs:update failed and could NOT restore:\n${notRestored.join('\n')}`
      : 'specs:update rolled back: specs, manifest, names, changesets and generated code are as they were.';
    const wrapped = new Error(`${err.message}\n${outcome}`, { cause: err });
    wrapped.code = 'SPECS_UPDATE_ROLLED_BACK';
    throw wrapped;
  } finally {
    snapshot?.discard();
  }
}

function run(command, args, { cwd, env, progress }) {
  return new Promise((resolve, reject) => {
    let tail = '';
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk) => {
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

/**
 * Options: root, from (folder), url (use the manifest's URLs), ids, dryRun, generate (default true),
 * generateCommand(packages) → [command, args], env, log (the report), progress (regeneration output).
 * Returns { candidates, changesets, written }.
 */
export async function updateSpecs({
  root = ROOT,
  from,
  url = false,
  ids = [],
  dryRun = false,
  generate = true,
  generateCommand = defaultGenerateCommand,
  env = process.env,
  log = console.log,
  progress = (text) => process.stderr.write(text),
} = {}) {
  if (from && url) throw new Error('Use either --from DIR or --url, not both.');
  const manifest = readManifest(root);
  const names = readNames(root);
  const unknown = ids.filter((id) => !manifest.specs.some((s) => s.id === id));
  if (unknown.length) {
    throw new Error(`Unknown spec id(s): ${unknown.join(', ')}. Known: ${manifest.specs.map((s) => s.id).join(', ')}.`);
  }
  const entries = ids.length ? manifest.specs.filter((s) => ids.includes(s.id)) : manifest.specs;
  const sourceDir = from ? path.resolve(from) : url ? null : defaultSourceDir(root, env);
  if (sourceDir && !existsSync(sourceDir)) throw new Error(`The source folder ${sourceDir} does not exist.`);
  if (!existsSync(path.join(root, '.changeset', 'config.json'))) {
    throw new Error(
      `${path.join(root, '.changeset', 'config.json')} is missing: specs:update writes changesets there.`,
    );
  }

  const { candidates, unchanged } = await loadCandidates({ root, entries, sourceDir, explicit: ids.length > 0 });
  await validateCandidates(candidates);
  const { changesets, writes, packages } = plan({ root, manifest, names, candidates });
  const sourceLabel = sourceDir ?? 'the official URLs in specs/manifest.json';
  log(formatReport({ root, sourceLabel, unchanged, candidates, changesets, dryRun }));
  if (dryRun || !candidates.length) return { candidates, changesets, written: [] };

  const regenerate =
    generate && packages.length
      ? async () => {
          const [command, args] = generateCommand(packages);
          log(`\nRegenerating: ${[command, ...args].join(' ')}`);
          await run(command, args, { cwd: root, env: { ...env, TURBO_TELEMETRY_DISABLED: '1' }, progress });
        }
      : null;
  await applyAtomically({ root, writes, afterWrites: regenerate });
  log(
    `\nAccepted ${candidates.length} document(s). Review \`git diff specs/manifest.json specs/names.json\` and ` +
      'the changesets, then commit them together.',
  );
  return { candidates, changesets, written: writes.map((w) => w.file) };
}

const USAGE = `Usage: pnpm specs:update [--from DIR | --url] [ids…] [--dry-run] [--no-generate]

  --from DIR      read the new documents from DIR/<file> (default: ZOOM_SPECS_DIR or ../shared/zoom-specs)
  --url           download them from the official URLs in specs/manifest.json
  ids             only these documents (e.g. videosdk accounts-events); default: every document
  --dry-run       print the report and the changesets; change nothing
  --no-generate   skip regenerating the affected packages
  --root DIR      the workspace to update (default: this repository)`;

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      url: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'no-generate': { type: 'boolean', default: false },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  await updateSpecs({
    root: values.root ? path.resolve(values.root) : ROOT,
    from: values.from,
    url: values.url,
    ids: positionals,
    dryRun: values['dry-run'],
    generate: !values['no-generate'],
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `${err.message}\n\n${USAGE}` : err.message);
    process.exit(1);
  });
}
