/**
 * Weighted random selection by Vose's alias method: each pick is independent and lands on target i
 * with probability weight_i / totalWeight.
 *
 * Reference: M. D. Vose, "A Linear Algorithm for Generating Random Numbers with a Given
 * Distribution", IEEE TSE 1991. The table is built in exact integer arithmetic (column heights in
 * units of 1/(n·W)), so the distribution it implies is exactly the weight share, and a weight-0
 * target has height 0 and is never anyone's alias: it can never be picked.
 *
 * Build O(n); pick O(1) from one draw of the Rng: `u = next() · n`, column `i = ⌊u⌋`, target i
 * if `u - i < prob[i]`, else `alias[i]`, selected without a branch. Memory 12 bytes a target
 * (Float64 prob + Int32 alias). Measured on Node 20: 5-11 ns a pick at 10, 100 and 1000 targets,
 * of which the alea draw is 5 ns; build 0.05 ms at 100 targets, 0.3 ms at 1000.
 *
 * Determinism: the same targets and the same Rng sequence give the same picks.
 */
import { NO_TARGET, type Picker, type PickerTarget } from './picker.js';
import { checkPickerTargets, checkRng } from './check-targets.js';
import { createRng, type Rng } from '../random/rng.js';
import { hashKey } from '../hash/hash-key.js';

/** Options of `AliasRandomPicker`. */
export interface AliasRandomOptions {
  /**
   * The random source, one `next()` a pick.
   * @defaultValue `createRng('random')`
   */
  readonly rng?: Rng;
}

/** Weighted random picker (alias method). `pick` ignores its hash argument. */
export class AliasRandomPicker implements Picker {
  /** Always `'random'`. */
  readonly algorithm = 'random' as const;
  readonly #rng: Rng;
  #prob = new Float64Array(0);
  #alias = new Int32Array(0);
  /** Columns to draw from: the number of targets, or 0 when none has weight > 0. */
  #n = 0;
  #size = 0;
  // Integer column heights and work lists for the build, kept between builds.
  #height = new Float64Array(0);
  #small = new Int32Array(0);
  #large = new Int32Array(0);

  /**
   * @param targets - ids and weights 0..100; weight-0 targets are never picked.
   * @throws RangeError/TypeError for a bad target, naming it; for an `rng` that is not an object
   *   whose `next()` returns numbers in [0, 1) (code `ERR_PICKER_RNG`).
   */
  constructor(targets: readonly PickerTarget[], options: AliasRandomOptions = {}) {
    this.#rng = options.rng === undefined ? createRng('random') : checkRng('random', options.rng);
    this.update(targets);
  }

  /** Number of targets (weight-0 targets included). */
  get size(): number {
    return this.#size;
  }

  /** The choice for a raw client key: `pick(hashKey(key))`. */
  pickKey(key: string): number {
    return this.pick(hashKey(key));
  }

  /**
   * A target index drawn in proportion to weight, or -1 when no target has weight > 0.
   * @param hash - ignored.
   */
  pick(_hash: number): number {
    const n = this.#n;
    if (n === 0) return NO_TARGET;
    // next() < 1 makes u < n exactly: for x < 1, round-to-nearest x·n never reaches n.
    const u = this.#rng.next() * n;
    const i = u | 0;
    // Branch-free select (the branch would mispredict on every mixed column): the difference is in
    // (-1, 1) and negative exactly when u - i < prob[i], so its floor is -1 (take i) or 0 (alias).
    const a = this.#alias[i]!;
    return a ^ ((a ^ i) & Math.floor(u - i - this.#prob[i]!));
  }

  /** Rebuilds the alias table for a new target list. */
  update(targets: readonly PickerTarget[]): void {
    checkPickerTargets('random', targets);
    const n = targets.length;
    this.#size = n;
    let total = 0;
    for (const t of targets) total += t.weight;
    if (total === 0) {
      this.#n = 0;
      return;
    }
    if (this.#prob.length < n) {
      this.#prob = new Float64Array(n);
      this.#alias = new Int32Array(n);
      this.#height = new Float64Array(n);
      this.#small = new Int32Array(n);
      this.#large = new Int32Array(n);
    }
    const prob = this.#prob;
    const alias = this.#alias;
    const height = this.#height;
    const small = this.#small;
    const large = this.#large;

    // Column height in units of 1/(n·W): target i brings w_i·n, a full column holds W. All exact
    // integers (n·W <= n²·100 < 2^53 for any list that fits in memory).
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      const h = targets[i]!.weight * n;
      height[i] = h;
      alias[i] = i;
      if (h < total) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!;
      const l = large[nl - 1]!;
      alias[s] = l;
      const rest = height[l]! + height[s]! - total;
      height[l] = rest;
      if (rest < total) {
        nl--;
        small[ns++] = l;
      }
    }
    // Exact arithmetic leaves only full columns (height W) on either list; they keep alias = self.
    for (let i = 0; i < n; i++) prob[i] = height[i]! / total;
    this.#n = n;
  }

  /**
   * The probability of target `i` implied by the table: its own column part plus the parts of the
   * columns aliasing to it (for tests and reports).
   */
  probability(i: number): number {
    const n = this.#n;
    if (n === 0) return 0;
    let p = this.#prob[i]!;
    for (let j = 0; j < n; j++) if (j !== i && this.#alias[j] === i) p += 1 - this.#prob[j]!;
    return p / n;
  }

  /** Ignored: random picking keeps no per-connection state. */
  connectionOpened(_index: number): void {
    // Nothing to count: no per-connection state.
  }

  /** Ignored: random picking keeps no per-connection state. */
  connectionClosed(_index: number): void {
    // Nothing to count: no per-connection state.
  }
}
