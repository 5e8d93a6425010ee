/**
 * Updates of the consistent-hashing pickers: after any sequence of weight changes, removals,
 * additions and reorderings, an updated picker holds exactly the table (Maglev) or ring
 * (ring-hash) a fresh build over the same list holds, and answers every key the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaglevPicker } from '../../src/balancer/maglev.js';
import type { PickerTarget } from '../../src/balancer/picker.js';
import { RingHashPicker } from '../../src/balancer/ring-hash.js';
import {
  buildIndex,
  insertPoints,
  RANK_SCALE,
  removePoints,
  shiftIndex,
} from '../../src/balancer/ring-edit.js';
import { keys } from './reference-consistent/keys.js';
import { apply, stepLists, targetLists } from './update-steps.js';

const initial = targetLists(14);
const steps = stepLists(12);

function expectSameArray(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  let first = -1;
  for (let i = 0; i < actual.length && first < 0; i++) if (actual[i] !== expected[i]) first = i;
  expect(first).toBe(-1);
}

const sample = keys(300);

describe('consistent-hashing updates equal fresh builds', () => {
  it('ring-hash: ring, index and picks, for all lists and change sequences', () => {
    fc.assert(
      fc.property(
        initial,
        steps,
        fc.integer({ min: 1, max: 6 }),
        fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 12 })),
        (start, changes, pointsPerWeight, bucketBits) => {
          const options = { pointsPerWeight, bucketBits };
          let list: PickerTarget[] = start;
          const picker = new RingHashPicker(list, options);
          for (const step of changes) {
            list = apply(list, step);
            picker.update(list);
            const fresh = new RingHashPicker(list, options);
            expectSameArray(picker.points(), fresh.points());
            expectSameArray(picker.owners(), fresh.owners());
            expect(picker.bucketCount).toBe(fresh.bucketCount);
            for (const k of sample) expect(picker.pick(k)).toBe(fresh.pick(k));
            // Points on the ring and their neighbours exercise the index at its edges.
            for (const p of fresh.points().subarray(0, 40)) {
              expect(picker.pick(p)).toBe(fresh.pick(p));
              expect(picker.pick(p + 1)).toBe(fresh.pick(p + 1));
            }
          }
        },
      ),
      { seed: 7, numRuns: 100 },
    );
  });

  it('maglev: table and picks, for all lists and change sequences', () => {
    fc.assert(
      fc.property(
        initial,
        steps,
        fc.constantFrom(17, 101, 1009, undefined),
        (start, changes, tableSize) => {
          const options = tableSize === undefined ? {} : { tableSize };
          let list: PickerTarget[] = start;
          const picker = new MaglevPicker(list, options);
          for (const step of changes) {
            list = apply(list, step);
            picker.update(list);
            const fresh = new MaglevPicker(list, options);
            expect(picker.tableSize).toBe(fresh.tableSize);
            expectSameArray(picker.slots(), fresh.slots());
            for (const k of sample) expect(picker.pick(k)).toBe(fresh.pick(k));
          }
        },
      ),
      { seed: 7, numRuns: 40 },
    );
  });
});

/** A ring's entries as sorted `[point, owner]` pairs: by point, equal points by owner id. */
function referenceRing(entries: readonly (readonly [number, number])[], id: (o: number) => string) {
  return [...entries].sort((x, y) => x[0] - y[0] || (id(x[1]) < id(y[1]) ? -1 : 1));
}

describe('ring edits', () => {
  // Points drawn from a handful of values, so that equal points (and their id tie-break) abound.
  const entry = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 5 }));

  it('remove and insert points as a sort of the resulting multiset would order them', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.array(entry, { maxLength: 10 }),
        fc.shuffledSubarray(['a', 'b', 'c', 'd', 'e', 'f'], { minLength: 6, maxLength: 6 }),
        (start, removeAt, add, names) => {
          const id = (o: number): string => names[o]!;
          const ring = referenceRing(start, id);
          const removed = [...new Set(removeAt.map((i) => i % Math.max(1, ring.length)))]
            .filter((i) => i < ring.length)
            .map((i) => ring[i]!);
          const capacity = ring.length + add.length + 1;
          const points = new Uint32Array(capacity);
          const owners = new Int32Array(capacity);
          ring.forEach(([p, o], i) => {
            points[i] = p;
            owners[i] = o;
          });
          const removals = Float64Array.from(removed, ([p, o]) => p * RANK_SCALE + o).sort();
          let size = removePoints(
            points,
            owners,
            ring.length,
            removals,
            removals.length,
            new Int32Array(removals.length),
          );
          // Insertion tags are ranks among the inserting owners, in id order.
          const inserting = [...new Set(add.map(([, o]) => o))].sort((x, y) =>
            id(x) < id(y) ? -1 : 1,
          );
          const additions = Float64Array.from(
            add,
            ([p, o]) => p * RANK_SCALE + inserting.indexOf(o),
          ).sort();
          size = insertPoints(points, owners, size, additions, additions.length, inserting, names);

          const left = [...ring];
          for (const r of removed) left.splice(left.indexOf(r), 1);
          const expected = referenceRing([...left, ...add], id);
          expect(size).toBe(expected.length);
          expect(Array.from(points.subarray(0, size))).toEqual(expected.map(([p]) => p));
          expect(Array.from(owners.subarray(0, size))).toEqual(expected.map(([, o]) => o));
        },
      ),
      { seed: 7, numRuns: 400 },
    );
  });

  it('reports a point that is not on the ring and leaves the ring unchanged', () => {
    const points = Uint32Array.from([1, 2, 3]);
    const owners = Int32Array.from([0, 1, 0]);
    const removals = Float64Array.from([2 * RANK_SCALE + 0]);
    expect(removePoints(points, owners, 3, removals, 1, new Int32Array(1))).toBe(-1);
    expect(Array.from(owners)).toEqual([0, 1, 0]);
  });

  it('shifts an index to what a fresh index of the edited points gives', () => {
    const sortedPoints = fc
      .array(fc.nat({ max: 0xffffffff }), { maxLength: 40 })
      .map((ps) => Uint32Array.from(ps).sort());
    fc.assert(
      fc.property(
        sortedPoints,
        sortedPoints,
        sortedPoints,
        fc.integer({ min: 1, max: 8 }),
        (kept, gone, added, k) => {
          const buckets = 2 ** k;
          const shift = 32 - k;
          const index = (ps: Uint32Array): Uint32Array => {
            const out = new Uint32Array(buckets + 1);
            buildIndex(ps, ps.length, out, shift, buckets);
            return out;
          };
          const before = Uint32Array.from([...kept, ...gone]).sort();
          const after = Uint32Array.from([...kept, ...added]).sort();
          const shifted = index(before);
          const pack = (ps: Uint32Array) => Float64Array.from(ps, (p) => p * RANK_SCALE);
          shiftIndex(shifted, shift, buckets, pack(gone), gone.length, pack(added), added.length);
          expect(Array.from(shifted)).toEqual(Array.from(index(after)));
          // The index itself: bucket b starts at the first point at or above b · 2^shift.
          for (let b = 0; b <= buckets; b++) {
            const first = after.findIndex((p) => p >= b * 2 ** shift);
            expect(shifted[b]).toBe(first < 0 ? after.length : first);
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
