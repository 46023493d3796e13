// The one build configuration of every published package. Entry points are read from the package's
// own package.json (`exports`, `imports` and `bin` name dist files; each is built from src/ under the
// same name), so a package's tsdown.config.ts only says what differs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { UserConfig } from 'tsdown';
import { thirdPartyNotices } from './scripts/build/third-party-notices.ts';

interface PackageJson {
  name: string;
  version: string;
  exports?: Record<string, unknown>;
  imports?: Record<string, unknown>;
  bin?: Record<string, string>;
}

/**
 * Every `./dist/<name>.mjs` a map of conditions points at, as `src/<name>.ts`. `./dist/bundled/<name>.mjs`
 * is a second build of the same source (core's, for Node: see packages/core/tsdown.config.ts).
 */
function sourcesOf(map: unknown, found = new Set<string>()): Set<string> {
  if (typeof map === 'string') {
    const match = /^\.\/dist\/(?:bundled\/)?(.+)\.mjs$/.exec(map);
    if (match) found.add(`src/${match[1]}.ts`);
  } else if (map && typeof map === 'object') {
    for (const value of Object.values(map)) sourcesOf(value, found);
  }
  return found;
}

/**
 * The configurations of the package in `dir`: its library entries as ESM and CommonJS (.mjs/.cjs with
 * .d.mts/.d.cts, for Node and everything else), and its commands (`bin`) as ESM for Node.
 */
export function packageBuild(dir: string, library: Partial<UserConfig> = {}): UserConfig[] {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  const bins = new Set([...sourcesOf(pkg.bin ?? {})]);
  const entries = [...sourcesOf(pkg.exports), ...sourcesOf(pkg.imports)].filter((entry) => !bins.has(entry));
  const configs: UserConfig[] = [];
  // The package's own name and version, for its User-Agent (read here, at build time, not at run time).
  const define = {
    __ZOOM_API_PACKAGE__: JSON.stringify(pkg.name),
    __ZOOM_API_VERSION__: JSON.stringify(pkg.version),
  };
  if (entries.length > 0) {
    configs.push({
      entry: entries,
      format: ['esm', 'cjs'],
      platform: 'neutral',
      target: 'es2022',
      dts: true,
      fixedExtension: true,
      clean: true,
      define,
      // Inlined third-party code ships with its licence: dist/<chunk>.LICENSE.txt.
      plugins: [thirdPartyNotices()],
      ...library,
    });
  }
  if (bins.size > 0) {
    // A command keeps its shebang (tsdown also marks it executable); its dependencies stay imports.
    configs.push({
      entry: [...bins],
      format: ['esm'],
      platform: 'node',
      target: 'es2022',
      dts: false,
      fixedExtension: true,
      clean: configs.length === 0,
      define,
      plugins: [thirdPartyNotices()],
    });
  }
  return configs;
}
