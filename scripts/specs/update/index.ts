// specs:update as a function: load → classify → plan → report → apply. Each stage returns a new
// value for the next; nothing is written before the plan is complete, and the apply step rolls
// everything back if it fails.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readNames } from '../../codegen/names.ts';
import { recoverInterrupted } from '../journal.ts';
import { defaultSourceDir, ROOT, readManifest } from '../lib.ts';
import type { PlannedChangeset } from './changesets.ts';
import { type ClassifiedChange, classifyChanges } from './classify.ts';
import { loadChanges } from './load.ts';
import { planRelease } from './plan.ts';
import { defaultGenerateCommand, type GenerateCommand, runRegeneration } from './regenerate.ts';
import { formatReport } from './report.ts';
import { type AfterWritesContext, applyAtomically } from './transaction.ts';

export { SpecsUpdateError } from './errors.ts';
export { defaultGenerateCommand, type GenerateCommand } from './regenerate.ts';

// Read with defaults, so an option given as `undefined` is one not given.
export interface UpdateOptions {
  /** The workspace to update. */
  root?: string | undefined;
  /** Read the new documents from this folder. */
  from?: string | undefined;
  /** Download them from the manifest's URLs. */
  url?: boolean | undefined;
  /** Only these documents (default: every one). */
  ids?: string[] | undefined;
  dryRun?: boolean | undefined;
  /** Regenerate the affected packages (default true). */
  generate?: boolean | undefined;
  generateCommand?: GenerateCommand | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  /** Receives the report. */
  log?: ((text: string) => void) | undefined;
  /** Receives the regeneration's output as it comes. */
  progress?: ((text: string) => void) | undefined;
}

export interface UpdateResult {
  /** The documents that changed (also on a dry run). */
  candidates: ClassifiedChange[];
  changesets: PlannedChangeset[];
  /** The files written (none on a dry run). */
  written: string[];
}

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
}: UpdateOptions = {}): Promise<UpdateResult> {
  if (from && url) throw new Error('Use either --from DIR or --url, not both.');
  // A run killed earlier is rolled back before anything is read (../journal.ts).
  recoverInterrupted(root, (line) => progress(`${line}\n`));
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

  const loaded = await loadChanges({ root, entries, sourceDir, explicit: ids.length > 0 });
  const changes = await classifyChanges(loaded.changes, names);
  const release = planRelease({ root, manifest, names, changes });
  const sourceLabel = sourceDir ?? 'the official URLs in specs/manifest.json';
  log(
    formatReport({
      root,
      sourceLabel,
      unchanged: loaded.unchanged,
      changes,
      changesets: release.changesets,
      dryRun,
    }),
  );
  if (dryRun || !changes.length) return { candidates: changes, changesets: release.changesets, written: [] };

  const regenerate =
    generate && release.packages.length
      ? async ({ childEnv, onChild }: AfterWritesContext) => {
          const [command, args] = generateCommand(release.packages);
          log(`\nRegenerating: ${[command, ...args].join(' ')}`);
          await runRegeneration(command, args, {
            cwd: root,
            env: { ...env, TURBO_TELEMETRY_DISABLED: '1', ...childEnv },
            progress,
            onSpawn: onChild,
          });
        }
      : null;
  await applyAtomically({ root, writes: release.writes, afterWrites: regenerate });
  log(
    `\nAccepted ${changes.length} document(s). Review \`git diff specs/manifest.json specs/names.json\` and ` +
      'the changesets, then commit them together.',
  );
  return { candidates: changes, changesets: release.changesets, written: release.writes.map((w) => w.file) };
}
