// The step of `pnpm build` just before `turbo run build`: every package's dist/ is emptied. turbo restores a
// cached build by writing its files over what is already there and deletes nothing, so a file that another
// build wrote (another branch's chunk, a module since renamed) would stay in dist/, where `pnpm pack` ships it
// and the bench counts it. Emptied, dist/ holds exactly what the build restored or made: tsdown cleans dist/
// before it builds, so a cache entry holds nothing else. A cache hit still costs a restore, not a build.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Empties dist/ of every package under `root`/packages that has a build script; the folders it removed. */
export function emptyDistFolders(root: string): string[] {
  const packagesDir = path.join(root, 'packages');
  const removed: string[] = [];
  for (const name of readdirSync(packagesDir).sort()) {
    const manifest = path.join(packagesDir, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const { scripts } = JSON.parse(readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> };
    const dist = path.join(packagesDir, name, 'dist');
    if (scripts?.build === undefined || !existsSync(dist)) continue;
    rmSync(dist, { recursive: true, force: true });
    removed.push(dist);
  }
  return removed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  emptyDistFolders(path.resolve(import.meta.dirname, '..', '..'));
}
