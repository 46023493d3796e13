// What `release:publish` asks the registry directly, over HTTP: which versions a package has (its
// packument, what npm itself fetches), and the two repairs after an interrupted publish (a tarball the
// registry kept without its version, a `latest` tag left behind). Reads go without credentials first, as
// our packages are public; a registry that wants them even for reading (401/403) is asked again with the
// user's npm credentials for its host. Nothing here ever prints a credential.
import { authorizationFor, type NpmrcFile } from './npmrc.ts';

export interface Packument {
  _rev?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, unknown>;
  _attachments?: Record<string, unknown>;
}

const ACCEPT_FULL = 'application/json';
const TIMEOUT = 60_000;

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class RegistryClient {
  constructor(
    readonly url: string,
    private readonly files: readonly NpmrcFile[],
  ) {}

  /** `<registry>/@zoom-api%2fname`, plus any further path. */
  private address(name: string, rest = ''): URL {
    return new URL(`${name.replace('/', '%2f')}${rest}`, this.url);
  }

  private async send(what: string, url: URL, init: RequestInit, withAuth: boolean): Promise<Response> {
    const headers = new Headers(init.headers);
    if (withAuth) {
      const authorization = authorizationFor(url.href, this.files);
      if (authorization) headers.set('authorization', authorization);
    }
    try {
      return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(TIMEOUT) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new RegistryError(`Cannot ask ${this.url} ${what}: ${cause ?? (error as Error).message}`);
    }
  }

  /** The package's packument, or undefined when the registry does not know the package. */
  async packument(name: string): Promise<Packument | undefined> {
    const url = this.address(name);
    const what = `about ${name}`;
    let response = await this.send(what, url, { headers: { accept: ACCEPT_FULL } }, false);
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      response = await this.send(what, url, { headers: { accept: ACCEPT_FULL } }, true);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(`Cannot ask ${this.url} ${what}: HTTP ${response.status} for ${url}`, response.status);
    }
    return (await response.json()) as Packument;
  }

  /** The versions the registry holds of `name` (none when it does not know the package). */
  async versions(name: string): Promise<string[]> {
    return Object.keys((await this.packument(name))?.versions ?? {});
  }

  /**
   * Removes `file`, a tarball the registry kept without its version (a publish interrupted inside the
   * registry: every later publish of that version answers 409). This is npm's unpublish request for one
   * tarball; registries that allow it need the user's unpublish right. Resolves with the HTTP status.
   */
  async removeTarball(name: string, file: string): Promise<number> {
    const packument = await this.packument(name);
    const rev = packument?._rev ?? '0-0';
    const url = this.address(name, `/-/${file}/-rev/${rev}`);
    const response = await this.send(`to remove ${file}`, url, { method: 'DELETE' }, true);
    await response.body?.cancel();
    return response.status;
  }

  /** Points dist-tag `tag` at `version` (npm dist-tag add). Resolves with the HTTP status. */
  async setDistTag(name: string, tag: string, version: string): Promise<number> {
    const url = new URL(`-/package/${name.replace('/', '%2f')}/dist-tags/${tag}`, this.url);
    const response = await this.send(
      `to tag ${name}@${version} ${tag}`,
      url,
      { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(version) },
      true,
    );
    await response.body?.cancel();
    return response.status;
  }
}

/** The tarball file name npm gives `name@version`: "core-1.0.1.tgz" for "@zoom-api/core". */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
}

/**
 * Whether dist-tag `latest` at `current` should move to `release` (x.y.z, no prerelease): npm installs
 * `latest` whenever it satisfies a range, so a `latest` left behind keeps `npm update` on the old version.
 */
export function latestShouldMove(current: string | undefined, release: string): boolean {
  if (current === undefined) return true;
  const [core = '', prerelease] = current.split(/[-+](.*)/s);
  const have = core.split('.').map(Number);
  const want = release.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((have[i] ?? 0) !== (want[i] ?? 0)) return (have[i] ?? 0) < (want[i] ?? 0);
  return prerelease !== undefined && current.includes('-');
}
