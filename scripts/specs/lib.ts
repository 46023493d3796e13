// Shared helpers for the spec tooling: where the manifest lives, what it holds, how a document is
// identified (canonical hash) and described (title, version, counts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalHash } from '@zoom-api/internal/canonical-hash';

/** The spec tooling writes documents and the manifest atomically, as the CLI writes its cache. */
export { writeFileAtomic } from '@zoom-api/internal/write-file-atomic';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPECS_DIR = path.join(ROOT, 'specs');
export const MANIFEST_PATH = path.join(SPECS_DIR, 'manifest.json');
export const NAMES_PATH = path.join(SPECS_DIR, 'names.json');

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * A JSON object from an OpenAPI document. The tooling walks documents by key without a schema
 * library (Zoom's documents bend the schema in places), so values stay loosely typed here.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; narrowing happens where a value is used.
export type JsonObject = Record<string, any>;
export type OpenApiDocument = JsonObject;
export type OperationObject = JsonObject;

/** One Zoom document in specs/manifest.json: where it comes from, and what it was when last pulled. */
export interface SpecEntry extends SpecDescription {
  id: string;
  file: string;
  url: string;
}

/** One entry point of a client package, generated from one document. */
export interface ClientEntry {
  /** The package.json export: "." or a subpath such as "./videosdk". */
  export: string;
  /** The id of the document in `specs`. */
  spec: string;
}

/** A document whose webhooks become event types of the webhooks package. */
export interface EventSource {
  spec: string;
  /** How the documentation names the product ("Video SDK"). */
  label: string;
  /** The union type of this document's events. */
  union: string;
  /** The runtime list of this document's event names. */
  list: string;
}

interface RegistryPackageBase {
  /** The npm name, "@zoom-api/videosdk". */
  name: string;
  /** The folder, relative to the repository root: "packages/videosdk". */
  dir: string;
}

/** A typed REST client generated with @hey-api/openapi-ts, one entry point per document. */
export interface ClientPackage extends RegistryPackageBase {
  /** The client factory every entry point exports, "createVideoSdkClient". */
  factory: string;
  /** The `zoom-api` command's name and title for this product. */
  cli: { name: string; title: string };
  entries: ClientEntry[];
}

/** The package whose event types are generated from the webhooks of several documents. */
export interface EventsPackage extends RegistryPackageBase {
  events: EventSource[];
}

/**
 * The package that fakes Zoom for tests (`@zoom-api/testing`): built from the REST and webhook documents it
 * lists (their operations, schemas and examples), so it is released whenever one of them changes.
 */
export interface FakePackage extends RegistryPackageBase {
  fake: string[];
}

export type RegistryPackage = ClientPackage | EventsPackage | FakePackage;

export interface Manifest {
  $comment?: string;
  specs: SpecEntry[];
  /** Every package generated from the documents: the one list of products in the repository. */
  packages: RegistryPackage[];
  /**
   * Packages that ship every document without being generated from any (the CLI, whose `--mock` is
   * @zoom-api/testing's fake): each document change releases them too, so that their dependency range moves to
   * the new fake and `npm update` of them is sure to bring Zoom's new documents.
   */
  pinnedBy?: string[];
}

export interface ListedOperation {
  method: string;
  path: string;
  operation: OperationObject;
  pathItem: JsonObject;
}

export interface ListedWebhook {
  name: string;
  method: string;
  operation: OperationObject;
}

/** What identifies and summarises a document's content (see describeSpec). */
export interface SpecDescription {
  sha256: string;
  openapi: string;
  title: string;
  version: string;
  operations: number;
  webhooks: number;
}

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function readManifest(root: string = ROOT): Manifest {
  return readJson<Manifest>(path.join(root, 'specs', 'manifest.json'));
}

/** The packages that consume a document, i.e. that must be regenerated and released when it changes. */
export function consumersOf(manifest: Manifest, specId: string): string[] {
  const entry = manifest.specs.find((spec) => spec.id === specId);
  if (!entry) throw new Error(`specs/manifest.json has no document with id '${specId}'.`);
  return (manifest.packages ?? []).filter((pkg) => specsOf(pkg).includes(specId)).map((pkg) => pkg.name);
}

/**
 * The packages a change of the document must release: those generated from it, and those that ship every
 * document (`pinnedBy`).
 */
export function releasedWith(manifest: Manifest, specId: string): string[] {
  return [...new Set([...consumersOf(manifest, specId), ...(manifest.pinnedBy ?? [])])];
}

export function isClientPackage(pkg: RegistryPackage): pkg is ClientPackage {
  return 'entries' in pkg;
}

export function isEventsPackage(pkg: RegistryPackage): pkg is EventsPackage {
  return 'events' in pkg;
}

export function isFakePackage(pkg: RegistryPackage): pkg is FakePackage {
  return 'fake' in pkg;
}

/** The ids of the documents a package is generated from. */
export function specsOf(pkg: RegistryPackage): string[] {
  if (isClientPackage(pkg)) return pkg.entries.map((e) => e.spec);
  return isEventsPackage(pkg) ? pkg.events.map((e) => e.spec) : [...pkg.fake];
}

/** Where an entry's code is generated, relative to the package: src/generated, or a folder per subpath. */
export function entryOutput(entry: ClientEntry): string {
  return entry.export === '.' ? 'src/generated' : `src/generated/${entry.export.slice(2)}`;
}

const NPM_NAME = /^@zoom-api\/[a-z0-9][a-z0-9-]*$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const CLI_NAME = /^[a-z][a-z0-9-]*$/;
const SUBPATH = /^\.\/[a-z][a-z0-9-]*$/;

/**
 * Everything wrong with the registry (`packages`) of a manifest, each problem naming the package and
 * field, so a hand edit of specs/manifest.json fails with a sentence rather than a stack trace.
 */
export function registryProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  const specs = new Map((manifest.specs ?? []).map((s) => [s.id, s]));
  const packages: unknown = manifest.packages;
  if (!Array.isArray(packages))
    return ['specs/manifest.json has no "packages" list (the registry of generated packages).'];
  const seen = { name: new Set<string>(), dir: new Set<string>(), cli: new Set<string>(), factory: new Set<string>() };
  const unique = (kind: keyof typeof seen, value: string, where: string) => {
    if (seen[kind].has(value)) problems.push(`${where}: ${kind} "${value}" is used by another package.`);
    seen[kind].add(value);
  };
  const usedSpecs = new Set<string>();
  const checkSpec = (spec: unknown, where: string, wantWebhooks: boolean) => {
    const entry = typeof spec === 'string' ? specs.get(spec) : undefined;
    if (!entry) return problems.push(`${where}: spec ${JSON.stringify(spec)} is not the id of a document in "specs".`);
    usedSpecs.add(entry.id);
    if (wantWebhooks && entry.webhooks === 0) problems.push(`${where}: document "${entry.id}" has no webhooks.`);
    if (!wantWebhooks && entry.operations === 0) problems.push(`${where}: document "${entry.id}" has no operations.`);
    return undefined;
  };
  packages.forEach((raw: unknown, i: number) => {
    const pkg = (raw ?? {}) as JsonObject;
    const where = `specs/manifest.json packages[${i}]${typeof pkg.name === 'string' ? ` (${pkg.name})` : ''}`;
    if (typeof pkg.name !== 'string' || !NPM_NAME.test(pkg.name)) {
      problems.push(`${where}: "name" must be an npm name like "@zoom-api/videosdk".`);
    } else unique('name', pkg.name, where);
    if (typeof pkg.dir !== 'string' || !/^packages\/[a-z0-9-]+$/.test(pkg.dir)) {
      problems.push(`${where}: "dir" must be a folder like "packages/videosdk".`);
    } else unique('dir', pkg.dir, where);
    const kinds = (['entries', 'events', 'fake'] as const).filter((kind) => kind in pkg);
    if (kinds.length !== 1) {
      problems.push(
        `${where}: give exactly one of "entries" (a REST client), "events" (webhook types) or "fake" (the fake Zoom's documents); it has ${kinds.length ? kinds.map((k) => `"${k}"`).join(' and ') : 'none'}.`,
      );
      return;
    }
    const hasEntries = kinds[0] === 'entries';
    if (kinds[0] === 'fake') {
      if (!Array.isArray(pkg.fake) || pkg.fake.length === 0) {
        problems.push(`${where}: "fake" must list the ids of the documents the fake answers from.`);
        return;
      }
      const listed = new Set<unknown>();
      pkg.fake.forEach((spec: unknown, j: number) => {
        const at = `${where} fake[${j}]`;
        if (listed.has(spec)) problems.push(`${at}: document ${JSON.stringify(spec)} is listed twice.`);
        listed.add(spec);
        const entry = typeof spec === 'string' ? specs.get(spec) : undefined;
        if (!entry) problems.push(`${at}: spec ${JSON.stringify(spec)} is not the id of a document in "specs".`);
        else usedSpecs.add(entry.id);
      });
      return;
    }
    if (hasEntries) {
      if (typeof pkg.factory !== 'string' || !IDENTIFIER.test(pkg.factory)) {
        problems.push(`${where}: "factory" must be an identifier like "createVideoSdkClient".`);
      } else unique('factory', pkg.factory, where);
      if (typeof pkg.cli?.name !== 'string' || !CLI_NAME.test(pkg.cli.name) || typeof pkg.cli?.title !== 'string') {
        problems.push(`${where}: "cli" must be { "name": "videosdk", "title": "Video SDK API" }.`);
      } else unique('cli', pkg.cli.name, where);
      if (!Array.isArray(pkg.entries) || pkg.entries.length === 0) {
        problems.push(`${where}: "entries" must list at least one { "export", "spec" }.`);
        return;
      }
      const exports = new Set<string>();
      pkg.entries.forEach((e: Record<string, unknown>, j: number) => {
        const at = `${where} entries[${j}]`;
        const single = pkg.entries.length === 1;
        if (single ? e.export !== '.' : typeof e.export !== 'string' || !SUBPATH.test(e.export)) {
          problems.push(
            `${at}: "export" must be "." for a package of one document, and a subpath like "./videosdk" for each of several (the root then exports them all).`,
          );
        } else if (exports.has(e.export as string)) problems.push(`${at}: export "${e.export}" is listed twice.`);
        exports.add(e.export as string);
        checkSpec(e.spec, at, false);
      });
    } else {
      if (!Array.isArray(pkg.events) || pkg.events.length === 0) {
        problems.push(`${where}: "events" must list at least one { "spec", "label", "union", "list" }.`);
        return;
      }
      pkg.events.forEach((e: Record<string, unknown>, j: number) => {
        const at = `${where} events[${j}]`;
        checkSpec(e.spec, at, true);
        if (typeof e.label !== 'string' || !e.label) problems.push(`${at}: "label" must be the product's name.`);
        for (const key of ['union', 'list'] as const) {
          if (typeof e[key] !== 'string' || !IDENTIFIER.test(e[key] as string)) {
            problems.push(`${at}: "${key}" must be a TypeScript identifier.`);
          }
        }
      });
    }
  });
  for (const id of specs.keys()) {
    if (!usedSpecs.has(id)) problems.push(`specs/manifest.json: document "${id}" is used by no package in "packages".`);
  }
  const pinnedBy: unknown = manifest.pinnedBy ?? [];
  if (!Array.isArray(pinnedBy) || pinnedBy.some((name) => typeof name !== 'string' || !NPM_NAME.test(name)))
    problems.push('specs/manifest.json: "pinnedBy" must list npm names like "@zoom-api/cli".');
  else
    for (const name of pinnedBy)
      if (seen.name.has(name))
        problems.push(
          `specs/manifest.json: "pinnedBy" lists ${name}, which "packages" already releases with its documents.`,
        );
  return problems;
}

