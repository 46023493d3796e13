// `pnpm specs:update [--from DIR | --url] [ids…] [--dry-run] [--no-generate]`
// Accepts new versions of Zoom's documents: validates them, diffs each against the accepted one,
// writes one changeset per affected package, updates specs/manifest.json and specs/names.json,
// replaces specs/<file> and regenerates the affected packages. Everything is planned before the
// first write; if any step fails, every file is put back as it was, and if the process dies
// (SIGKILL, Ctrl-C) the next specs:* command puts it back (./journal.ts). The work is in ./update/;
// this file is the command line.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROOT } from './lib.ts';
import { updateSpecs } from './update/index.ts';

export {
  defaultGenerateCommand,
  type GenerateCommand,
  SpecsUpdateError,
  type UpdateOptions,
  type UpdateResult,
  updateSpecs,
} from './update/index.ts';

const USAGE = `Usage: pnpm specs:update [--from DIR | --url] [ids…] [--dry-run] [--no-generate]

  --from DIR      read the new documents from DIR/<file> (default: ZOOM_SPECS_DIR or ../shared/zoom-specs)
  --url           download them from the official URLs in specs/manifest.json
  ids             only these documents (e.g. videosdk accounts-events); default: every document
  --dry-run       print the report and the changesets; change nothing
  --no-generate   skip regenerating the affected packages
  --root DIR      the workspace to update (default: this repository)`;

async function main(argv: string[]): Promise<void> {
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
  main(process.argv.slice(2)).catch((err: Error & { code?: string }) => {
    console.error(err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `${err.message}\n\n${USAGE}` : err.message);
    process.exit(1);
  });
}
