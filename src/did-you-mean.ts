/**
 * "Did you mean …?": the closest of a few known words to a misspelt one, for messages about
 * unknown scenario fields, command-line options, commands and threshold metrics.
 *
 * Distance: optimal string alignment (Levenshtein with adjacent transpositions, so `weigth` is one
 * step from `weight`) on lower-cased words, so `healthcheck` is zero steps from `healthCheck`.
 * A word is suggested when it is within a third of the longer word's length (at least 2 steps),
 * or when one word (two letters or more) is a prefix of the other, or abbreviates it (`maxDevPp`) (`ratePerSecond` → `ratePerSec`). Ties go to the
 * candidate listed first. O(n·m) per candidate, two rows of memory; deterministic.
 */

/** Optimal string alignment distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, before[j - 2]! + 1);
      }
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/** The candidate closest to `word`, or null when none is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | null {
  const lower = word.toLowerCase();
  let best: string | null = null;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const distance = editDistance(lower, other);
    const prefix =
      (Math.min(lower.length, other.length) >= 2 &&
        (lower.startsWith(other) || other.startsWith(lower))) ||
      (lower.length >= 4 && abbreviates(lower, other));
    const limit = Math.max(2, Math.floor(Math.max(lower.length, other.length) / 3));
    if (distance > limit && !prefix) continue;
    // Between equally distant words, one that extends the other is the likelier meaning.
    const score = distance * 2 - (prefix ? 1 : 0);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Whether `short` is `long` with letters left out, first letter kept (`maxdevpp` of `maxdeviationpp`). */
function abbreviates(short: string, long: string): boolean {
  if (short[0] !== long[0] || short.length >= long.length) return false;
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

/** ` (did you mean "x"?)`, or the empty string when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = '"'): string {
  const match = closest(word, candidates);
  return match === null ? '' : ` (did you mean ${quote}${match}${quote}?)`;
}
