import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DialectTarget } from '../../../src/balancer/dialects/dialect-picker.js';
import {
  HaproxyHashPicker,
  createHaproxyHashPicker,
} from '../../../src/balancer/dialects/haproxy-hash.js';
import { NO_TARGET } from '../../../src/balancer/picker.js';

const targets = (weights: readonly number[]): DialectTarget[] =>
  weights.map((weight, i) => ({ id: `127.0.0.1:${8000 + i}`, weight }));

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The map, read back through pick(): cell c is pick(c) while c < the map size. */
function cells(p: HaproxyHashPicker, total: number): number[] {
  return Array.from({ length: total }, (_, c) => p.pickHash(c));
}

describe('haproxy-hash (map-based)', () => {
  it('deals ⌈w / gcd⌉ cells to each server, the first cell to the first server', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 10 }),
        (weights) => {
          const p = new HaproxyHashPicker(targets(weights));
          const g = weights.filter((w) => w > 0).reduce((a, b) => gcd(a, b), 0) || 1;
          const share = weights.map((w) => Math.ceil(w / g));
          const total = share.reduce((a, b) => a + b, 0);
          if (total === 0) {
            expect(p.pickHash(123)).toBe(NO_TARGET);
            return;
          }
          const map = cells(p, total);
          const counts = weights.map((_, i) => map.filter((s) => s === i).length);
          expect(counts).toEqual(share);
          expect(map[0]).toBe(share.findIndex((c) => c > 0));
          // hash % total: the map repeats.
          expect(p.pickHash(total + 3)).toBe(map[3 % total]);
        },
      ),
      { seed: 0x6d61, numRuns: 200 },
    );
  });

  it('never picks a server of weight 0 (set weight 0) while another is up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.array(fc.nat({ max: 0xffffffff }), { minLength: 50, maxLength: 50 }),
        (weights, downRaw, hashes) => {
          const p = new HaproxyHashPicker(targets(weights));
          const down = downRaw % weights.length;
          p.update(targets(weights.map((w, i) => (i === down ? 0 : w))));
          for (const h of hashes) expect(p.pickHash(h)).not.toBe(down);
        },
      ),
      { seed: 0x6d62, numRuns: 100 },
    );
  });

  it('is sticky: the same key, the same server, for any hash type', () => {
    const fns = ['sdbm', 'djb2', 'wt6', 'crc32'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...fns),
        fc.boolean(),
        fc.string({ minLength: 1 }),
        (hashFunction, avalanche, key) => {
          const a = createHaproxyHashPicker(targets([3, 2, 1, 4]), { hashFunction, avalanche });
          const b = createHaproxyHashPicker(targets([3, 2, 1, 4]), { hashFunction, avalanche });
          expect(a.pickKey(key)).toBe(b.pickKey(key));
          expect(a.pickKey(key)).toBe(a.pickKey(key));
        },
      ),
      { seed: 0x6d63, numRuns: 200 },
    );
  });

  it('hashes an address as balance source: 127.0.0.x goes to cell x mod 10 of the 3,2,1,4 map', () => {
    const p = new HaproxyHashPicker(targets([3, 2, 1, 4]));
    const map = cells(p, 10);
    for (let x = 1; x < 40; x++) expect(p.pickKey(`127.0.0.${x}`)).toBe(map[(0x7f000000 + x) % 10]);
  });

  it('keeps the configured GCD across set weight, and takes a new one on reload', () => {
    const p = new HaproxyHashPicker(targets([4, 6, 2]));
    expect(cells(p, 6)).toEqual([0, 1, 0, 1, 1, 2]); // 2, 3 and 1 cells: weights / 2
    p.update(targets([0, 6, 2])); // runtime: 3 + 1 cells of gcd 2
    expect(cells(p, 4)).toEqual([1, 1, 1, 2]);
    p.update(targets([4, 6, 3])); // a weight the runtime API refuses: a reload, gcd 1
    expect(p.pickHash(12)).toBe(cells(new HaproxyHashPicker(targets([4, 6, 3])), 13)[12]);
  });

  it('falls back to round robin over the map for an empty key (a missing header)', () => {
    const p = new HaproxyHashPicker(targets([2, 1]));
    expect(['', '', '', '', ''].map((k) => p.pickKey(k))).toEqual([0, 0, 1, 0, 0]); // map 0,0,1
  });

  it('neither hashes nor walks the map while only one server is up', () => {
    const p = new HaproxyHashPicker(targets([2, 1]));
    p.update(targets([2, 0]));
    expect(['', '', 'k', '10.0.0.1'].map((k) => p.pickKey(k))).toEqual([0, 0, 0, 0]);
    p.update(targets([2, 1]));
    expect(['', '', ''].map((k) => p.pickKey(k))).toEqual([0, 0, 1]); // the walk starts afresh
  });

  it('rejects bad options naming the module and the value', () => {
    expect(() => new HaproxyHashPicker(targets([1]), { hashFunction: 'md5' as 'sdbm' })).toThrow(
      /haproxy-hash: hashFunction must be one of .* got "md5"/,
    );
    expect(() => new HaproxyHashPicker(targets([-1]))).toThrow(/haproxy-hash: targets\[0\]/);
  });
});
