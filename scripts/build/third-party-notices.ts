// The licences of third-party code a bundle inlines. A package whose dist/ carries code from node_modules
// (the CLI's bundle inlines canonicalize, Apache-2.0) must ship that code's licence and notices with it:
// the build writes `<chunk>.LICENSE.txt` beside every chunk that inlines anything (webpack's convention),
// and the packaging checks verify the tarball against what the chunks themselves say they hold.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface InlinedPackage {
  name: string;
  version: string;
  /** The SPDX expression of its package.json ("Apache-2.0"), or "UNKNOWN". */
  license: string;
  /** Its licence and notice files (LICENSE, LICENCE, COPYING, NOTICE…), by file name. */
  texts: Record<string, string>;
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/**
 * The package a module file belongs to, when it comes from node_modules (the workspace's own packages,
 * linked from packages/, are not third-party): the nearest package.json with a name and version.
 */
export function packageOfModule(file: string): InlinedPackage | undefined {
  const normalized = file.split(path.sep).join('/');
  const at = normalized.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const floor = path.normalize(normalized.slice(0, at + '/node_modules'.length));
  for (let dir = path.dirname(path.normalize(file)); dir.startsWith(floor) && dir !== floor; dir = path.dirname(dir)) {
    const manifestFile = path.join(dir, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      name?: string;
      version?: string;
      license?: unknown;
    };
    if (!manifest.name || !manifest.version) continue;
    const texts = Object.fromEntries(
      readdirSync(dir)
        .filter((entry) => LICENCE_FILE.test(entry))
        .sort()
        .map((entry) => [entry, readFileSync(path.join(dir, entry), 'utf8')]),
    );
    return {
      name: manifest.name,
      version: manifest.version,
      license: typeof manifest.license === 'string' ? manifest.license : 'UNKNOWN',
      texts,
    };
  }
  return undefined;
}

/** The notice file's text for the packages a chunk inlines, sorted by name. */
export function renderNotices(chunk: string, packages: readonly InlinedPackage[]): string {
  const sections = [...packages]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((pkg) => {
      const texts = Object.entries(pkg.texts).map(([file, text]) => `--- ${file}\n\n${text.trimEnd()}\n`);
      return [
        `## ${pkg.name}@${pkg.version} (${pkg.license})`,
        '',
        ...(texts.length ? texts : ['(the package ships no licence file)\n']),
      ].join('\n');
    });
  return `Third-party code bundled into ${chunk}, with its licences and notices.\n\n${sections.join('\n')}`;
}

/** The name of the notice file beside a chunk. */
export const noticeFileOf = (chunk: string) => `${chunk}.LICENSE.txt`;

/** The parts of rolldown's plugin interface this plugin uses (rolldown is tsdown's, not ours to import). */
interface NoticesPlugin {
  name: string;
  generateBundle(
    this: { emitFile(file: { type: 'asset'; fileName: string; source: string }): unknown },
    options: unknown,
    bundle: Record<string, { type: string; fileName: string; moduleIds?: readonly string[] }>,
  ): void;
}

/** The rolldown plugin that writes the notice file of every chunk that inlines third-party code. */
export function thirdPartyNotices(): NoticesPlugin {
  return {
    name: 'zoom-api:third-party-notices',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const packages = new Map<string, InlinedPackage>();
        for (const id of chunk.moduleIds ?? []) {
          const pkg = packageOfModule(id.replace(/^\0/, '').replace(/\?.*$/, ''));
          if (pkg) packages.set(`${pkg.name}@${pkg.version}`, pkg);
        }
        if (packages.size === 0) continue;
        this.emitFile({
          type: 'asset',
          fileName: noticeFileOf(chunk.fileName),
          source: renderNotices(chunk.fileName, [...packages.values()]),
        });
      }
    },
  };
}
