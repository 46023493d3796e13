// Zoom's rate-limit category of each operation, read from its description ("**[Rate Limit
// Label](…):** `HEAVY`"). Zoom's spelling varies (`Heavy`, `Resource-intensive`, with or without the
// link), so the reader is loose about the wrapping and strict about the value: a label it finds but
// cannot place fails generation, since a wrong category would spend the wrong budget at run time.
// The generator (operations-table.ts) and specs:update's differ read labels through this module only.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePointerToken } from '../lib/json-pointer.ts';

/** Zoom's categories, as core's RateLimitCategory spells them (a test keeps the two lists equal). */
export const CATEGORIES = ['LIGHT', 'MEDIUM', 'HEAVY', 'RESOURCE-INTENSIVE'] as const;
export type Category = (typeof CATEGORIES)[number];

/** What an operation without a label counts as (documented in core's README, "Rate limits"). */
export const DEFAULT_CATEGORY: Category = 'MEDIUM';

/** The shape of core's OperationRateLimit: the category and whether the document gave it. */
export interface RateLimitRow {
  category: Category;
  source: 'document' | 'default';
}

// "Rate Limit Label", any case and separators, not "labels" (prose about labels in general), then the
// markdown around it (bold, a link), a colon, and the value: backquoted, or one bare word (two for
// "Resource intensive").
const LABEL =
  /rate[\s_-]*limit[\s_-]*label(?!s)[*\]]*(?:\([^)\s]*\))?[*\s]*:[* \t]*(?:`([^`\n]*)`|([a-z][a-z_-]*(?:[ _-]intensive)?))?/gi;
const MENTION = /rate[\s_-]*limit[\s_-]*label(?!s)/gi;

/** Where an operation is, for messages: the document, the operation and a pointer to its description. */
export interface LabelSite {
  specId: string;
  method: string;
  path: string;
  name?: string;
}

function describeSite(site: LabelSite): string {
  const pointer = `#/paths/${encodePointerToken(site.path)}/${site.method.toLowerCase()}/description`;
  return `${site.specId}: ${site.method.toUpperCase()} ${site.path}${site.name ? ` (${site.name})` : ''}, ${pointer}`;
}

const normalise = (value: string) =>
  value
    .trim()
    .toUpperCase()
    .replace(/[\s_]+/g, '-');

/**
 * The category the description's label gives, or undefined when it has none. Throws, naming the
 * document, operation and pointer, for a label whose value is not one of Zoom's categories, a label
 * without a value, or two labels that disagree.
 */
export function readRateLimitLabel(description: unknown, site: LabelSite): Category | undefined {
  if (typeof description !== 'string') return undefined;
  const mentions = description.match(MENTION)?.length ?? 0;
  const found = new Set<Category>();
  let read = 0;
  for (const match of description.matchAll(LABEL)) {
    const raw = match[1] ?? match[2];
    if (raw === undefined) continue;
    read++;
    const value = normalise(raw);
    if (!(CATEGORIES as readonly string[]).includes(value)) {
      throw new Error(
        `${describeSite(site)}: unknown rate-limit label "${raw}"; Zoom's categories are ${CATEGORIES.join(', ')}. ` +
          'If Zoom added a category, add it to CATEGORIES in scripts/codegen/rate-limits.ts and to RateLimitCategory ' +
          'in packages/core/src/rate-limit/store.ts (and its limits to PLANS in rate-limit/limiter.ts); otherwise report the typo to Zoom.',
      );
    }
    found.add(value as Category);
  }
  if (mentions > read) {
    throw new Error(
      `${describeSite(site)}: the description mentions a rate-limit label but gives no value after it ` +
        `(expected e.g. "Rate Limit Label: \`HEAVY\`", one of ${CATEGORIES.join(', ')}).`,
    );
  }
  if (found.size > 1) {
    throw new Error(
      `${describeSite(site)}: the description gives several rate-limit labels (${[...found].join(', ')}).`,
    );
  }
  return [...found][0];
}

/** The operation's row: its label, or the default when the document gives none. */
export function rateLimitOf(description: unknown, site: LabelSite): RateLimitRow {
  const category = readRateLimitLabel(description, site);
  return category ? { category, source: 'document' } : { category: DEFAULT_CATEGORY, source: 'default' };
}

/** What the call-time table needs of an operation row. */
export interface RateLimitTableRow {
  name: string;
  method: string;
  path: string;
  rateLimit: RateLimitRow;
}

/**
 * `rate-limits.gen.ts`: `'METHOD /path'` → `[name, category]`, the category only when the document gives
 * one, so the limiter can tell a label from the default. Kept apart from the operations table so a
 * bundle carries a few bytes per operation rather than every row.
 */
export function writeRateLimitTable(outDir: string, rows: readonly RateLimitTableRow[]): void {
  const entries = rows.map((r) => {
    const value = r.rateLimit.source === 'document' ? [r.name, r.rateLimit.category] : [r.name];
    return `  ${JSON.stringify(`${r.method.toUpperCase()} ${r.path}`)}: ${JSON.stringify(value)},`;
  });
  writeFileSync(
    path.join(outDir, 'rate-limits.gen.ts'),
    `// Generated by scripts/codegen/rate-limits.ts from the rate-limit labels in Zoom's document. Do not edit.
import type { RateLimitTable } from '@zoom-api/core';

export const rateLimitTable: RateLimitTable = {
${entries.join('\n')}
};
`,
  );
}
