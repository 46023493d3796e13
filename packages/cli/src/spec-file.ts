// Finds the OpenAPI document `--mock` serves. The package ships no Zoom documents, so it looks, in
// order: --spec; ZOOM_SPECS_DIR; the specs/ folder of the zoom-api workspace it runs in; the user
// cache; and last Zoom's official URL, whose answer must have the canonical hash this build embeds
// (from specs/manifest.json) before it is used and cached. When nothing works, the error lists every
// place and why it failed.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { canonicalHash } from '@zoom-api/internal/canonical-hash';
import { writeFileAtomic } from '@zoom-api/internal/write-file-atomic';
import { UsageError } from './errors.js';
import { CACHE_DIR_VARIABLE, userCacheDir } from './user-cache.js';

/** One document as specs/manifest.json knows it; the build embeds this list (tsdown.config.ts). */
export interface KnownSpec {
  readonly id: string;
  readonly file: string;
  readonly url: string;
  readonly sha256: string;
}

declare const __ZOOM_API_SPECS__: readonly KnownSpec[];
export const KNOWN_SPECS: readonly KnownSpec[] = __ZOOM_API_SPECS__;

/** Fetches documents from another origin (same paths as Zoom's URLs): a corporate mirror, or a test's server. */
export const ORIGIN_VARIABLE = 'ZOOM_API_SPECS_ORIGIN';
const FETCH_TIMEOUT = 60_000;

type Env = Readonly<Record<string, string | undefined>>;

export interface SpecSearch {
  /** The --spec option, as typed. */
  readonly spec?: string | undefined;
  readonly cwd: string;
  readonly env: Env;
  /** Where the CLI is installed: its workspace, if any, is looked in after the working directory's. */
  readonly installDir?: string | undefined;
  /** Where the document came from, for the user (stderr). */
  readonly note?: (line: string) => void;
}

const MANIFEST = join('specs', 'manifest.json');

/** What brings the CLI built for Zoom's current documents (a document change always releases the CLI). */
export const UPDATE_COMMAND = 'npm update @zoom-api/cli';

/** " (@zoom-api/cli 1.2.3)", from the package's own package.json (../ from src/ and from dist/). */
function ownVersion(): string {
  try {
    const { version } = createRequire(import.meta.url)('../package.json') as { version?: string };
    return version ? ` (@zoom-api/cli ${version})` : '';
  } catch {
    return '';
  }
}

/** The nearest folder at or above `start` that has specs/manifest.json. */
function findWorkspace(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, MANIFEST))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A place that did not have the document, and why. */
interface Miss {
  where: string;
  why: string;
}

function fromWorkspace(specId: string, search: SpecSearch, misses: Miss[]): string | undefined {
  const starts = [search.cwd, ...(search.installDir ? [search.installDir] : [])];
  // The nearest workspace is the one the user works in; another one further out is not consulted.
  const workspace = starts.map(findWorkspace).find((dir) => dir !== undefined);
  if (workspace === undefined) {
    misses.push({
      where: 'the zoom-api workspace',
      why: `no specs/manifest.json in ${starts.join(' or ')} or any folder above`,
    });
    return undefined;
  }
  const manifestPath = join(workspace, MANIFEST);
  let entry: { file?: unknown } | undefined;
  try {
    const { specs } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { specs?: { id?: unknown; file?: unknown }[] };
    entry = Array.isArray(specs) ? specs.find((e) => e?.id === specId) : undefined;
  } catch (error) {
    misses.push({ where: manifestPath, why: `cannot be read (${(error as Error).message})` });
    return undefined;
  }
  if (typeof entry?.file !== 'string') {
    misses.push({ where: manifestPath, why: `has no document with id '${specId}'` });
    return undefined;
  }
  const file = join(workspace, 'specs', entry.file);
  if (existsSync(file)) return file;
  misses.push({ where: file, why: `not there yet (\`pnpm specs:pull\` in ${workspace} materialises it)` });
  return undefined;
}

function cachedFile(cacheDir: string, known: KnownSpec): string {
  // Named by hash: a CLI built from another version of the document never takes this one for its own.
  return join(cacheDir, 'specs', `${known.id}-${known.sha256}.json`);
}

interface Download {
  /** What is fetched and printed: never with credentials. */
  url: string;
  headers: Record<string, string>;
}

/**
 * The official URL, on the mirror's origin when ZOOM_API_SPECS_ORIGIN names one. A mirror's user and
 * password (https://user:pass@mirror) become a Basic authorization header: fetch refuses URLs with
 * credentials, and messages show the URL.
 */
