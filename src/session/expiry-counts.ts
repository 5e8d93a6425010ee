/**
 * Sessions found expired, in all and per target: what both session tables (`session-table.ts`,
 * `dense-session-table.ts`) report as `expired` and `expiredFor`. O(1) per count; the per-target
 * array grows by doubling to cover the largest target seen.
 */

/** Expired sessions, in all and by target. */
export class ExpiryCounts {
  /** Expired sessions counted so far. */
  total = 0;
  #byTarget = new Uint32Array(16);

  /** Expired sessions of `target` so far. */
  of(target: number): number {
    return this.#byTarget[target] ?? 0;
  }

  /** Counts one expired session of `target`. */
  count(target: number): void {
    this.total++;
    if (target >= this.#byTarget.length) {
      const grown = new Uint32Array(Math.max(target + 1, 2 * this.#byTarget.length));
      grown.set(this.#byTarget);
      this.#byTarget = grown;
    }
    this.#byTarget[target]!++;
  }
}
