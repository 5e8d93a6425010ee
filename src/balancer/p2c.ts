/**
 * Power of two choices over weighted targets (Mitzenmacher, "The Power of Two Choices in
 * Randomized Load Balancing", 2001; Envoy's least-request balancer with `choice_count: 2`): draw two
 * targets independently by weight (with replacement, so both may be the same), keep the one with
 * the lower active-connections / weight, compared exactly as a_i·w_j < a_j·w_i; a tie keeps the
 * first drawn.
 *
 * Weighted draws use Walker's alias table built by Vose's method in exact integer arithmetic
 * (column capacity = total weight), so a draw is one `rng.next()`, one multiply and one compare.
 * Build/update O(n); pick O(1) and allocation-free; memory O(n).
 *
 * Determinism: every pick consumes exactly two `rng.next()` values (none when no weight is
 * positive), so the same seed and the same sequence of calls give the same picks. `pick` does not
 * count a connection: the caller calls `connectionOpened(index)` with the result. Counts follow
 * target ids across `update`.
 */
import { createRng, type Rng } from '../random/rng.js';
import { checkTargets, NO_TARGET, type Picker, type PickerTarget } from './picker.js';

/** Options of {@link P2cPicker}. */
export interface P2cOptions {
  /**
   * Source of the two random draws per pick.
   * @defaultValue `createRng('p2c')`
   */
  readonly rng?: Rng;
}

/** Power of two choices by active/weight over weighted random draws; see the file banner. */
export class P2cPicker implements Picker {
  /** Always `'p2c'`. */
  readonly algorithm = 'p2c' as const;

  readonly #rng: Rng;
  #size = 0;
  #ids: string[] = [];
  #weights: Int32Array = new Int32Array(0);
  #active: Float64Array = new Float64Array(0);
  /** Alias table over the weight > 0 targets: column j keeps `target[j]` below `threshold[j]`. */
  #columns = 0;
  #total = 0;
  #target: Int32Array = new Int32Array(0);
  #alias: Int32Array = new Int32Array(0);
  #threshold: Float64Array = new Float64Array(0);

  /**
   * @param targets - the targets; indices returned by `pick` refer to this list.
   * @param options - see {@link P2cOptions}.
   * @throws RangeError naming the target when a weight is not an integer in 0..100.
   */
  constructor(targets: readonly PickerTarget[], options: P2cOptions = {}) {
    this.#rng = options.rng ?? createRng('p2c');
    this.#build(checkTargets('p2c', targets), new Map());
  }

  /** Number of targets, weight-0 ones included. */
  get size(): number {
    return this.#size;
  }

  /** Active connections counted for target `index` (0 for an index out of range). */
  active(index: number): number {
    return this.#active[index] ?? 0;
  }

  /** The less loaded (by active/weight) of two weighted draws, or `NO_TARGET`. O(1). */
  pick(hash?: number): number;
  pick(): number {
    const columns = this.#columns;
    if (columns === 0) return NO_TARGET;
    const rng = this.#rng;
    const total = this.#total;
    const target = this.#target;
    const alias = this.#alias;
    const threshold = this.#threshold;
    // Draw: column j uniformly, then its own target below threshold[j] out of `total`, else its
    // alias. `x >= columns` only if an Rng's next() rounds up to 1 after scaling.
    let x = rng.next() * columns;
    let j = x >= columns ? columns - 1 : x | 0;
    const first = (x - j) * total < threshold[j]! ? target[j]! : alias[j]!;
    x = rng.next() * columns;
    j = x >= columns ? columns - 1 : x | 0;
    const second = (x - j) * total < threshold[j]! ? target[j]! : alias[j]!;
    const active = this.#active;
    const weights = this.#weights;
    return active[second]! * weights[first]! < active[first]! * weights[second]! ? second : first;
  }

  /** Replaces the targets, O(n); active counts follow ids (new ids start at 0). */
  update(targets: readonly PickerTarget[]): void {
    checkTargets('p2c', targets);
    const counts = new Map<string, number>();
    for (let i = 0; i < this.#size; i++) counts.set(this.#ids[i]!, this.#active[i]!);
    this.#build(targets, counts);
  }

  /** Counts a connection assigned to target `index`. Out-of-range indices are ignored. */
  connectionOpened(index: number): void {
    if (index >>> 0 !== index || index >= this.#size) return;
    this.#active[index]!++;
  }

  /** Counts a connection to target `index` ending. Never goes below 0. */
  connectionClosed(index: number): void {
    if (index >>> 0 !== index || index >= this.#size || this.#active[index] === 0) return;
    this.#active[index]!--;
  }

  #build(targets: readonly PickerTarget[], counts: ReadonlyMap<string, number>): void {
    const n = targets.length;
    this.#size = n;
    this.#ids = targets.map((t) => t.id);
    this.#weights = Int32Array.from(targets, (t) => t.weight);
    this.#active = Float64Array.from(targets, (t) => counts.get(t.id) ?? 0);

    let m = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = this.#weights[i]!;
      if (w > 0) {
        m++;
        total += w;
      }
    }
    const target = new Int32Array(m);
    const alias = new Int32Array(m);
    const threshold = new Float64Array(m);
    // Vose: each column has capacity `total`; target j brings weight·m of it. Exact integers.
    const mass = new Float64Array(m);
    const small = new Int32Array(m);
    const large = new Int32Array(m);
    let ns = 0;
    let nl = 0;
    let j = 0;
    for (let i = 0; i < n; i++) {
      const w = this.#weights[i]!;
      if (w === 0) continue;
      target[j] = i;
      alias[j] = i;
      mass[j] = w * m;
      if (mass[j]! < total) small[ns++] = j;
      else large[nl++] = j;
      j++;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!;
      const l = large[nl - 1]!;
      threshold[s] = mass[s]!;
      alias[s] = target[l]!;
      mass[l] = mass[l]! - (total - mass[s]!);
      if (mass[l] < total) {
        nl--;
        small[ns++] = l;
      }
    }
    // Whatever is left holds exactly `total` (integer arithmetic): keeps its own target always.
    while (nl > 0) threshold[large[--nl]!] = total;
    while (ns > 0) threshold[small[--ns]!] = total;

    this.#columns = m;
    this.#total = total;
    this.#target = target;
    this.#alias = alias;
    this.#threshold = threshold;
  }
}
