/**
 * The picker contract. A Balancer (the listener pipeline) decides *which* targets are eligible and
 * with what weight; a Picker only picks among them, on the hot path: `pick(hash)` returns the
 * index of the chosen target in the list it was built from, or -1 when no target has weight > 0.
 * It never allocates and never throws.
 */
export { MAX_WEIGHT } from '../limits.js';

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
