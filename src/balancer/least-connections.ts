/**
 * Weighted least connections: the target with the lowest active-connections / weight, as LVS
 * `wlc` (net/netfilter/ipvs/ip_vs_wlc.c) and the reference load balancer define it. Ratios are
 * compared exactly with integers (a_i·w_j < a_j·w_i), never divided.
 *
 * Tie-break (exactly): among the targets whose ratio equals the minimum, the first at or after a
 * rotating cursor in index order, wrapping past the end; the cursor starts at 0 and moves to just
 * after each picked target. With no connections counted the picks are plain round robin
 * 0, 1, 2, ... over the weight > 0 targets.
 *
 * Structure: a bottom-up tournament (segment) tree over the targets whose nodes hold the index of
 * a minimal-ratio target of their subtree. `connectionOpened/Closed` update one leaf-to-root path,
 * O(log n); `pick` reads the minimum at the root and descends to the first minimal leaf at or after
 * the cursor, O(log n). Build/update O(n); memory O(n). Nothing is allocated per call.
 *
 * `pick` does not count a connection: the caller calls `connectionOpened(index)` with the result
 * (and `connectionClosed` when it ends). Counts follow target ids across `update`, so a target
 * whose weight drops to 0 keeps its (draining) connections. Deterministic: no randomness.
 */
import { NO_TARGET, type Picker, type PickerTarget } from './picker.js';
import { checkPickerTargets, ERR_PICKER_OPTION } from './check-targets.js';
import { LbsimTypeError } from '../errors.js';
import { carryCounts } from './carry-counts.js';

/** Options of {@link LeastConnectionsPicker}. */
export interface LeastConnectionsOptions {
  /**
   * How ties between equal active/weight ratios are broken: `'round-robin'` (the reference
   * product: first minimal target at or after a rotating cursor) or `'first'` (LVS `wlc`: the
   * lowest index, O(1) pick).
   * @defaultValue `'round-robin'`
   */
  readonly tieBreak?: 'round-robin' | 'first';
}

/** Weighted least connections with a round-robin tie-break; see the file banner. */
export class LeastConnectionsPicker implements Picker {
  /** Always `'wlc'`. */
  readonly algorithm = 'wlc' as const;

  #size = 0;
  #ids: string[] = [];
  #weights: Int32Array = new Int32Array(0);
  /** Active connections per target (Float64 so a·w stays exact far beyond 2^31). */
  #active: Float64Array = new Float64Array(0);
  /** Leaves in the tree: a power of two ≥ size. */
  #leaves = 1;
  /** Node v holds the index of a minimal-ratio target of its subtree, or -1 (no weight > 0). */
  #tree: Int32Array = new Int32Array(2);
  #cursor = 0;
  readonly #rotate: boolean;

  /**
   * @param targets - the targets; indices returned by `pick` refer to this list.
   * @param options - see {@link LeastConnectionsOptions}.
   * @throws RangeError naming the target when a weight is not an integer in 0..100, or a TypeError
   *   for an unknown `tieBreak`.
   */
  constructor(targets: readonly PickerTarget[], options: LeastConnectionsOptions = {}) {
    // Widened: JavaScript callers may pass anything.
    const tieBreak: string = options.tieBreak ?? 'round-robin';
    if (tieBreak !== 'round-robin' && tieBreak !== 'first') {
      throw new LbsimTypeError(
        ERR_PICKER_OPTION,
        `wlc: tieBreak must be 'round-robin' or 'first', got ${JSON.stringify(tieBreak)}`,
      );
    }
    this.#rotate = tieBreak === 'round-robin';
    this.#build(checkPickerTargets('wlc', targets), new Float64Array(targets.length));
  }

  /** Number of targets, weight-0 ones included. */
  get size(): number {
    return this.#size;
  }

  /** Active connections counted for target `index` (0 for an index out of range). */
  active(index: number): number {
    return this.#active[index] ?? 0;
  }

  /** The choice for a raw client key, which this algorithm ignores. */
  pickKey(_key: string): number {
    return this.pick();
  }

