// Shared helpers for the spec tooling: where the manifest lives, what it holds, how a document is
// identified (canonical hash) and described (title, version, counts).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import canonicalize from 'canonicalize';

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

/** One Zoom document in specs/manifest.json. */
export interface SpecEntry {
  id: string;
  file: string;
  url: string;
  sha256: string;
  openapi: string;
  title: string;
  version: string;
  operations: number;
  webhooks: number;
  /** The workspace packages built from this document (they get a changeset when it changes). */
  packages: string[];
}

export interface Manifest {
  $comment?: string;
  specs: SpecEntry[];
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
  return [...entry.packages];
}

/** sha256 of the RFC 8785 canonical form: whitespace, key order and escaping don't change it. */
export function canonicalHash(doc: unknown): string {
  const text = canonicalize(doc);
  if (text === undefined) throw new Error('cannot hash a document that has no JSON form');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

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

/** Writes through a temp file in the same folder and renames, so readers never see half a file. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
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
