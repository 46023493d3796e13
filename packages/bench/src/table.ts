// Markdown output helpers: every section prints one or more GitHub-flavoured tables.
import type { Summary } from './stats.ts';

export type Align = 'left' | 'right';

export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align: readonly Align[] = [],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = headers.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  return [line(headers), line(rule), ...rows.map((row) => line(row.map((cell) => String(cell))))].join('\n');
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatInteger = (value: number): string => (Number.isFinite(value) ? grouped.format(value) : 'n/a');

export function formatFixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** `1.23× (1.18–1.29)`: a median ratio with its interquartile range. */
export function formatRatio(summary: Summary | undefined): string {
  if (!summary || !Number.isFinite(summary.median)) return 'n/a';
  return `${summary.median.toFixed(2)}× (${summary.p25.toFixed(2)}–${summary.p75.toFixed(2)})`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  return bytes >= 1024 ? `${grouped.format(bytes)} B (${(bytes / 1024).toFixed(1)} KiB)` : `${grouped.format(bytes)} B`;
}

export function formatSeconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a';
}