/** The registry of a valid manifest; throws listing every problem otherwise. */
export function readRegistry(root: string = ROOT): RegistryPackage[] {
  const manifest = readManifest(root);
  const problems = registryProblems(manifest);
  if (problems.length) throw new Error(`specs/manifest.json is not a valid registry:\n  ${problems.join('\n  ')}`);
  return manifest.packages;
}

/** The registry entry of a package, by npm name or folder name ("videosdk"). */
export function findPackage(registry: readonly RegistryPackage[], key: string): RegistryPackage | undefined {
  return registry.find((pkg) => pkg.name === key || pkg.dir === `packages/${key}`);
}

/**
 * What a package's generator reads: its registry entry and where its documents are. Written by
 * `pnpm products:sync` as <dir>/codegen.json, so a generate task's inputs are this package's own slice of
 * the manifest and an update of another document (its sha256, its counts) leaves this package's hash alone.
 */
export interface CodegenInput<P extends RegistryPackage = RegistryPackage> {
  $comment?: string;
  package: P;
  /** Each document id the package is generated from → its file, relative to the repository root. */
  documents: Record<string, string>;
}

export const CODEGEN_FILE = 'codegen.json';

/** The codegen input of a registry package, given the manifest's documents (only their file names). */
export function codegenInput<P extends RegistryPackage>(manifest: Manifest, pkg: P): CodegenInput<P> {
  const files = new Map(manifest.specs.map((s) => [s.id, s.file]));
  return {
    $comment:
      'Written by `pnpm products:sync` from specs/manifest.json: what the generator reads for this package. Do not edit.',
    package: pkg,
    documents: Object.fromEntries(specsOf(pkg).map((id) => [id, `specs/${files.get(id) ?? `${id}.json`}`])),
  };
}

