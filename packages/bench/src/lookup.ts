// Reads of the tables and arrays the bench fills itself: a missing entry is a bug in the bench, and says
// which entry it was instead of surfacing later as NaN or "undefined" in a report.

/** `values[index]`, for an index computed within them. */
export function at(values: ArrayLike<number>, index: number): number {
  const value = values[index];
  if (value === undefined) throw new RangeError(`bench: index ${index} is outside the ${values.length} values`);
  return value;
}

/** `table[key]`, for a key the bench put there. */
export function cell<K extends PropertyKey, V>(table: Readonly<Partial<Record<K, V>>>, key: K): V {
  const value = table[key];
  if (value === undefined) throw new RangeError(`bench: no entry '${String(key)}' in ${Object.keys(table).join(', ')}`);
  return value;
}
