/**
 * The picker contract. A Balancer (the listener pipeline) decides *which* targets are eligible and
 * with what weight; a Picker only picks among them, on the hot path: `pick(hash)` returns the
 * index of the chosen target in the list it was built from, or -1 when no target has weight > 0.
 * It never allocates and never throws.
 */

/** One backend as a picker sees it: a stable id (used by consistent hashing) and a weight 0..100. */
export interface PickerTarget {
  readonly id: string;
  readonly weight: number;
}

/** Returned by `pick` when no target can take a new request. */
export const NO_TARGET = -1;

/** Chooses a target for each new request or connection. */
export interface Picker {
  /** The algorithm this picker implements (a name of the algorithm table, or a user's own). */
  readonly algorithm: string;
  /** How many targets it was built from (weight-0 targets included; indices refer to this list). */
  readonly size: number;
  /**
   * The index of the chosen target, or `NO_TARGET` (-1) when none has weight > 0.
   * @param hash - a 32-bit unsigned key (client address or cookie hash); ignored by algorithms
   *   that do not hash.
   */
  pick(hash: number): number;
  /**
   * The choice for a raw client key (an address as text, a cookie, a header value). lbsim's own
   * algorithms hash it with `hashKey`; dialects hash it as the real balancer does.
   */
  pickKey(key: string): number;
  /**
   * Replaces the target list (weights changed, targets added or removed). Indices refer to the new
   * list afterwards. State tied to a target (connection counts) follows its id. Consistent-hashing
   * pickers move only about the changed share of keys.
   */
  update(targets: readonly PickerTarget[]): void;
  /** A connection was assigned to target `index` (least-connections and p2c count these; others ignore). */
  connectionOpened(index: number): void;
  /** A connection to target `index` ended. */
  connectionClosed(index: number): void;
}

/** Largest weight a target may have; 0 means draining (no new requests). */
export const MAX_WEIGHT = 100;

/**
 * Checks a target list and returns it unchanged, or throws a RangeError/TypeError naming the
 * module, the target and the value, e.g. `maglev: targets[2] ("b:80") weight must be an integer in 0..100, got 101`.
 */
export function checkTargets(
  module: string,
  targets: readonly PickerTarget[],
): readonly PickerTarget[] {
  const input: unknown = targets;
  if (!Array.isArray(input)) {
    throw new TypeError(`${module}: targets must be an array, got ${typeof targets}`);
  }
  const seen = new Set<string>();
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i] as PickerTarget | undefined | null;
    if (t === null || typeof t !== 'object') {
      throw new TypeError(`${module}: targets[${i}] must be an object { id, weight }`);
    }
    if (typeof t.id !== 'string' || t.id === '') {
      throw new TypeError(
        `${module}: targets[${i}].id must be a non-empty string, got ${JSON.stringify(t.id)}`,
      );
    }
    if (seen.has(t.id)) {
      throw new RangeError(`${module}: targets[${i}] repeats id ${JSON.stringify(t.id)}`);
    }
    seen.add(t.id);
    const w = t.weight;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > MAX_WEIGHT) {
      throw new RangeError(
        `${module}: targets[${i}] (${JSON.stringify(t.id)}) weight must be an integer in 0..${MAX_WEIGHT}, got ${String(w)}`,
      );
    }
  }
  return targets;
}
