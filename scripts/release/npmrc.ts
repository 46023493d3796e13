// npm's configuration as `release:publish` reads it: the project, user and global .npmrc files npm itself
// reads, what each says, and the credentials they hold for a registry's host. Read here rather than
// through `npm config get` so that the release knows *where* a registry came from (it prints it) and can
// send a registry request of its own with the user's credentials (the repair of an interrupted publish).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

export type NpmrcLevel = 'project' | 'user' | 'global';

export interface NpmrcFile {
  level: NpmrcLevel;
  path: string;
  /** key → value, `${VAR}` already replaced from the environment. */
  values: ReadonlyMap<string, string>;
}

/** A variable of the environment, the way npm reads `npm_config_*`: whatever the case of the name. */
export function envConfig(env: Env, prefix: 'npm_config_' | 'pnpm_config_', key: string): string | undefined {
  const wanted = `${prefix}${key}`.toLowerCase();
  for (const [name, value] of Object.entries(env)) if (name.toLowerCase() === wanted && value) return value;
  return undefined;
}

/**
 * An .npmrc's `key=value` lines (`;` and `#` start comments, values may be quoted) with `${VAR}` replaced
 * as npm does; a variable that is not set is an error naming the file and the variable.
 */
export function parseNpmrc(text: string, env: Env, file = '.npmrc'): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#') || line.startsWith('[')) continue;
    const at = line.indexOf('=');
    if (at < 0) continue;
    const key = line.slice(0, at).trim();
    let value = line.slice(at + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    value = value.replace(/\$\{([^}?]+)(\?)?\}/g, (_, name: string, optional?: string) => {
      const found = env[name];
      if (found !== undefined) return found;
      if (optional) return '';
      throw new Error(`${file}: ${key} uses \${${name}}, which is not set in the environment.`);
    });
    values.set(key, value);
  }
  return values;
}

/** Where npm looks for its user and global configuration, given this environment. */
export function npmrcPaths(root: string, env: Env): Record<NpmrcLevel, string> {
  const home = env.HOME || env.USERPROFILE || homedir();
  const prefix = envConfig(env, 'npm_config_', 'prefix') ?? path.dirname(path.dirname(process.execPath));
  return {
    project: path.join(root, '.npmrc'),
    user: envConfig(env, 'npm_config_', 'userconfig') ?? path.join(home, '.npmrc'),
    global: envConfig(env, 'npm_config_', 'globalconfig') ?? path.join(prefix, 'etc', 'npmrc'),
  };
}

/** The project, user and global .npmrc files that exist, nearest first. */
export function readNpmrcFiles(root: string, env: Env): NpmrcFile[] {
  const paths = npmrcPaths(root, env);
  return (['project', 'user', 'global'] as const)
    .filter((level) => existsSync(paths[level]))
    .map((level) => ({
      level,
      path: paths[level],
      values: parseNpmrc(readFileSync(paths[level], 'utf8'), env, paths[level]),
    }));
}

/**
 * The Authorization header npm would send to `url`, from the nearest file that has credentials for it:
 * keys are "nerf darts" (`//host:port/path/:_authToken`), the longest path that prefixes the URL wins, as
 * in npm. `_authToken` is a bearer token; `_auth`, or `username` with a base64 `_password`, is Basic.
 */
export function authorizationFor(url: string, files: readonly NpmrcFile[]): string | undefined {
  const target = new URL(url);
  const segments = target.pathname.split('/').filter(Boolean);
  const darts: string[] = [];
  for (let n = segments.length; n >= 0; n--)
    darts.push(
      `//${target.host}/${segments
        .slice(0, n)
        .map((s) => `${s}/`)
        .join('')}`,
    );
  for (const dart of darts) {
    for (const file of files) {
      const token = file.values.get(`${dart}:_authToken`);
      if (token) return `Bearer ${token}`;
      const auth = file.values.get(`${dart}:_auth`);
      if (auth) return `Basic ${auth}`;
      const username = file.values.get(`${dart}:username`);
      const password = file.values.get(`${dart}:_password`);
      if (username && password)
        return `Basic ${Buffer.from(`${username}:${Buffer.from(password, 'base64').toString('utf8')}`).toString('base64')}`;
    }
  }
  return undefined;
}
