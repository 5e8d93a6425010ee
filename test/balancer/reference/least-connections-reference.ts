/**
 * Weighted least connections by an O(n) scan, the tie-break spelt out: the minimal active/weight
 * ratio among weight > 0 targets, then the first target with that ratio at or after the cursor
 * (wrapping), and the cursor moves to just after it; or, with `first`, the lowest index.
 * Reference for tests only.
 */
export class LeastConnectionsReference {
  weights: number[];
  active: number[];
  cursor = 0;
  readonly rotate: boolean;

  constructor(weights: readonly number[], rotate = true) {
    this.weights = [...weights];
    this.active = weights.map(() => 0);
    this.rotate = rotate;
  }

  pick(): number {
    const n = this.weights.length;
    let min = -1;
    for (let i = 0; i < n; i++) {
      if (this.weights[i] === 0) continue;
      // Ratios as exact fractions: compare by cross-multiplication.
      if (min === -1 || this.ratioLess(i, min)) min = i;
    }
    if (min === -1) return -1;
    if (!this.rotate) return min;
    for (let k = 0; k < n; k++) {
      const i = (this.cursor + k) % n;
      if (this.weights[i] !== 0 && !this.ratioLess(min, i)) {
        this.cursor = (i + 1) % n;
        return i;
      }
    }
    throw new Error('unreachable');
  }

  open(i: number): void {
    this.active[i]!++;
  }

  close(i: number): void {
    if (this.active[i]! > 0) this.active[i]!--;
  }

  private ratioLess(i: number, j: number): boolean {
    return this.active[i]! * this.weights[j]! < this.active[j]! * this.weights[i]!;
  }
}
