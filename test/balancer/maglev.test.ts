import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultTableSize,
  isPrime,
  MaglevPicker,
  MAX_TABLE_SIZE,
  MIN_DEFAULT_TABLE_SIZE,
  TABLE_SIZE_LADDER,
} from '../../src/balancer/maglev.js';
import { NO_TARGET, type PickerTarget } from '../../src/balancer/picker.js';
import { equalTargets, keys } from './reference-consistent/keys.js';
import { referenceMaglevTable, referenceSlot } from './reference-consistent/maglev-reference.js';

/** Random target lists: distinct ids, weights 0..100. */
const targetLists = (maxLength: number, minWeight = 0) =>
  fc
    .uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 6 }),
        weight: fc.integer({ min: minWeight, max: 100 }),
      }),
      { minLength: 1, maxLength, selector: (t) => t.id },
    )
    .map((ts): PickerTarget[] => ts);

/** The first index where two tables differ, or -1 (vitest's deep equality is slow on 100k entries). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function slotCounts(picker: MaglevPicker): number[] {
  const counts = new Array<number>(picker.size).fill(0);
  for (const s of picker.slots()) if (s >= 0) counts[s]!++;
  return counts;
}

/** Fraction of keys whose target id differs between two pickers. */
function movedShare(
  before: MaglevPicker,
  beforeTargets: readonly PickerTarget[],
  after: MaglevPicker,
  afterTargets: readonly PickerTarget[],
  sample: Uint32Array,
  onlyKeysOf: (id: string) => boolean = () => true,
): { moved: number; considered: number } {
  let moved = 0;
  let considered = 0;
  for (const k of sample) {
    const a = beforeTargets[before.pick(k)]!.id;
    if (!onlyKeysOf(a)) continue;
    considered++;
    if (afterTargets[after.pick(k)]!.id !== a) moved++;
  }
  return { moved, considered };
}