/** The codegen input of the package in packages/<folder>; throws saying how to restore it. */
export function readCodegenInput(folder: string, root: string = ROOT): CodegenInput {
  const file = path.join('packages', folder, CODEGEN_FILE);
  const stale = `run \`pnpm products:sync\` to rewrite it from specs/manifest.json`;
  if (!existsSync(path.join(root, file))) throw new Error(`${file} is missing: ${stale}.`);
  let input: CodegenInput;
  try {
    input = readJson<CodegenInput>(path.join(root, file));
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}): ${stale}.`);
  }
  const pkg: JsonObject | undefined = input?.package;
  const list: unknown = pkg && typeof pkg === 'object' ? (pkg.entries ?? pkg.events ?? pkg.fake) : undefined;
  const ids = Array.isArray(list)
    ? list.map((e: JsonObject | string | null) => (typeof e === 'string' ? e : e?.spec))
    : undefined;
  const documents: Record<string, unknown> | undefined = input?.documents;
  const valid =
    pkg?.dir === `packages/${folder}` &&
    ids?.length &&
    documents &&
    typeof documents === 'object' &&
    ids.every((id) => typeof id === 'string' && typeof documents[id] === 'string');
  if (!valid) {
    throw new Error(`${file} does not hold a package and the file of each of its documents: ${stale}.`);
  }
  return input;
}

// Shared with the `zoom-api` command, which checks downloaded documents against these hashes.
export { canonicalHash };

/** Every operation of a document as { method, path, operation, pathItem }. */
export function listOperations(doc: OpenApiDocument): ListedOperation[] {
  const out: ListedOperation[] = [];
  for (const [p, item] of Object.entries<JsonObject>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) out.push({ method: method.toUpperCase(), path: p, operation: item[method], pathItem: item });
    }
  }
  return out;
}

/** Every webhook event of an OpenAPI 3.1 document as { name, method, operation }. */
export function listWebhooks(doc: OpenApiDocument): ListedWebhook[] {
  const out: ListedWebhook[] = [];
  for (const [name, item] of Object.entries<JsonObject>(doc.webhooks ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) out.push({ name, method: method.toUpperCase(), operation: item[method] });
    }
  }
  return out;
}

export function describeSpec(doc: OpenApiDocument): SpecDescription {
  return {
    sha256: canonicalHash(doc),
    openapi: doc.openapi,
    title: doc.info?.title,
    version: doc.info?.version,
    operations: listOperations(doc).length,
    webhooks: listWebhooks(doc).length,
  };
}

/** Parses JSON text, naming the file in the error instead of showing a bare SyntaxError. */
export function parseSpecText(text: string, label: string): OpenApiDocument {
  try {
    const doc: unknown = JSON.parse(text);
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the top level is not a JSON object');
    return doc as OpenApiDocument;
  } catch (err) {
    throw new Error(`${label} is not valid JSON (${(err as Error).message}).`);
  }
}

/**
 * Where documents come from: ZOOM_SPECS_DIR, else the mirror folder beside the
 * repository, else null (meaning: download from the official URLs).
 */
export function defaultSourceDir(root: string = ROOT, env: NodeJS.ProcessEnv = process.env): string | null {
  // A relative ZOOM_SPECS_DIR (CI sets ../shared/zoom-specs) is taken from the repository root.
  if (env.ZOOM_SPECS_DIR) return path.resolve(root, env.ZOOM_SPECS_DIR);
  const mirror = path.resolve(root, '..', 'shared', 'zoom-specs');
  return existsSync(mirror) ? mirror : null;
}

export async function fetchText(url: string, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status} ${res.statusText}`);
  return res.text();
}
