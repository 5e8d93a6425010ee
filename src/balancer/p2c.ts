/**
 * Power of two choices over weighted targets (Mitzenmacher, "The Power of Two Choices in
 * Randomized Load Balancing", 2001; Envoy's least-request balancer with `choice_count: 2`): draw two
 * targets independently by weight (with replacement, so both may be the same), keep the one with
 * the lower active-connections / weight, compared exactly as a_i·w_j < a_j·w_i; a tie keeps the
 * first drawn.
 *
 * Weighted draws come from an {@link AliasRandomPicker} (Walker's alias table, built by Vose's
 * method in exact integer arithmetic) sharing the Rng, so a draw is one `rng.next()`.
 * Build/update O(n); pick O(1) and allocation-free; memory O(n).
 *
 * Determinism: every pick consumes exactly two `rng.next()` values (none when no weight is
 * positive), so the same seed and the same sequence of calls give the same picks. `pick` does not
 * count a connection: the caller calls `connectionOpened(index)` with the result. Counts follow
 * target ids across `update`.
 */
import { createRng, type Rng } from '../random/rng.js';
import { AliasRandomPicker } from './alias-random.js';
import { carryCounts } from './carry-counts.js';
import { NO_TARGET, type Picker, type PickerTarget } from './picker.js';
import { checkPickerTargets, checkRng } from './check-targets.js';

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

  readonly #draws: AliasRandomPicker;
  #size = 0;
  #ids: string[] = [];
  #weights: Int32Array = new Int32Array(0);
  #active: Float64Array = new Float64Array(0);

  /**
   * @param targets - the targets; indices returned by `pick` refer to this list.
   * @param options - see {@link P2cOptions}.
   * @throws RangeError naming the target when a weight is not an integer in 0..100; for an `rng`
   *   that is not an object whose `next()` returns numbers in [0, 1) (code `ERR_PICKER_RNG`).
   */
  constructor(targets: readonly PickerTarget[], options: P2cOptions = {}) {
    this.#draws = new AliasRandomPicker([], {
      rng: options.rng === undefined ? createRng('p2c') : checkRng('p2c', options.rng),
    });
    this.#build(checkPickerTargets('p2c', targets), new Float64Array(targets.length));
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

  /** The less loaded (by active/weight) of two weighted draws, or `NO_TARGET`. O(1). */
  pick(hash?: number): number;
  pick(): number {
    const first = this.#draws.pick(0);
    if (first === NO_TARGET) return NO_TARGET;
    const second = this.#draws.pick(0);
    const active = this.#active;
    const weights = this.#weights;
    return active[second]! * weights[first]! < active[first]! * weights[second]! ? second : first;
  }

  /** Replaces the targets, O(n); active counts follow ids (new ids start at 0). */
  update(targets: readonly PickerTarget[]): void {
    checkPickerTargets('p2c', targets);
    this.#build(targets, carryCounts(this.#ids, this.#active, targets));
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

  #build(targets: readonly PickerTarget[], active: Float64Array): void {
    const n = targets.length;
    this.#size = n;
    this.#ids = targets.map((t) => t.id);
    this.#weights = Int32Array.from(targets, (t) => t.weight);
    this.#active = active;
    this.#draws.update(targets);
  }
}
