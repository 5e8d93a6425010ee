/**
 * Envoy's least request spelt out with plain arrays and O(n) scans: equal positive weights → the
 * fewest active of `choiceCount` uniform draws (a later draw wins only when strictly lower);
 * otherwise an EDF schedule whose entries are found by scanning for the (deadline, sequence)
 * minimum, the picked entry re-added at `deadline + (active + 1)^bias / weight`.
 * Reference for tests only.
 */
import type { Rng } from '../../../src/random/rng.js';

export class LeastRequestReference {
  weights: number[] = [];
  active = new Map<string, number>();
  ids: string[] = [];
  entries: { target: number; deadline: number; sequence: number }[] = [];
  sequence = 0;

  constructor(
    targets: readonly { id: string; weight: number }[],
    readonly rng: Rng,
    readonly bias: number,
    readonly choices: number,
  ) {
    this.update(targets);
  }

  members(): number[] {
    return this.weights.flatMap((w, i) => (w > 0 ? [i] : []));
  }

  activeOf(i: number): number {
    return this.active.get(this.ids[i]!) ?? 0;
  }

  period(i: number): number {
    return Math.pow(this.activeOf(i) + 1, this.bias) / this.weights[i]!;
  }

  update(targets: readonly { id: string; weight: number }[]): void {
    const kept = new Map<string, number>();
    for (const t of targets) kept.set(t.id, this.active.get(t.id) ?? 0);
    this.active = kept;
    this.ids = targets.map((t) => t.id);
    this.weights = targets.map((t) => t.weight);
    this.entries = this.members().map((target, k) => ({
      target,
      deadline: this.period(target),
      sequence: k,
    }));
    this.sequence = this.entries.length;
  }

  weighted(): boolean {
    return new Set(this.members().map((i) => this.weights[i])).size > 1;
  }

  pick(): number {
    const members = this.members();
    if (members.length === 0) return -1;
    if (!this.weighted()) {
      let best = -1;
      for (let c = 0; c < this.choices; c++) {
        const drawn = members[Math.floor(this.rng.next() * members.length)]!;
        if (best === -1 || this.activeOf(drawn) < this.activeOf(best)) best = drawn;
      }
      return best;
    }
    let top = this.entries[0]!;
    for (const e of this.entries) {
      if (e.deadline < top.deadline || (e.deadline === top.deadline && e.sequence < top.sequence)) {
        top = e;
      }
    }
    top.deadline += this.period(top.target);
    top.sequence = this.sequence++;
    return top.target;
  }

  open(i: number): void {
    this.active.set(this.ids[i]!, this.activeOf(i) + 1);
  }

  close(i: number): void {
    if (this.activeOf(i) > 0) this.active.set(this.ids[i]!, this.activeOf(i) - 1);
  }
}
