import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashId, hashIdReplica } from '../../src/balancer/id-hash.js';
import { NO_TARGET, type PickerTarget } from '../../src/balancer/picker.js';
import {
  DEFAULT_POINTS_PER_WEIGHT,
  MAX_BUCKET_BITS,
  RING_HASH_SEED,
  RingHashPicker,
} from '../../src/balancer/ring-hash.js';
import { equalTargets, keyOf, keys } from './reference-consistent/keys.js';
import {
  referenceRingPick,
  referenceRingPoints,
  referenceSortedPick,
} from './reference-consistent/ring-reference.js';

const targetLists = (maxLength: number) =>
  fc
    .uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 6 }),
        weight: fc.integer({ min: 0, max: 100 }),
      }),
      { minLength: 1, maxLength, selector: (t) => t.id },
    )
    .map((ts): PickerTarget[] => ts);

/** Each target's exact share of the circle: the arcs ending at its points. */
function arcShares(picker: RingHashPicker): number[] {
  const points = picker.points();
  const owners = picker.owners();
  const shares = new Array<number>(picker.size).fill(0);
  for (let i = 0; i < points.length; i++) {
    const from = i === 0 ? points[points.length - 1]! - 2 ** 32 : points[i - 1]!;
    shares[owners[i]!]! += (points[i]! - from) / 2 ** 32;
  }
  return shares;
}

