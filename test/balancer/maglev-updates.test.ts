/**
 * Maglev's fill and updates: the fill (probing, then the free list for the last cells) gives the
 * textbook table for all target lists and table sizes; after any sequence of weight changes,
 * removals, additions and reorderings an updated picker, bare or with bounded loads, holds the
 * table a fresh build and the textbook fill give and picks as a fresh picker with the same open
 * connections; and a weight change moves little more than the share it must move.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedLoadPicker } from '../../src/balancer/bounded-load.js';
import { MaglevPicker } from '../../src/balancer/maglev.js';
import { inverseMod, tailCells } from '../../src/balancer/maglev-fill.js';
import type { PickerTarget } from '../../src/balancer/picker.js';
import { keys } from './reference-consistent/keys.js';
import { referenceMaglevSlots } from './reference-consistent/maglev-reference.js';
import { apply, stepLists, targetLists } from './update-steps.js';

const lists = targetLists;
const steps = stepLists(10);

/** The first index where two tables differ, or -1. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const sample = keys(200);

describe('Maglev fill', () => {
  it('gives the textbook table whether the last cells are probed or found on the free list', () => {
    // Small primes with many targets put the switch inside the last, partial round; large ones
    // with few targets run the free list over many rounds.
    fc.assert(
      fc.property(
        lists(40),
        fc.constantFrom(5, 7, 41, 101, 257, 1009, 4099, 10007),
        (targets, tableSize) => {
          fc.pre(tableSize > targets.length);
          const picker = new MaglevPicker(targets, { tableSize });
          expect(firstDifference(picker.slots(), referenceMaglevSlots(targets, tableSize))).toBe(
            -1,
          );
        },
      ),
      { seed: 11, numRuns: 150 },
    );
  });

  it('switches to the free list at about ½√M free cells', () => {
    expect(tailCells(65537)).toBe(128);
    expect(tailCells(5)).toBe(1);
  });

  it('inverts every step modulo a prime', () => {
    for (const m of [2, 3, 13, 101, 65537]) {
      for (let a = 1; a < Math.min(m, 400); a++) expect((a * inverseMod(a, m)) % m).toBe(1);
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16777212 }), (a) => {
        const m = 16777213;
        expect(Number((BigInt(a) * BigInt(inverseMod(a, m))) % BigInt(m))).toBe(1);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('Maglev updates equal fresh builds', () => {
  it('for all lists, change sequences and table sizes, with and without bounded loads', () => {
    fc.assert(
      fc.property(
        lists(14),
        steps,
        fc.constantFrom(17, 101, 1009),
        fc.oneof(fc.constant(undefined), fc.constantFrom(1.1, 1.5, 3)),
        (start, changes, tableSize, c) => {
          let list = start;
          const inner = new MaglevPicker(list, { tableSize });
          const picker = c === undefined ? inner : new BoundedLoadPicker(inner, list, c);
          for (const step of changes) {
            // Open a few connections, so that bounded loads carry counts across the update.
            for (const k of sample.subarray(0, 20)) {
              const t = picker.pick(k);
              if (t >= 0) picker.connectionOpened(t);
            }
            list = apply(list, step);
            picker.update(list);
            expect(firstDifference(inner.slots(), referenceMaglevSlots(list, tableSize))).toBe(-1);
            const freshInner = new MaglevPicker(list, { tableSize });
            expect(firstDifference(inner.slots(), freshInner.slots())).toBe(-1);
            let fresh: MaglevPicker | BoundedLoadPicker = freshInner;
            if (picker instanceof BoundedLoadPicker && c !== undefined) {
              const bounded = new BoundedLoadPicker(freshInner, list, c);
              list.forEach((_, i) => {
                for (let n = picker.inFlight(i); n > 0; n--) bounded.connectionOpened(i);
              });
              fresh = bounded;
            }
            for (const k of sample) expect(picker.pick(k)).toBe(fresh.pick(k));
          }
        },
      ),
      { seed: 11, numRuns: 80 },
    );
  });
});

describe('Maglev disruption', () => {
  it('moves at most 1.6× the cells a weight change must move, plus 0.2% of the table', () => {
    // The share that must move is half the total variation between the old and new weight shares.
    const m = 65537;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 0, max: 100 }),
        (ws, at, weight) => {
          const before = ws.map((w, i) => ({ id: `t${i}`, weight: w }));
          const j = at % ws.length;
          const after = before.map((t, i) => (i === j ? { id: t.id, weight } : t));
          const a = new MaglevPicker(before, { tableSize: m }).slots();
          const b = new MaglevPicker(after, { tableSize: m }).slots();
          let moved = 0;
          for (let s = 0; s < m; s++) if (a[s] !== b[s]) moved++;
          const total = (ts: readonly PickerTarget[]) => ts.reduce((s, t) => s + t.weight, 0);
          let variation = 0;
          before.forEach((t, i) => {
            variation += Math.abs(t.weight / total(before) - after[i]!.weight / total(after));
          });
          const required = (variation / 2) * m;
          expect(moved).toBeGreaterThanOrEqual(Math.floor(required - 2 * ws.length));
          expect(moved).toBeLessThanOrEqual(1.6 * required + m / 500);
        },
      ),
      { seed: 11, numRuns: 40 },
    );
  });
});
