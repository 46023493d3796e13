// The one build configuration of every published package. Entry points are read from the package's
// own package.json (`exports`, `imports` and `bin` name dist files; each is built from src/ under the
// same name), so a package's tsdown.config.ts only says what differs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { UserConfig } from 'tsdown';

interface PackageJson {
  name: string;
  version: string;
  exports?: Record<string, unknown>;
  imports?: Record<string, unknown>;
  bin?: Record<string, string>;
}

/** Every `./dist/<name>.mjs` a map of conditions points at, as `src/<name>.ts`. */
function sourcesOf(map: unknown, found = new Set<string>()): Set<string> {
  if (typeof map === 'string') {
    const match = /^\.\/dist\/(.+)\.mjs$/.exec(map);
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
      // The licences of what the build inlined travel with it (run after each build: the last sees all files).
      onSuccess: () => writeThirdPartyLicenses(dir),
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
      onSuccess: () => writeThirdPartyLicenses(dir),
    });
  }
  return configs;
}

/** The file in dist/ that carries the licences of the npm packages a build inlined. */
export const THIRD_PARTY_LICENSES = 'THIRD-PARTY-LICENSES.md';

/**
 * The npm packages inlined into the JavaScript of `distDir`, read from the `//#region <file>` markers the
 * bundler leaves before each module (a file under `node_modules/<name>/`), as package folders.
 */
export function inlinedPackageDirs(distDir: string): string[] {
  const found = new Set<string>();
  for (const file of readdirSync(distDir).filter((f) => /\.[cm]?js$/.test(f))) {
    const code = readFileSync(path.join(distDir, file), 'utf8');
    for (const [, region] of code.matchAll(/^\/\/#region (\S+)$/gm)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(region as string);
      if (match) found.add(path.resolve(path.dirname(distDir), match[1] as string));
    }
  }
  return [...found].sort();
}

/**
 * Writes dist/THIRD-PARTY-LICENSES.md with the name, version, licence and licence text of every npm package
 * the build inlined: the notices their licences ask to travel with the code. For packages whose build inlines
 * dependencies (`onSuccess: () => writeThirdPartyLicenses(dir)`).
 */
export function writeThirdPartyLicenses(dir: string): void {
  const distDir = path.join(dir, 'dist');
  const sections = inlinedPackageDirs(distDir).map((packageDir) => {
    const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as PackageJson & {
      license?: string;
    };
    const licenseFile = readdirSync(packageDir).find((f) => /^licen[cs]e(\.|$)/i.test(f));
    if (!licenseFile) throw new Error(`${pkg.name} is inlined into ${distDir} but ships no LICENSE file to copy`);
    const text = readFileSync(path.join(packageDir, licenseFile), 'utf8').trim();
    return `## ${pkg.name}@${pkg.version} (${pkg.license ?? 'see below'})\n\n\`\`\`\n${text}\n\`\`\``;
  });
  if (sections.length === 0) return;
  writeFileSync(
    path.join(distDir, THIRD_PARTY_LICENSES),
    `# Third-party licences\n\nThis package's dist/ includes code from these npm packages.\n\n${sections.join('\n\n')}\n`,
  );
}
