/**
 * The textbook nginx smooth weighted round robin (`ngx_http_upstream_get_peer`), O(n) per pick:
 * add every weight to its current weight, take the largest (ties to the earlier peer), subtract
 * the total. Weight-0 peers are skipped as nginx skips `down` peers. Reference for tests only.
 */
export class SmoothWrrReference {
  readonly #weights: readonly number[];
  readonly #current: number[];
  readonly #total: number;

  constructor(weights: readonly number[]) {
    this.#weights = weights;
    this.#current = weights.map(() => 0);
    this.#total = weights.reduce((a, b) => a + b, 0);
  }

  /** The next peer index, or -1 when no weight is positive. */
  next(): number {
    let best = -1;
    for (let i = 0; i < this.#weights.length; i++) {
      const w = this.#weights[i]!;
      if (w === 0) continue;
      this.#current[i]! += w;
      if (best === -1 || this.#current[i]! > this.#current[best]!) best = i;
    }
    if (best !== -1) this.#current[best]! -= this.#total;
    return best;
  }
}