function downloadOf(known: KnownSpec, env: Env): Download {
  const origin = env[ORIGIN_VARIABLE];
  if (!origin) return { url: known.url, headers: {} };
  let base: URL;
  try {
    base = new URL(origin);
  } catch {
    // Not echoed: a mistyped value may still hold a password.
    throw new UsageError(`${ORIGIN_VARIABLE} must be an http(s) URL such as https://mirror.example.com.`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new UsageError(`${ORIGIN_VARIABLE} must use http or https; got ${base.protocol}`);
  }
  const headers: Record<string, string> = {};
  if (base.username || base.password) {
    const pair = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
    headers.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  }
  const official = new URL(known.url);
  return {
    url: `${base.origin}${base.pathname.replace(/\/+$/, '')}${official.pathname}${official.search}`,
    headers,
  };
}

async function download(known: KnownSpec, file: string, env: Env, misses: Miss[]): Promise<boolean> {
  const { url, headers } = downloadOf(known, env);
  let text: string;
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT), redirect: 'follow' });
    if (!response.ok) {
      misses.push({
        where: url,
        why: `answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      });
      return false;
    }
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    misses.push({ where: url, why: `could not be fetched (${reason})` });
    return false;
  }
  let hash: string;
  try {
    hash = canonicalHash(JSON.parse(text));
  } catch (error) {
    misses.push({ where: url, why: `did not answer with JSON (${(error as Error).message}); refused` });
    return false;
  }
  if (hash !== known.sha256) {
    misses.push({
      where: url,
      why:
        `answered a document whose canonical sha256 is ${hash}, not the ${known.sha256} this CLI${ownVersion()} ` +
        'was built for (Zoom published a new version, or something in between changed it); refused and not ' +
        "cached. Each new version of Zoom's documents comes with a release of the CLI that accepts it: run " +
        `\`${UPDATE_COMMAND}\` (\`npm update -g @zoom-api/cli\` where it is installed globally); meanwhile pass ` +
        'a document with --spec FILE',
    });
    return false;
  }
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    misses.push({ where: file, why: `the verified document could not be cached (${(error as Error).message})` });
    return false;
  }
  return true;
}

function notFound(specId: string, misses: readonly Miss[]): UsageError {
  const tried = misses.map((m, i) => `  ${i + 1}. ${m.where}: ${m.why}`).join('\n');
  return new UsageError(
    `--mock needs Zoom's OpenAPI document '${specId}' and found it nowhere. Tried, in order:\n${tried}\n` +
      'Fix one of them: pass the document with --spec FILE; set ZOOM_SPECS_DIR to a folder holding ' +
      `<id>.json files; run inside the zoom-api workspace after \`pnpm specs:pull\`; or allow the download ` +
      `(network access to Zoom's URL, or ${ORIGIN_VARIABLE} naming a mirror).`,
  );
}

/** The path of the document `--mock` serves for `specId` (a specs/manifest.json id). */
export async function locateSpec(specId: string, search: SpecSearch): Promise<string> {
  const note = search.note ?? (() => {});
  if (search.spec !== undefined) {
    const file = resolve(search.cwd, search.spec);
    if (!existsSync(file)) throw new UsageError(`--spec ${file}: no such file.`);
    return file;
  }
  const misses: Miss[] = [];
  const known = KNOWN_SPECS.find((s) => s.id === specId);

  const specsDir = search.env.ZOOM_SPECS_DIR;
  if (specsDir) {
    const file = resolve(search.cwd, specsDir, known?.file ?? `${specId}.json`);
    if (existsSync(file)) return file;
    misses.push({ where: `ZOOM_SPECS_DIR (${file})`, why: 'no such file' });
  } else {
    misses.push({ where: 'ZOOM_SPECS_DIR', why: 'not set' });
  }

  const inWorkspace = fromWorkspace(specId, search, misses);
  if (inWorkspace) return inWorkspace;

  if (!known) {
    misses.push({ where: "this CLI's list of documents", why: `no document '${specId}'; rebuild the CLI` });
    throw notFound(specId, misses);
  }
  const cacheDir = userCacheDir(search.env, search.cwd);
  const cached = cachedFile(cacheDir, known);
  if (existsSync(cached)) return cached;
  misses.push({ where: `the user cache (${cached})`, why: `not there yet (${CACHE_DIR_VARIABLE} moves the cache)` });

  if (await download(known, cached, search.env, misses)) {
    note(`downloaded ${downloadOf(known, search.env).url}, canonical sha256 verified, cached as ${cached}`);
    return cached;
  }
  throw notFound(specId, misses);
}