describe('RingHashPicker', () => {
  it('answers what a linear scan of the unsorted points answers, for all target lists and keys', () => {
    fc.assert(
      fc.property(
        targetLists(6),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.oneof(fc.nat({ max: 0xffffffff }), fc.constant(0xffffffff), fc.constant(0)), {
          minLength: 1,
          maxLength: 20,
        }),
        (targets, pointsPerWeight, hashes) => {
          const picker = new RingHashPicker(targets, { pointsPerWeight });
          const points = referenceRingPoints(targets, pointsPerWeight, RING_HASH_SEED);
          for (const h of hashes) {
            expect(picker.pick(h)).toBe(referenceRingPick(targets, points, h));
            // A key exactly on a point belongs to that point's owner.
            const p = points[h % Math.max(1, points.length)];
            if (p !== undefined)
              expect(picker.pick(p.point)).toBe(referenceRingPick(targets, points, p.point));
          }
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });

  it('answers with its bucket index exactly what a plain search answers, for every index size', () => {
    // Keys where an index can go wrong: 0, 2^32 - 1, on, just before and just after each point,
    // and on and just before bucket boundaries (of this picker's index and of other sizes).
    const edgeKeys = (picker: RingHashPicker, random: readonly number[], ks: readonly number[]) => {
      const out = [0, 0xffffffff, ...random];
      const kOwn = Math.log2(picker.bucketCount);
      for (const [i, r] of random.entries()) {
        const k = i % 2 === 0 ? kOwn : ks[i % ks.length]!;
        const boundary = (r >>> (32 - k)) * 2 ** (32 - k);
        out.push(boundary, (boundary - 1) >>> 0);
      }
      return out;
    };
    fc.assert(
      fc.property(
        targetLists(6),
        targetLists(6),
        fc.integer({ min: 1, max: 4 }),
        // Default index, a few large buckets (binary-searched), or any size.
        fc.oneof(
          fc.constant(undefined),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: MAX_BUCKET_BITS }),
        ),
        fc.array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 12 }),
        (first, second, pointsPerWeight, bucketBits, random) => {
          const picker = new RingHashPicker(first, { pointsPerWeight, bucketBits });
          // Built twice: the second build reuses (or outgrows) the first one's buffers.
          for (const targets of [first, second]) {
            if (targets === second) picker.update(second);
            const points = picker.points();
            const owners = picker.owners();
            const unsorted = referenceRingPoints(targets, pointsPerWeight, RING_HASH_SEED);
            const ks = [1, 2, 3, 8, 12, 16, MAX_BUCKET_BITS];
            // The sorted reference is checked against the linear scan on a sample of keys.
            for (const h of edgeKeys(picker, random, ks)) {
              const expected = referenceSortedPick(points, owners, h);
              expect(picker.pick(h)).toBe(expected);
              expect(expected).toBe(referenceRingPick(targets, unsorted, h));
            }
            for (const p of points) {
              for (const h of [p, (p - 1) >>> 0, (p + 1) >>> 0]) {
                expect(picker.pick(h)).toBe(referenceSortedPick(points, owners, h));
              }
            }
          }
        },
      ),
      { seed: 42, numRuns: 120 },
    );
  });

  it('matches a plain binary search on a large ring with hash collisions', () => {
    // 500 × 100 × 16 = 800k points in 2^20 buckets, with about 75 pairs of equal points.
    const targets = Array.from({ length: 500 }, (_, i) => ({ id: `s${i}`, weight: 100 }));
    const picker = new RingHashPicker(targets);
    expect(picker.bucketCount).toBe(2 ** 20);
    const points = picker.points();
    const owners = picker.owners();
    for (const h of keys(50_000, 7)) {
      expect(picker.pick(h)).toBe(referenceSortedPick(points, owners, h));
    }
    for (let i = 0; i < points.length; i += 97) {
      const p = points[i]!;
      expect(picker.pick(p)).toBe(referenceSortedPick(points, owners, p));
      expect(picker.pick(p + 1)).toBe(referenceSortedPick(points, owners, p + 1));
    }
    for (const h of [0, 0xffffffff, points[0]!, points[points.length - 1]!]) {
      expect(picker.pick(h)).toBe(referenceSortedPick(points, owners, h));
    }
  });

  it('sizes its index to the power of two nearest the point count, or to bucketBits', () => {
    const equal = (n: number) => new RingHashPicker(equalTargets(n, 1), { pointsPerWeight: 1 });
    expect(equal(0).bucketCount).toBe(2);
    expect(equal(1).bucketCount).toBe(2);
    expect(equal(65).bucketCount).toBe(64);
    expect(equal(95).bucketCount).toBe(128);
    // Growing by one point reuses no buffer too small for the wrap entry and the sentinel.
    const growing = new RingHashPicker(equalTargets(1, 1), { pointsPerWeight: 1 });
    for (let n = 2; n <= 40; n++) {
      growing.update(equalTargets(n, 1));
      const points = growing.points();
      const owners = growing.owners();
      for (const h of [0, 0xffffffff, points[n - 1]!, points[n - 1]! + 1]) {
        expect(growing.pick(h)).toBe(referenceSortedPick(points, owners, h));
      }
    }
    const fixed = new RingHashPicker(equalTargets(10), { bucketBits: 3 });
    expect(fixed.bucketCount).toBe(8);
    fixed.update(equalTargets(100));
    expect(fixed.bucketCount).toBe(8);
    for (const bad of [0, 23, 2.5, NaN]) {
      expect(() => new RingHashPicker([], { bucketBits: bad })).toThrow(
        new RangeError(`ring-hash: bucketBits must be an integer in 1..22, got ${String(bad)}`),
      );
    }
  });

  it('hashes `${id}-${replica}` without building the string', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.nat({ max: 10_000_000 }),
        fc.integer(),
        (id, r, seed) => {
          expect(hashIdReplica(id, r, seed)).toBe(hashId(`${id}-${r}`, seed));
        },
      ),
      { seed: 42 },
    );
  });

  it('moves no other key when one of 10 equal targets is removed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.nat(), (removed, start) => {
        const before = equalTargets(10);
        const after = before.filter((_, i) => i !== removed);
        const a = new RingHashPicker(before);
        const b = new RingHashPicker(after);
        let moved = 0;
        for (const k of keys(2000, start)) {
          const id = before[a.pick(k)]!.id;
          if (id !== before[removed]!.id && after[b.pick(k)]!.id !== id) moved++;
        }
        expect(moved).toBe(0);
      }),
      { seed: 42, numRuns: 20 },
    );
  });

  it('moves keys only to a newly added target', () => {
    const before = equalTargets(10);
    const after = [...before, { id: 'new', weight: 10 }];
    const a = new RingHashPicker(before);
    const b = new RingHashPicker(after);
    let toNew = 0;
    for (const k of keys(50_000)) {
      const was = before[a.pick(k)]!.id;
      const now = after[b.pick(k)]!.id;
      if (now !== was) expect(now).toBe('new');
      if (now === 'new') toNew++;
    }
    // Its points are random: 1/11 within 4 sigma of a Beta(160, 1600) share (relative sd 7.9%).
    expect(Math.abs(toNew / 50_000 / (1 / 11) - 1)).toBeLessThan(4 * Math.sqrt((1 - 1 / 11) / 160));
  });

  it('gives shares within 4 sigma of the weight shares, sigma = sqrt((1 - p) / points) relative', () => {
    fc.assert(
      fc.property(targetLists(20), (targets) => {
        const picker = new RingHashPicker(targets);
        const total = targets.reduce((a, t) => a + t.weight, 0);
        const shares = arcShares(picker);
        targets.forEach((t, i) => {
          if (t.weight === 0) {
            expect(shares[i]).toBe(0);
            return;
          }
          const p = t.weight / total;
          const points = t.weight * DEFAULT_POINTS_PER_WEIGHT;
          if (p === 1) expect(shares[i]).toBeCloseTo(1, 12);
          else expect(Math.abs(shares[i]! / p - 1)).toBeLessThan(4 * Math.sqrt((1 - p) / points));
        });
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('picks keys in proportion to the arc shares (binomial 4 sigma)', () => {
    const targets: PickerTarget[] = [
      { id: 'a', weight: 10 },
      { id: 'b', weight: 30 },
      { id: 'c', weight: 0 },
      { id: 'd', weight: 60 },
    ];
    const picker = new RingHashPicker(targets);
    const shares = arcShares(picker);
    const n = 100_000;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[picker.pick(keyOf(i))]!++;
    expect(counts[2]).toBe(0);
    shares.forEach((p, i) => {
      expect(Math.abs(counts[i]! / n - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n));
    });
  });

  it('puts pointsPerWeight × weight points per target, none for weight 0, and answers -1 with none', () => {
    const picker = new RingHashPicker(
      [
        { id: 'a', weight: 10 },
        { id: 'b', weight: 0 },
        { id: 'c', weight: 3 },
      ],
      { pointsPerWeight: 5 },
    );
    expect(picker.pointCount).toBe(65);
    expect(picker.owners().filter((o) => o === 1)).toHaveLength(0);
    expect(new RingHashPicker([{ id: 'a', weight: 10 }]).pointCount).toBe(160);
    const none = new RingHashPicker([{ id: 'a', weight: 0 }]);
    const empty = new RingHashPicker([]);
    for (const k of [0, 1, 0xffffffff, ...keys(50)]) {
      expect(none.pick(k)).toBe(NO_TARGET);
      expect(empty.pick(k)).toBe(NO_TARGET);
    }
  });

  it('breaks ties between equal points by id order', () => {
    // 1.6M points hold a few hundred 32-bit collisions.
    const targets = Array.from({ length: 1000 }, (_, i) => ({ id: `s${999 - i}`, weight: 100 }));
    const picker = new RingHashPicker(targets);
    const points = picker.points();
    const owners = picker.owners();
    let ties = 0;
    for (let i = 1; i < points.length; i++) {
      if (points[i] !== points[i - 1]) continue;
      ties++;
      expect(targets[owners[i - 1]!]!.id < targets[owners[i]!]!.id).toBe(true);
      expect(picker.pick(points[i]!)).toBe(owners[i - 1]);
    }
    expect(ties).toBeGreaterThan(10);
  });

  it('is deterministic and independent of the order of the list; update rebuilds', () => {
    const targets = Array.from({ length: 20 }, (_, i) => ({
      id: `10.0.0.${i}:80`,
      weight: 1 + ((i * 37) % 100),
    }));
    const reversed = [...targets].reverse();
    const a = new RingHashPicker(targets);
    const c = new RingHashPicker(reversed);
    const ids = (p: RingHashPicker, list: readonly PickerTarget[]) =>
      Array.from(keys(3000), (k) => list[p.pick(k)]!.id);
    expect(ids(new RingHashPicker(targets), targets)).toEqual(ids(a, targets));
    expect(ids(c, reversed)).toEqual(ids(a, targets));
    c.update(targets.slice(0, 3));
    expect(c.size).toBe(3);
    expect(ids(c, targets)).toEqual(ids(new RingHashPicker(targets.slice(0, 3)), targets));
    c.update([]);
    expect(c.pick(5)).toBe(NO_TARGET);
  });

  it('rejects bad weights, duplicate ids and bad pointsPerWeight, naming the value', () => {
    for (const [weight, shown] of [
      [101, '101'],
      [-1, '-1'],
      [1.5, '1.5'],
      [NaN, 'NaN'],
    ] as const) {
      expect(
        () =>
          new RingHashPicker([
            { id: 'a', weight: 1 },
            { id: 'b', weight },
          ]),
      ).toThrow(
        new RangeError(
          `ring-hash: targets[1] ("b") weight must be an integer in 0..100, got ${shown}`,
        ),
      );
    }
    expect(
      () =>
        new RingHashPicker([
          { id: 'a', weight: 1 },
          { id: 'a', weight: 1 },
        ]),
    ).toThrow(/repeats id "a"/);
    expect(() => new RingHashPicker([], { pointsPerWeight: 0 })).toThrow(
      new RangeError('ring-hash: pointsPerWeight must be an integer in 1..10000, got 0'),
    );
    expect(() => new RingHashPicker([], { pointsPerWeight: 2.5 })).toThrow(/got 2\.5/);
    expect(() => new RingHashPicker(equalTargets(200, 100), { pointsPerWeight: 10_000 })).toThrow(
      /ring-hash: the ring would have 200000000 points/,
    );
  });
});
