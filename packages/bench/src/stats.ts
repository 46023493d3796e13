// Order statistics on plain arrays of numbers. Quantiles interpolate linearly between the two
// nearest ranks (type 7, as in R and NumPy), so a 21-round IQR uses every round.
import { at } from './lookup.ts';

/** Median with its interquartile range, over `n` values. */
export interface Summary {
  median: number;
  p25: number;
  p75: number;
  n: number;
}

type Values = ArrayLike<number> & Iterable<number>;

export function sorted(values: Values): Float64Array {
  return Float64Array.from(values).sort();
}

export function quantile(values: Values, q: number): number {
  const s = values instanceof Float64Array && isSorted(values) ? values : sorted(values);
  if (s.length === 0) return Number.NaN;
  const position = (s.length - 1) * q;
  const lower = at(s, Math.floor(position));
  const upper = at(s, Math.ceil(position));
  return lower + (upper - lower) * (position - Math.floor(position));
}

function isSorted(values: Float64Array): boolean {
  let previous = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (previous > value) return false;
    previous = value;
  }
  return true;
}

/** Median with the interquartile range, the spread reported beside every ratio. */
export function summarize(values: Values): Summary {
  const s = sorted(values);
  return { median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75), n: s.length };
}
