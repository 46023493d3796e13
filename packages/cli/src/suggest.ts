// "Did you mean …?" for mistyped products, operations and parameters.

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidate closest to `input`, ignoring case, `-` and `_`; undefined when nothing is close
 * enough to be a plausible typo (more than a third of the longer name differs).
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const normalise = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  const wanted = normalise(input);
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(wanted, normalise(name));
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.ceil(Math.max(wanted.length, best.name.length) / 3));
  return best.distance <= limit ? best.name : undefined;
}
