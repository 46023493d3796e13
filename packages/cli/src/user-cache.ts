// The user cache `--mock` keeps what it downloads in: Zoom's documents (verified) and a Prism install.
// Outside any project, so a CLI installed anywhere finds them again and the project's own
// node_modules and install output never see them.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** The variable that moves the cache, e.g. to a folder a CI job keeps between runs. */
export const CACHE_DIR_VARIABLE = 'ZOOM_API_CACHE_DIR';

/** `$ZOOM_API_CACHE_DIR`, else `$XDG_CACHE_HOME/zoom-api`, else `~/.cache/zoom-api`. */
export function userCacheDir(env: Env, cwd: string): string {
  const own = env[CACHE_DIR_VARIABLE];
  if (own) return resolve(cwd, own);
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'zoom-api');
  return join(env.HOME || homedir(), '.cache', 'zoom-api');
}