describe('MaglevPicker', () => {
  it('builds the same table as the textbook fill, for all target lists and table sizes', () => {
    fc.assert(
      fc.property(
        targetLists(12),
        fc.constantFrom(13, 31, 101, 1009, 65537),
        (targets, tableSize) => {
          const picker = new MaglevPicker(targets, { tableSize });
          expect(firstDifference(picker.slots(), referenceMaglevTable(targets, tableSize))).toBe(
            -1,
          );
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  it('gives every target its weight share of slots within 1% at the default size', () => {
    fc.assert(
      fc.property(targetLists(60, 1), (targets) => {
        const picker = new MaglevPicker(targets);
        const total = targets.reduce((a, t) => a + t.weight, 0);
        const counts = slotCounts(picker);
        targets.forEach((t, i) => {
          const share = counts[i]! / picker.tableSize;
          expect(Math.abs(share / (t.weight / total) - 1)).toBeLessThan(0.01);
          // The rounded turns: within ½ slot of T·weight for a common T, so within
          // ½ + ½·k·weight/total slots of the exact M·weight/total.
          const exact = (picker.tableSize * t.weight) / total;
          expect(Math.abs(counts[i]! - exact)).toBeLessThanOrEqual(
            0.5 + (0.5 * targets.length * t.weight) / total + 1e-9,
          );
        });
      }),
      { seed: 42, numRuns: 25 },
    );
  });

  it('maps a key to slot ⌊hash · M / 2^32⌋ and answers that slot’s target', () => {
    const targets = equalTargets(7);
    const picker = new MaglevPicker(targets);
    const slots = picker.slots();
    expect(picker.tableSize).toBe(MIN_DEFAULT_TABLE_SIZE);
    for (const k of [...keys(5000), 0, 1, 0xffffffff, 0x80000000]) {
      const slot = referenceSlot(k, picker.tableSize);
      expect(picker.slotOf(k)).toBe(slot);
      expect(picker.pick(k)).toBe(slots[slot]);
    }
  });

  it('never gives a slot to a weight-0 target, and answers -1 when every weight is 0', () => {
    const picker = new MaglevPicker([
      { id: 'a', weight: 10 },
      { id: 'b', weight: 0 },
      { id: 'c', weight: 30 },
    ]);
    expect(slotCounts(picker)[1]).toBe(0);
    const none = new MaglevPicker([
      { id: 'a', weight: 0 },
      { id: 'b', weight: 0 },
    ]);
    const empty = new MaglevPicker([]);
    for (const k of keys(100)) {
      expect(none.pick(k)).toBe(NO_TARGET);
      expect(empty.pick(k)).toBe(NO_TARGET);
    }
    expect(none.size).toBe(2);
  });

  it.each([
    [101, /maglev: targets\[1\] \("b"\) weight must be an integer in 0\.\.100, got 101/],
    [-1, /targets\[1\] \("b"\) .*got -1/],
    [1.5, /targets\[1\] \("b"\) .*got 1\.5/],
    [NaN, /targets\[1\] \("b"\) .*got NaN/],
  ])('rejects weight %s naming the target', (weight, message) => {
    expect(
      () =>
        new MaglevPicker([
          { id: 'a', weight: 1 },
          { id: 'b', weight },
        ]),
    ).toThrow(message);
    expect(
      () =>
        new MaglevPicker([
          { id: 'a', weight: 1 },
          { id: 'b', weight },
        ]),
    ).toThrow(RangeError);
  });

  it('rejects a duplicate id and a bad table size', () => {
    expect(
      () =>
        new MaglevPicker([
          { id: 'a', weight: 1 },
          { id: 'a', weight: 2 },
        ]),
    ).toThrow(/maglev: targets\[1\] repeats id "a"/);
    expect(() => new MaglevPicker(equalTargets(3), { tableSize: 100 })).toThrow(
      new RangeError(
        'maglev: tableSize must be a prime larger than the number of targets, got 100',
      ),
    );
    expect(() => new MaglevPicker(equalTargets(12), { tableSize: 11 })).toThrow(/got 11$/);
    expect(() => new MaglevPicker(equalTargets(3), { tableSize: 16777259 })).toThrow(
      `maglev: tableSize must be at most ${MAX_TABLE_SIZE}, got 16777259`,
    );
    // A fixed size also binds later updates.
    const picker = new MaglevPicker(equalTargets(3), { tableSize: 5 });
    expect(() => {
      picker.update(equalTargets(5));
    }).toThrow(/got 5$/);
  });

  it('is deterministic and independent of the order of the list', () => {
    const targets: PickerTarget[] = Array.from({ length: 30 }, (_, i) => ({
      id: `10.0.0.${i}:80`,
      weight: 1 + ((i * 37) % 100),
    }));
    const reversed = [...targets].reverse();
    const a = new MaglevPicker(targets);
    const b = new MaglevPicker(targets);
    const c = new MaglevPicker(reversed);
    expect(firstDifference(b.slots(), a.slots())).toBe(-1);
    const ids = (p: MaglevPicker, list: readonly PickerTarget[]) =>
      Array.from(keys(2000), (k) => list[p.pick(k)]!.id);
    expect(ids(c, reversed)).toEqual(ids(a, targets));
  });

  it('moves under 5% of the other keys when one of 10 equal targets is removed', () => {
    const before = equalTargets(10);
    const after = before.filter((t) => t.id !== 't3');
    const a = new MaglevPicker(before);
    const b = new MaglevPicker(after);
    expect(b.tableSize).toBe(a.tableSize);
    const { moved, considered } = movedShare(
      a,
      before,
      b,
      after,
      keys(100_000),
      (id) => id !== 't3',
    );
    expect(moved / considered).toBeLessThan(0.05);
  });

  it('moves about 1/11 of the keys when an 11th equal target is added', () => {
    const before = equalTargets(10);
    const after = equalTargets(11);
    const a = new MaglevPicker(before);
    const b = new MaglevPicker(after);
    const { moved, considered } = movedShare(a, before, b, after, keys(100_000));
    expect(moved / considered).toBeGreaterThan(1 / 11 - 0.01);
    expect(moved / considered).toBeLessThan(1 / 11 + 0.05);
  });

  it('rebuilds on update: indices refer to the new list, and rebuilding the same list gives the same table', () => {
    const picker = new MaglevPicker(equalTargets(4));
    const first = picker.slots();
    picker.update([{ id: 'x', weight: 5 }, ...equalTargets(4)]);
    expect(picker.size).toBe(5);
    expect(Math.max(...picker.slots())).toBe(4);
    picker.update(equalTargets(4));
    expect(firstDifference(picker.slots(), first)).toBe(-1);
    picker.update([]);
    expect(picker.pick(123)).toBe(NO_TARGET);
  });

  it('chooses the first ladder prime giving the lightest target 100 slots, capped', () => {
    for (const m of TABLE_SIZE_LADDER) expect(isPrime(m)).toBe(true);
    expect(defaultTableSize(100, 10)).toBe(65537);
    expect(defaultTableSize(1000, 1)).toBe(131071); // needs 100000
    expect(defaultTableSize(50_500, 1)).toBe(8388593); // 1000 targets of weights 1..100
    expect(defaultTableSize(1_000_000, 1)).toBe(MAX_TABLE_SIZE);
    const picker = new MaglevPicker([{ id: 'a', weight: 1 }, ...equalTargets(9, 100)]);
    expect(picker.tableSize).toBe(131071);
  });

  it('agrees with a sieve on primality', () => {
    const n = 5000;
    const composite = new Uint8Array(n);
    for (let i = 2; i * i < n; i++)
      if (!composite[i]) for (let j = i * i; j < n; j += i) composite[j] = 1;
    for (let i = 0; i < n; i++) expect(isPrime(i)).toBe(i >= 2 && composite[i] === 0);
  });
});
