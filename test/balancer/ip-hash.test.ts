import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultTableBits, IpHashPicker } from '../../src/balancer/ip-hash.js';
import type { PickerTarget } from '../../src/balancer/picker.js';
import { ipHashReferenceTable } from './reference/ip-hash-reference.js';
import { keyOf } from './reference-consistent/keys.js';

const targetsOf = (weights: readonly number[]): PickerTarget[] =>
  weights.map((weight, i) => ({ id: `t${i}`, weight }));

/** The table as the picker sees it: the pick for the first hash of every bucket. */
function tableOf(picker: IpHashPicker): number[] {
  const shift = 32 - Math.log2(picker.tableSize);
  return Array.from({ length: picker.tableSize }, (_, b) => picker.pick((b << shift) >>> 0));
}

const weightVectors = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })), {
  minLength: 1,
  maxLength: 30,
});

describe('IpHashPicker', () => {
  it('lays buckets out as the IPVS sh loop does, for all weights and table sizes', () => {
    fc.assert(
      fc.property(weightVectors, fc.integer({ min: 1, max: 12 }), (weights, tableBits) => {
        const picker = new IpHashPicker(targetsOf(weights), { tableBits });

        expect(tableOf(picker)).toEqual(ipHashReferenceTable(weights, 2 ** tableBits));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('gives every target its weight share of buckets within 1% of that share', () => {
    fc.assert(
      fc.property(weightVectors, (weights) => {
        const total = weights.reduce((a, b) => a + b, 0);
        fc.pre(total > 0);
        const picker = new IpHashPicker(targetsOf(weights));
        const buckets = weights.map(() => 0);

        for (const i of tableOf(picker)) buckets[i]!++;

        expect(picker.tableSize).toBe(2 ** defaultTableBits(weights));
        for (const [i, w] of weights.entries()) {
          const expected = w / total;
          expect(Math.abs(buckets[i]! / picker.tableSize - expected)).toBeLessThan(
            0.01 * expected + 1e-12,
          );
        }
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('sizes the table from the weights: 2^bits ≥ 100 · sum / gcd, within 2^8..2^22', () => {
    expect(defaultTableBits([10, 10, 10])).toBe(9); // 300 buckets needed
    expect(defaultTableBits([1])).toBe(8);
    expect(defaultTableBits(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(19); // 505 000
    expect(defaultTableBits(Array.from({ length: 1000 }, () => 97).fill(98, 0, 1))).toBe(22);
    expect(defaultTableBits([0, 0])).toBe(8);
  });

  it('spreads hashed keys in proportion to weight', () => {
    const weights = [10, 0, 25, 50, 15];
    const picker = new IpHashPicker(targetsOf(weights));
    const n = 100_000;
    const counts = weights.map(() => 0);

    for (let k = 0; k < n; k++) counts[picker.pick(keyOf(k))]!++;

    // Binomial noise (4σ) plus the table's granularity (1% of the share, see above).
    for (const [i, w] of weights.entries()) {
      const p = w / 100;
      const bound = 4 * Math.sqrt((p * (1 - p)) / n) + 0.01 * p;
      expect(Math.abs(counts[i]! / n - p)).toBeLessThanOrEqual(bound);
    }
  });

  it('sends the same key to the same target, and keeps the table on a no-op update', () => {
    const targets = targetsOf([3, 1, 4, 1, 5]);
    const a = new IpHashPicker(targets);
    const b = new IpHashPicker(targets);
    const keys = Array.from({ length: 1000 }, (_, k) => keyOf(k));

    const first = keys.map((key) => a.pick(key));
    a.update(targetsOf([3, 1, 4, 1, 5]));

    expect(keys.map((key) => a.pick(key))).toEqual(first);
    expect(keys.map((key) => b.pick(key))).toEqual(first);
  });

  it('never picks a weight-0 target and returns -1 when every weight is 0', () => {
    const picker = new IpHashPicker(targetsOf([0, 4, 0, 2]));
    const picked = new Set(Array.from({ length: 5000 }, (_, k) => picker.pick(keyOf(k))));
    expect(picked).toEqual(new Set([1, 3]));

    picker.update(targetsOf([0, 0, 0, 0]));
    expect(picker.pick(keyOf(1))).toBe(-1);
    expect(new IpHashPicker([]).pick(123)).toBe(-1);
  });

  it('reads any number as an unsigned 32-bit hash', () => {
    const picker = new IpHashPicker(targetsOf([1, 1]), { tableBits: 1 });

    expect([picker.pick(0), picker.pick(0x7fffffff), picker.pick(0x80000000)]).toEqual([0, 0, 1]);
    expect(picker.pick(-1)).toBe(1);
  });

  it.each([101, -1, 1.5, Number.NaN])('rejects weight %s naming the target', (bad) => {
    const targets = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: bad },
    ];

    expect(() => new IpHashPicker(targets)).toThrow(RangeError);
    expect(() => new IpHashPicker(targets)).toThrow(
      `ip-hash: targets[1] ("b") weight must be an integer in 0..100, got ${String(bad)}`,
    );
  });

  it.each([0, 25, 2.5])('rejects tableBits %s', (tableBits) => {
    expect(() => new IpHashPicker([], { tableBits })).toThrow(
      `ip-hash: tableBits must be an integer in 1..24, got ${tableBits}`,
    );
  });
});
