/**
 * Vose's alias method over arbitrary non-negative float weights (Vose 1991): O(n) build, O(1)
 * sample from one uniform draw, 12 bytes per outcome. The simulator uses it for the traffic mix
 * (client popularity is sampled without a table: `zipf.ts`). Deterministic for a given Rng.
 */
import type { Rng } from './rng.js';

/** A sampler of indices 0..n-1 in proportion to the weights it was built from. */
export class AliasTable {
  readonly #prob: Float64Array;
  readonly #alias: Int32Array;
  readonly #n: number;

  /** @param weights - non-negative, finite, not all zero. */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new RangeError(`alias table: weights[${i}] must be a finite number >= 0, got ${w}`);
      }
      total += w;
    }
    if (!(total > 0)) throw new RangeError('alias table: at least one weight must be > 0');
    this.#n = n;
    const prob = new Float64Array(n);
    const alias = new Int32Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      prob[i] = (weights[i]! * n) / total;
      if (prob[i]! < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!;
      const l = large[nl - 1]!;
      alias[s] = l;
      const rest = prob[l]! + prob[s]! - 1;
      prob[l] = rest;
      if (rest < 1) {
        nl--;
        small[ns++] = l;
      }
    }
    // Leftovers are 1 up to rounding error.
    while (nl > 0) {
      const l = large[--nl]!;
      prob[l] = 1;
      alias[l] = l;
    }
    // Only rounding leaves columns here; a zero-weight one must still never be drawn.
    let positive = 0;
    while (!(weights[positive]! > 0)) positive++;
    while (ns > 0) {
      const s = small[--ns]!;
      prob[s] = weights[s]! > 0 ? 1 : 0;
      alias[s] = weights[s]! > 0 ? s : positive;
    }
    this.#prob = prob;
    this.#alias = alias;
  }

  /** Number of outcomes. */
  get size(): number {
    return this.#n;
  }

  /** An index drawn in proportion to its weight, from one draw of `rng`. */
  sample(rng: Rng): number {
    const u = rng.next() * this.#n;
    const i = u | 0;
    return u - i < this.#prob[i]! ? i : this.#alias[i]!;
  }

  /** The probability of outcome `i` implied by the table (for tests). */
  probability(i: number): number {
    let p = this.#prob[i]!;
    for (let j = 0; j < this.#n; j++) if (j !== i && this.#alias[j] === i) p += 1 - this.#prob[j]!;
    return p / this.#n;
  }
}
