// `--all`: the items on each page that @zoom-api/core's paginate.pages() walks.

/** The list on a page and, when the page has several, which field was taken and which were not. */
export interface PageItems {
  items: unknown[];
  field: string | undefined;
  others: string[];
}

/**
 * A Zoom page carries its list in its one array field (`sessions`, `users`). With several, the
 * first non-empty one is taken (reported in `others`, so the command can say so); with none, the
 * page has no items.
 */
export function itemsOf(page: unknown): PageItems {
  if (Array.isArray(page)) return { items: page, field: undefined, others: [] };
  if (typeof page !== 'object' || page === null) return { items: [], field: undefined, others: [] };
  const fields = Object.entries(page).filter(([, value]) => Array.isArray(value)) as [string, unknown[]][];
  const chosen = fields.find(([, value]) => value.length > 0) ?? fields[0];
  return {
    items: chosen?.[1] ?? [],
    field: chosen?.[0],
    others: fields.filter((f) => f !== chosen).map(([name]) => name),
  };
}
