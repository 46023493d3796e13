// Markdown output helpers: every section prints one or more GitHub-flavoured tables.

export function markdownTable(headers, rows, align = []) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  const rule = headers.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
  return [line(headers), line(rule), ...rows.map((row) => line(row.map((cell) => String(cell))))].join('\n');
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const formatInteger = (value) => (Number.isFinite(value) ? grouped.format(value) : 'n/a');

export function formatFixed(value, digits = 2) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** `1.23× (1.18–1.29)`: a median ratio with its interquartile range. */
export function formatRatio(summary) {
  if (!summary || !Number.isFinite(summary.median)) return 'n/a';
  return `${summary.median.toFixed(2)}× (${summary.p25.toFixed(2)}–${summary.p75.toFixed(2)})`;
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return 'n/a';
  return bytes >= 1024 ? `${grouped.format(bytes)} B (${(bytes / 1024).toFixed(1)} KiB)` : `${grouped.format(bytes)} B`;
}

export function formatSeconds(ms) {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'n/a';
}
