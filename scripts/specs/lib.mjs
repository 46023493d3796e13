// Shared helpers for the spec tooling: where the manifest lives, how a document is
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

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function readManifest(root = ROOT) {
  return JSON.parse(readFileSync(path.join(root, 'specs', 'manifest.json'), 'utf8'));
}

/** sha256 of the RFC 8785 canonical form: whitespace, key order and escaping don't change it. */
export function canonicalHash(doc) {
  return createHash('sha256').update(canonicalize(doc), 'utf8').digest('hex');
}

/** Every operation of a document as { method, path, operation, pathItem }. */
export function listOperations(doc) {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) out.push({ method: method.toUpperCase(), path: p, operation: item[method], pathItem: item });
    }
  }
  return out;
}

/** Every webhook event of an OpenAPI 3.1 document as { name, method, operation }. */
export function listWebhooks(doc) {
  const out = [];
  for (const [name, item] of Object.entries(doc.webhooks ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) out.push({ name, method: method.toUpperCase(), operation: item[method] });
    }
  }
  return out;
}

export function describeSpec(doc) {
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
export function parseSpecText(text, label) {
  try {
    const doc = JSON.parse(text);
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the top level is not a JSON object');
    return doc;
  } catch (err) {
    throw new Error(`${label} is not valid JSON (${err.message}).`);
  }
}

/** Writes through a temp file in the same folder and renames, so readers never see half a file. */
export function writeFileAtomic(file, data) {
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
export function defaultSourceDir(root = ROOT, env = process.env) {
  // A relative ZOOM_SPECS_DIR (CI sets ../shared/zoom-specs) is taken from the repository root.
  if (env.ZOOM_SPECS_DIR) return path.resolve(root, env.ZOOM_SPECS_DIR);
  const mirror = path.resolve(root, '..', 'shared', 'zoom-specs');
  return existsSync(mirror) ? mirror : null;
}

export async function fetchText(url, { timeoutMs = 60_000 } = {}) {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status} ${res.statusText}`);
  return res.text();
}