  /**
   * The target with the lowest active/weight, ties by the rotating cursor (or the lowest index with
   * `tieBreak: 'first'`), or `NO_TARGET` (-1) when no weight is positive. O(log n); O(1) with
   * `'first'`. Does not count a connection.
   */
  pick(hash?: number): number;
  pick(): number {
    const min = this.#tree[1]!;
    // The root holds the lowest index among the minimal targets: it is the answer unless it lies
    // before the cursor, and it is also where the search wraps to.
    if (min === NO_TARGET || !this.#rotate) return min;
    let chosen = min;
    if (min < this.#cursor) {
      const after = this.#firstMinimal(this.#cursor, min);
      if (after >= 0) chosen = after;
    }
    this.#cursor = chosen + 1 === this.#size ? 0 : chosen + 1;
    return chosen;
  }

  /**
   * Replaces the targets, O(n). Active counts follow ids (new ids start at 0); the cursor stays on
   * the same target id when it is still present, otherwise it returns to 0.
   */
  update(targets: readonly PickerTarget[]): void {
    checkPickerTargets('wlc', targets);
    const cursorId = this.#ids[this.#cursor];
    this.#build(targets, carryCounts(this.#ids, this.#active, targets));
    const cursor = cursorId === undefined ? -1 : this.#ids.indexOf(cursorId);
    this.#cursor = cursor < 0 ? 0 : cursor;
  }

  /** Counts a connection assigned to target `index`, O(log n). Out-of-range indices are ignored. */
  connectionOpened(index: number): void {
    if (index >>> 0 !== index || index >= this.#size) return;
    this.#active[index]!++;
    this.#fix(index);
  }

  /** Counts a connection to target `index` ending, O(log n). Never goes below 0. */
  connectionClosed(index: number): void {
    if (index >>> 0 !== index || index >= this.#size || this.#active[index] === 0) return;
    this.#active[index]!--;
    this.#fix(index);
  }

  #build(targets: readonly PickerTarget[], active: Float64Array): void {
    const n = targets.length;
    this.#size = n;
    this.#ids = targets.map((t) => t.id);
    this.#weights = Int32Array.from(targets, (t) => t.weight);
    this.#active = active;
    let leaves = 1;
    while (leaves < n) leaves *= 2;
    this.#leaves = leaves;
    const tree = new Int32Array(2 * leaves).fill(NO_TARGET);
    for (let i = 0; i < n; i++) if (this.#weights[i]! > 0) tree[leaves + i] = i;
    this.#tree = tree;
    for (let v = leaves - 1; v >= 1; v--) tree[v] = this.#better(tree[2 * v]!, tree[2 * v + 1]!);
    this.#cursor = 0;
  }

  /** The better of two targets (or -1): lower ratio, then lower index. */
  #better(x: number, y: number): number {
    if (x < 0) return y;
    if (y < 0) return x;
    const lhs = this.#active[x]! * this.#weights[y]!;
    const rhs = this.#active[y]! * this.#weights[x]!;
    if (lhs < rhs) return x;
    if (rhs < lhs) return y;
    return x < y ? x : y;
  }

  /** Recomputes the path from target `index`'s leaf to the root (same rule as `#better`). */
  #fix(index: number): void {
    const tree = this.#tree;
    const active = this.#active;
    const weights = this.#weights;
    for (let v = (index + this.#leaves) >>> 1; v >= 1; v >>>= 1) {
      const x = tree[2 * v]!;
      const y = tree[2 * v + 1]!;
      let best = x;
      if (x < 0) best = y;
      else if (y >= 0) {
        const lhs = active[x]! * weights[y]!;
        const rhs = active[y]! * weights[x]!;
        // x is the left child: on a tie its index is the lower one.
        if (rhs < lhs) best = y;
      }
      tree[v] = best;
    }
  }

  /** The first target at index ≥ from whose ratio equals target `min`'s, or -1. O(log n). */
  #firstMinimal(from: number, min: number): number {
    const tree = this.#tree;
    const active = this.#active;
    const weights = this.#weights;
    // Node v holds a minimal target iff its best b has a_b·w_min = a_min·w_b.
    const aMin = active[min]!;
    const wMin = weights[min]!;
    const leaves = this.#leaves;
    let v = from + leaves;
    let b = tree[v]!;
    // Walk right along the level frontier until a subtree holds a minimal target.
    while (b < 0 || active[b]! * wMin !== aMin * weights[b]!) {
      while ((v & 1) === 1) v >>>= 1; // climb while a right child: its parent is already covered
      if (v === 0) return -1; // walked off the right end
      v++;
      b = tree[v]!;
    }
    while (v < leaves) {
      v *= 2;
      b = tree[v]!;
      if (b < 0 || active[b]! * wMin !== aMin * weights[b]!) v++;
    }
    return v - leaves;
  }
}
