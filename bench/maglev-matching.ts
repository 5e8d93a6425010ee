/**
 * An experiment, not a picker: could a Maglev-like table be updated exactly at a cost in
 * proportion to the change? `npx tsx bench/maglev-matching.ts [--m 524287] [--targets 100]
 * [--changes 12]`.
 *
 * `maglev.ts` fills its table in weighted turns, each claim taking its claimer's next free cell,
 * so a claim's cell depends on every claim before it and one weight change moves most later
 * claims (`maglev-churn.ts`). Here every target walks its Maglev permutation at the same pace,
 * position by position, and stops at its quota (`M·w/W`, largest remainders): ranking the pairs
 * (target, cell) by (position of the cell in the target's permutation, target) makes the table the
 * unique stable matching of targets (capacity = quota) and cells, whatever the order of the work.
 * A quota that shrinks is then a continuation of the cells-propose algorithm (the target drops its
 * last cells, each goes to the best target that prefers it to its own last), a quota that grows a
 * continuation of the targets-propose one (the target walks on, displacing worse-ranked owners):
 * exact, checked here against a fresh fill after every change.
 *
 * What it prints per random weight change: cells that changed target, the fewest that must, the
 * update's steps (permutation positions visited, and candidates compared), and its time next to
 * the fresh fill's. The finding: exact, and moving 1.3-2× the cells that must move, but each
 * displaced cell walks far — late in a walk few cells are claimable, about M/F positions apart —
 * so an update takes 0.5-6 M steps at 100 targets (M 524287), no better than the fill.
 */
import { createRng } from '../src/random/rng.js';
import { flag } from './flags.js';

const option = (name: string, fallback: number): number => Number(flag(name) ?? fallback);
const M = option('--m', 524287); // prime
const N = option('--targets', 100);
const CHANGES = option('--changes', 12);

const rng = createRng('maglev-matching');
const offset = Float64Array.from({ length: N }, () => Math.floor(rng.next() * M));
const skip = Float64Array.from({ length: N }, () => 1 + Math.floor(rng.next() * (M - 1)));
const inverse = skip.map((s) => inverseMod(s, M));

function inverseMod(a: number, m: number): number {
  let [r0, r1, t0, t1] = [m, a, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1, t0, t1] = [r1, r0 - q * r1, t1, t0 - q * t1];
  }
  return t0 < 0 ? t0 + m : t0;
}

/** Target t's cell at permutation position p, and the position of cell c for target t. */
const cellAt = (t: number, p: number): number => (offset[t]! + p * skip[t]!) % M;
const positionOf = (t: number, c: number): number => (((c - offset[t]! + M) % M) * inverse[t]!) % M;

/** Quotas summing to M: M·w/W rounded down, the rest by largest remainder (ties: lower index). */
function quotas(weights: readonly number[]): Int32Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const q = Int32Array.from(weights, (w) => Math.floor((w * M) / total));
  let rest = M - q.reduce((a, b) => a + b, 0);
  const order = weights
    .map((w, i) => [(w * M) / total - q[i]!, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) if (rest-- > 0) q[i]!++;
  return q;
}

interface Table {
  readonly owner: Int32Array; // cell → target, -1 free
  readonly rank: Int32Array; // cell → its position in its owner's permutation
  readonly count: Int32Array; // target → cells owned
  readonly next: Int32Array; // target → 1 + position of its last cell
}

/** The fresh fill: positions in step, each target in index order, until every quota is met. */
function fill(q: Int32Array): Table {
  const t: Table = {
    owner: new Int32Array(M).fill(-1),
    rank: new Int32Array(M),
    count: new Int32Array(N),
    next: new Int32Array(N),
  };
  let active = [...Array(N).keys()].filter((i) => q[i]! > 0);
  for (let p = 0; active.length > 0; p++) {
    for (const i of active) {
      const c = cellAt(i, p);
      if (t.owner[c]! < 0) [t.owner[c], t.rank[c], t.next[i]] = [i, p, p + 1];
      if (t.owner[c] === i) t.count[i]!++;
    }
    active = active.filter((i) => t.count[i]! < q[i]!);
  }
  return t;
}

/** Updates `t` to the quotas `q`; returns the steps taken. */
function update(t: Table, q: Int32Array): number {
  let steps = 0;
  const capacity = Int32Array.from(q, (x, i) => Math.min(x, t.count[i]!));
  const dropLast = (i: number): number => {
    let p = t.next[i]! - 1;
    while (t.owner[cellAt(i, p)] !== i) [p, steps] = [p - 1, steps + 1];
    const c = cellAt(i, p);
    t.owner[c] = -1;
    t.count[i]!--;
    do [p, steps] = [p - 1, steps + 1];
    while (p >= 0 && t.owner[cellAt(i, p)] !== i);
    t.next[i] = p + 1;
    return c;
  };
  // Shrinking quotas: cells propose, each to the best target that prefers it to its last cell.
  for (let i = 0; i < N; i++) {
    while (t.count[i]! > capacity[i]!) {
      for (let c = dropLast(i); ;) {
        let best = -1;
        let bestPosition = Infinity;
        for (let j = 0; j < N; j++, steps++) {
          const p = positionOf(j, c);
          if (capacity[j]! > 0 && p < t.next[j]! - 1 && p < bestPosition)
            [best, bestPosition] = [j, p];
        }
        if (best < 0) break;
        [t.owner[c], t.rank[c]] = [best, bestPosition];
        t.count[best]!++;
        c = dropLast(best);
      }
    }
  }
  // Growing quotas: targets walk on, taking free cells and worse-ranked owners' cells.
  const walking = [...Array(N).keys()].filter((i) => t.count[i]! < q[i]!);
  while (walking.length > 0) {
    const i = walking.pop()!;
    while (t.count[i]! < q[i]!) {
      const p = t.next[i]!++;
      steps++;
      const c = cellAt(i, p);
      const o = t.owner[c]!;
      if (o >= 0 && (t.rank[c]! < p || (t.rank[c] === p && o < i))) continue;
      [t.owner[c], t.rank[c]] = [i, p];
      t.count[i]!++;
      if (o >= 0) {
        t.count[o]!--;
        walking.push(o);
      }
    }
  }
  return steps;
}

let weights = Array.from({ length: N }, () => 1 + Math.floor(rng.next() * 100));
let q = quotas(weights);
let t0 = performance.now();
let table = fill(q);
console.log(`M ${M}, ${N} targets: fresh fill ${(performance.now() - t0).toFixed(0)} ms`);
for (let k = 0; k < CHANGES; k++) {
  const i = Math.floor(rng.next() * N);
  const changed = weights.slice();
  changed[i] = 1 + Math.floor(rng.next() * 100);
  const next = quotas(changed);
  const before = table.owner.slice();
  t0 = performance.now();
  const steps = update(table, next);
  const updateMs = performance.now() - t0;
  t0 = performance.now();
  const fresh = fill(next);
  const fillMs = performance.now() - t0;
  let moved = 0;
  for (let c = 0; c < M; c++) {
    if (fresh.owner[c] !== table.owner[c]) throw new Error('update differs from a fresh fill');
    if (before[c] !== table.owner[c]) moved++;
  }
  let must = 0;
  for (let j = 0; j < N; j++) must += Math.max(0, next[j]! - q[j]!);
  console.log(
    `weight ${weights[i]} → ${changed[i]}: ${moved} cells moved (${must} must), ${steps} steps, ` +
      `update ${updateMs.toFixed(0)} ms, fresh fill ${fillMs.toFixed(0)} ms`,
  );
  [weights, q, table] = [changed, next, fresh];
}
