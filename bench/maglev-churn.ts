/**
 * Why a Maglev weight change refills the whole table: for random weight changes at one size
 * (the same target lists as `update.bench.ts`), how many table cells get another target, against
 * the share that must move, and how many of the fill's claims take another cell than before.
 * Printed by `npx tsx bench/update.bench.ts --churn`.
 *
 * The fill here is the textbook one (NSDI'16 Pseudocode 1 with `maglev.ts`'s weighted turns),
 * recording which cell each claim takes; its table is checked against `MaglevPicker`'s.
 */
import { hashId } from '../src/balancer/id-hash.js';
import { MAGLEV_OFFSET_SEED, MAGLEV_SKIP_SEED, MaglevPicker } from '../src/balancer/maglev.js';
import type { PickerTarget } from '../src/balancer/picker.js';
import { createRng } from '../src/random/rng.js';

/** The table (cell → target index) and, per target index, the cells of its claims in order. */
function fillWithClaims(
  targets: readonly PickerTarget[],
  m: number,
): { table: Int32Array; claims: number[][] } {
  const order = targets
    .map((_, i) => i)
    .filter((i) => targets[i]!.weight > 0)
    .sort((a, b) => (targets[a]!.id < targets[b]!.id ? -1 : 1));
  const pos = order.map((i) => hashId(targets[i]!.id, MAGLEV_OFFSET_SEED) % m);
  const skip = order.map((i) => (hashId(targets[i]!.id, MAGLEV_SKIP_SEED) % (m - 1)) + 1);
  const claims: number[][] = targets.map(() => []);
  const table = new Int32Array(m).fill(-1);
  const maxW = Math.max(...order.map((i) => targets[i]!.weight));
  const due = (j: number, r: number) =>
    (2 * claims[order[j]!]!.length + 1) * maxW <= 2 * r * targets[order[j]!]!.weight;
  const deadline = (j: number) => (2 * claims[order[j]!]!.length + 1) / targets[order[j]!]!.weight;
  let filled = 0;
  for (let r = 1; filled < m; r++) {
    let claimers = order.map((_, j) => j).filter((j) => due(j, r));
    if (claimers.length > m - filled) {
      claimers = claimers.sort((a, b) => deadline(a) - deadline(b) || a - b).slice(0, m - filled);
    }
    for (const j of claimers) {
      let p = pos[j]!;
      while (table[p] !== -1) p = (p + skip[j]!) % m;
      table[p] = order[j]!;
      claims[order[j]!]!.push(p);
      pos[j] = (p + skip[j]!) % m;
      filled++;
    }
  }
  return { table, claims };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/** Markdown lines: cells and claims moved by `changes` random weight changes at `n` targets. */
export function maglevChurn(n: number, changes: number): string[] {
  const rng = createRng(`update-bench-${n}`);
  let targets: PickerTarget[] = Array.from({ length: n }, (_, i) => ({
    id: String(i),
    weight: 1 + Math.floor(rng.next() * 100),
  }));
  const moved: number[] = [];
  const required: number[] = [];
  const claimShare: number[] = [];
  let before = new MaglevPicker(targets);
  let old = fillWithClaims(targets, before.tableSize);
  for (let c = 0; c < changes; c++) {
    const j = Math.floor(rng.next() * n);
    const weight = 1 + ((targets[j]!.weight + Math.floor(rng.next() * 99)) % 100);
    const next = targets.map((t, i) => (i === j ? { id: t.id, weight } : t));
    const after = new MaglevPicker(next);
    const now = fillWithClaims(next, after.tableSize);
    const slots = after.slots();
    if (now.table.some((t, i) => t !== slots[i])) throw new Error('churn: fill differs');
    if (after.tableSize === before.tableSize) {
      const m = after.tableSize;
      moved.push(now.table.reduce((s, t, i) => s + (t === old.table[i] ? 0 : 1), 0));
      const total = (ts: readonly PickerTarget[]) => ts.reduce((s, t) => s + t.weight, 0);
      const tv = targets.reduce(
        (s, t, i) => s + Math.abs(t.weight / total(targets) - next[i]!.weight / total(next)),
        0,
      );
      required.push(Math.round((tv / 2) * m));
      let differ = 0;
      let compared = 0;
      for (let i = 0; i < n; i++) {
        const a = old.claims[i]!;
        const b = now.claims[i]!;
        compared += Math.max(a.length, b.length);
        for (let k = 0; k < Math.max(a.length, b.length); k++) if (a[k] !== b[k]) differ++;
      }
      claimShare.push(differ / compared);
    }
    targets = next;
    before = after;
    old = now;
  }
  const range = (xs: readonly number[], f: (x: number) => string) =>
    `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
  return [
    `Maglev churn at ${n} targets, ${moved.length} of ${changes} weight changes that kept M:`,
    '',
    '| cells moved | cells that must move | claims taking another cell |',
    '|---|---|---|',
    `| ${range(moved, String)} | ${range(required, String)} | ${range(claimShare, (x) => `${(100 * x).toFixed(0)}%`)} |`,
  ];
}
