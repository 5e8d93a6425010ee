/**
 * How many keys a change of targets moved, against the fewest it could have moved.
 *
 * Given where each key went before and after a change, let b_t and a_t count the keys on target t
 * before and after. Every key that leaves a target whose count fell had to move, and nothing else
 * had to: `minimum` = Σ_t max(0, b_t − a_t) (half the L1 distance between the two count
 * vectors). That covers both kinds of change: a target removed (or set to weight 0) gives up all
 * its keys; a weight change shifts the difference of the shares. `moved` ≥ `minimum` always; the
 * difference, `excess`, is the churn an ideal consistent hash would avoid. O(keys).
 */

/** The outcome of {@link disruption}. */
export interface Disruption {
  /** Keys compared. */
  readonly keys: number;
  /** Keys whose target changed. */
  readonly moved: number;
  /** Keys that had to move for the counts per target to change as they did. */
  readonly minimum: number;
  /** `moved − minimum`: keys moved without need (0 for a perfectly consistent picker). */
  readonly excess: number;
}

/**
 * Where each key went: an array indexed by key number, or a map from key to target. Use target
 * ids (or anything comparable with `===`), not indices, when the change reorders, adds or removes
 * targets: a picker's index refers to its current target list.
 */
export type Assignment<K, T> = readonly T[] | ReadonlyMap<K, T>;

/**
 * Compares two assignments of the same keys to targets (before and after a change).
 *
 * @throws RangeError when the two do not hold the same keys (arrays of different lengths, or a
 *   map key missing from the other map), or a TypeError when one is an array and the other a map
 */
export function disruption<K, T>(before: Assignment<K, T>, after: Assignment<K, T>): Disruption {
  const pairs: [T, T][] = [];
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = before as readonly T[];
    const a = after as readonly T[];
    if (b.length !== a.length) {
      throw new RangeError(
        `disruption: before and after must hold the same keys, got ${b.length} and ${a.length} entries`,
      );
    }
    for (let i = 0; i < b.length; i++) pairs.push([b[i]!, a[i]!]);
  } else if (before instanceof Map && after instanceof Map) {
    const b = before as ReadonlyMap<K, T>;
    const a = after as ReadonlyMap<K, T>;
    if (b.size !== a.size) {
      throw new RangeError(
        `disruption: before and after must hold the same keys, got ${b.size} and ${a.size} keys`,
      );
    }
    for (const [key, target] of b) {
      if (!a.has(key)) {
        throw new RangeError(`disruption: key ${String(key)} is in before but not in after`);
      }
      pairs.push([target, a.get(key)!]);
    }
  } else {
    throw new TypeError('disruption: before and after must both be arrays or both be maps');
  }
  const balance = new Map<T, number>();
  let moved = 0;
  for (const [from, to] of pairs) {
    if (from === to) continue;
    moved++;
    balance.set(from, (balance.get(from) ?? 0) + 1);
    balance.set(to, (balance.get(to) ?? 0) - 1);
  }
  let minimum = 0;
  for (const net of balance.values()) if (net > 0) minimum += net;
  return { keys: pairs.length, moved, minimum, excess: moved - minimum };
}
