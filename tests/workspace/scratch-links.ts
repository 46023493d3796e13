// A scratch copy (copyWorkspace) has no node_modules; these links let its own scripts and packages
// run with the real workspace's installed dependencies.
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from '@zoom-api/test-utils';

export function linkDependencies(dir: string): void {
  const folders = [
    '.',
    'scripts',
    'tests',
    ...readdirSync(path.join(WORKSPACE_ROOT, 'packages')).map((d) => `packages/${d}`),
  ];
  for (const folder of folders) {
    const real = path.join(WORKSPACE_ROOT, folder, 'node_modules');
    const link = path.join(dir, folder, 'node_modules');
    if (existsSync(real) && existsSync(path.dirname(link)) && !existsSync(link)) symlinkSync(real, link, 'dir');
  }
}

/** Makes `name` (a workspace package of the real repository) resolvable from the scratch folder `from`. */
export function linkWorkspacePackage(from: string, name: string, realDir: string): void {
  const link = path.join(from, 'node_modules', name);
  mkdirSync(path.dirname(link), { recursive: true });
  if (!existsSync(link)) symlinkSync(realDir, link, 'dir');
}
