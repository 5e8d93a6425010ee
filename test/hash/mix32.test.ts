import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mix32 } from '../../src/hash/mix32.js';

/** murmur3 fmix32 written with BigInt, as in MurmurHash3.cpp, as an independent reference. */
function fmix32Reference(x: number): number {
  const M = 0xffffffffn;
  let h = BigInt(x) & M;
  h ^= h >> 16n;
  h = (h * 0x85ebca6bn) & M;
  h ^= h >> 13n;
  h = (h * 0xc2b2ae35n) & M;
  h ^= h >> 16n;
  return Number(h);
}

/** Undoes `h ^= h >>> s` for 32-bit h. */
function unxorShift(h: number, s: number): number {
  let x = h;
  for (let k = s; k < 32; k += s) x = h ^ (x >>> s);
  return x >>> 0;
}

/** The inverse of fmix32: the multipliers' inverses mod 2^32 and undone xor-shifts. */
function unmix32(h: number): number {
  let x = unxorShift(h, 16);
  x = Math.imul(x, 0x7ed1b41d);
  x = unxorShift(x >>> 0, 13);
  x = Math.imul(x, 0xa5cb9243);
  return unxorShift(x >>> 0, 16);
}

describe('mix32', () => {
  it('matches the reference fmix32 on known inputs', () => {
    expect(mix32(0)).toBe(0);
    expect(mix32(1)).toBe(fmix32Reference(1));
    expect(mix32(0xffffffff)).toBe(fmix32Reference(0xffffffff));
    expect(mix32(0x0a000001)).toBe(fmix32Reference(0x0a000001));
  });

  it('equals the BigInt reference and returns a uint32, for all uint32 inputs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (x) => {
        const h = mix32(x);
        expect(h).toBe(fmix32Reference(x));
        expect(h >>> 0).toBe(h);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('is a bijection: distinct integer keys never collide', () => {
    // The multiplier inverses are checked here rather than trusted.
    expect(Math.imul(0x85ebca6b, 0xa5cb9243) >>> 0).toBe(1);
    expect(Math.imul(0xc2b2ae35, 0x7ed1b41d) >>> 0).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (x) => {
        expect(unmix32(mix32(x))).toBe(x);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('spreads consecutive client indices over the whole range', () => {
    // Sequential keys (client 0, 1, 2, ...) are the common case; each top-3-bit bucket of
    // 2^16 hashes must hold close to 1/8 of them.
    const buckets = new Array<number>(8).fill(0);
    const n = 1 << 16;
    for (let i = 0; i < n; i++) buckets[mix32(i) >>> 29]!++;
    for (const count of buckets) expect(Math.abs(count / n - 1 / 8)).toBeLessThan(0.01);
  });
});
