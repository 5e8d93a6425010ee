/**
 * Textbook weighted Maglev fill (NSDI'16 Pseudocode 1 with weighted turns), written for clarity:
 * the permutation is recomputed as `(offset + skip · next) mod M` at every probe, claimers are
 * collected into arrays each round, and the table holds target indices (-1 for none).
 */
import { hashId } from '../../../src/balancer/id-hash.js';
import { MAGLEV_OFFSET_SEED, MAGLEV_SKIP_SEED } from '../../../src/balancer/maglev.js';
import type { PickerTarget } from '../../../src/balancer/picker.js';

interface Entry {
  index: number;
  weight: number;
  offset: number;
  skip: number;
  next: number;
  count: number;
}

/** The table of `m` slots: slot → target index. */
export function referenceMaglevTable(targets: readonly PickerTarget[], m: number): Int32Array {
  const entries: Entry[] = targets
    .map((t, index) => ({
      index,
      id: t.id,
      weight: t.weight,
      offset: hashId(t.id, MAGLEV_OFFSET_SEED) % m,
      skip: (hashId(t.id, MAGLEV_SKIP_SEED) % (m - 1)) + 1,
      next: 0,
      count: 0,
    }))
    .filter((e) => e.weight > 0)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const table = new Int32Array(m).fill(-1);
  if (entries.length === 0) return table;
  const maxW = Math.max(...entries.map((e) => e.weight));
  let filled = 0;
  for (let round = 1; filled < m; round++) {
    // A target's c-th claim (c from 0) is due at round (c + 1/2) · maxW / weight.
    let claimers = entries.filter((e) => (e.count + 0.5) * maxW <= round * e.weight);
    if (claimers.length > m - filled) {
      const rank = new Map(entries.map((e, i) => [e, i]));
      claimers = [...claimers]
        .sort(
          (a, b) =>
            (2 * a.count + 1) * b.weight - (2 * b.count + 1) * a.weight ||
            rank.get(a)! - rank.get(b)!,
        )
        .slice(0, m - filled);
    }
    for (const e of claimers) {
      let slot: number;
      do {
        slot = (e.offset + e.skip * e.next) % m;
        e.next++;
      } while (table[slot] !== -1);
      table[slot] = e.index;
      e.count++;
      filled++;
    }
  }
  return table;
}

/** The slot of a key: exactly ⌊hash · m / 2^32⌋, in BigInt arithmetic. */
export function referenceSlot(hash: number, m: number): number {
  return Number((BigInt(hash >>> 0) * BigInt(m)) >> 32n);
}

/**
 * The slots a fresh `MaglevPicker` holds: the textbook table when some weight is > 0, else one
 * empty slot.
 */
export function referenceMaglevSlots(targets: readonly PickerTarget[], m: number): Int32Array {
  return targets.some((t) => t.weight > 0) ? referenceMaglevTable(targets, m) : Int32Array.of(-1);
}
