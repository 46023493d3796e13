// Validates a candidate document as OpenAPI 3.0/3.1 with Redocly's structural rules before
// specs:update accepts it. Zoom's published documents already break a few rules (webhook responses
// without a description, a handful of dangling $refs in accounts-events.json); refusing those would
// make every update impossible, so a problem is tolerated when the accepted document has the same
// one, or when it is one of Zoom's known harmless habits. Anything new stops the update.
import { BaseResolver, type Config, createConfig, lintDocument, makeDocumentFromString } from '@redocly/openapi-core';
import { encodePointerToken } from '../lib/json-pointer.ts';
import { describeCycle, findSchemaCycles } from './cycles.ts';
import type { OpenApiDocument } from './lib.ts';

const RULES = { struct: 'error', 'no-unresolved-refs': 'error' } as const;

/** One structural problem of a document, located by a "#/…" pointer. */
export interface Problem {
  ruleId: string;
  message: string;
  pointer: string;
}

export interface Validation {
  /** New problems: they block the update. */
  problems: Problem[];
  /** How many problems were let through (the baseline has them too, or they are known harmless). */
  tolerated: number;
}

/** Zoom's webhook documents never describe the 200 the receiver answers; nothing is generated from it. */
const KNOWN_HARMLESS: ((p: Problem) => boolean)[] = [
  (p) =>
    p.ruleId === 'struct' &&
    /must be present/.test(p.message) &&
    p.message.includes('`description`') &&
    /^#\/webhooks\/.+\/responses\/[^/]+$/.test(p.pointer),
];

let configPromise: Promise<Config> | undefined;
function lintConfig(): Promise<Config> {
  configPromise ??= createConfig({ extends: [], rules: RULES });
  return configPromise;
}

/** Every $ref that is not local to the document; following one would read files or the network. */
export function externalRefs(
  node: unknown,
  at = '#',
  out: { pointer: string; ref: string }[] = [],
): { pointer: string; ref: string }[] {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) externalRefs(v, `${at}/${i}`, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && !v.startsWith('#')) out.push({ pointer: at, ref: v });
      else externalRefs(v, `${at}/${encodePointerToken(k)}`, out);
    }
  }
  return out;
}

/** Structural problems of a parsed document as { ruleId, message, pointer }, in document order. */
export async function lintSpec(doc: OpenApiDocument, text: string, label: string): Promise<Problem[]> {
  const version = String(doc.openapi ?? '');
  if (!/^3\.[01]\.\d+$/.test(version)) {
    const found = doc.swagger
      ? `swagger ${doc.swagger}`
      : doc.openapi
        ? `openapi ${doc.openapi}`
        : 'no `openapi` field';
    return [
      {
        ruleId: 'openapi-version',
        message: `Expected an OpenAPI 3.0 or 3.1 document, found ${found}.`,
        pointer: '#/openapi',
      },
    ];
  }
  const external = externalRefs(doc);
  if (external.length) {
    return external.map(({ pointer, ref }) => ({
      ruleId: 'external-ref',
      message: `External $ref "${ref}" is not allowed: Zoom's documents are self-contained.`,
      pointer,
    }));
  }
  // Before Redocly: it throws "Self-referencing circular pointer" (no file, no place) on a $ref
  // cycle, and codegen would overflow its stack on an allOf one. See ./cycles.ts for which cycles.
  const cycles = findSchemaCycles(doc);
  if (cycles.length) {
    return cycles.map((cycle) => ({
      ruleId: cycle.kind === 'allOf' ? 'allof-cycle' : 'ref-cycle',
      message: describeCycle(cycle),
      pointer: cycle.pointer,
    }));
  }
  const problems = await lintDocument({
    document: makeDocumentFromString(text, `/${label.replace(/^\/+/, '')}`),
    config: await lintConfig(),
    externalRefResolver: new BaseResolver(),
  });
  return problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ ruleId: p.ruleId, message: p.message, pointer: p.location?.[0]?.pointer ?? '#' }));
}

const problemKey = (p: Problem) => `${p.ruleId}\u0000${p.message}\u0000${p.pointer}`;

/**
 * Validates `doc` (parsed from `text`), tolerating problems `baselineDoc` already had.
 */
export async function validateSpec({
  doc,
  text,
  label,
  baselineDoc,
  baselineText,
}: {
  doc: OpenApiDocument;
  text: string;
  label: string;
  baselineDoc?: OpenApiDocument;
  baselineText?: string;
}): Promise<Validation> {
  const found = await lintSpec(doc, text, label);
  const baseline = new Set<string>();
  if (baselineDoc && found.length) {
    for (const p of await lintSpec(baselineDoc, baselineText ?? JSON.stringify(baselineDoc), label)) {
      baseline.add(problemKey(p));
    }
  }
  const problems: Problem[] = [];
  let tolerated = 0;
  for (const p of found) {
    if (baseline.has(problemKey(p)) || KNOWN_HARMLESS.some((known) => known(p))) tolerated++;
    else problems.push(p);
  }
  return { problems, tolerated };
}

/** "file: N problems: first ones" — the message an invalid document stops the update with. */
export function describeProblems(label: string, problems: readonly Problem[], limit = 8): string {
  const lines = problems.slice(0, limit).map((p) => `    ${p.pointer}: ${p.message} (${p.ruleId})`);
  if (problems.length > limit) lines.push(`    … and ${problems.length - limit} more`);
  return `  ${label} is not a valid OpenAPI document (${problems.length} problem(s)):\n${lines.join('\n')}`;
}
