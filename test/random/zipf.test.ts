import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import { ZipfSampler } from '../../src/random/zipf.js';
import { sharesTest } from '../../src/testing/shares-test.js';

/**
 * Draws `draws` samples and tests them against the Zipf pmf with Pearson's chi-square: outcomes
 * whose expected count is under 5 are pooled into one tail bin. Returns the p-value.
 */
function fitPValue(n: number, s: number, draws: number, seed: string, sampledS = s): number {
  const weights = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) total += weights[k - 1] = Math.pow(k, -s);
  let bins = 0;
  while (bins < n && (weights[bins]! / total) * draws >= 5) bins++;
  const pooled = bins < n;
  const binWeights = Array.from(weights.subarray(0, bins));
  if (pooled) binWeights.push(weights.subarray(bins).reduce((a, b) => a + b, 0));
  const counts = new Array<number>(binWeights.length).fill(0);
  const sampler = new ZipfSampler(n, sampledS);
  const rng = createRng(seed);
  for (let i = 0; i < draws; i++) counts[Math.min(sampler.sample(rng), bins)]!++;
  return sharesTest(counts, binWeights).pValue;
}

describe('ZipfSampler', () => {
  it.each([
    [2, 1],
    [10, 0.5],
    [100, 1],
    [1000, 1 + 1e-12],
    [1000, 1 - 1e-9],
    [1000, 1.1],
    [50, 1e-6],
    [5, 3],
    [1_000_000, 1.1],
    [1_000_000, 0.8],
  ])('matches the pmf for n = %d, s = %d (chi-square, fixed seed)', (n, s) => {
    expect(fitPValue(n, s, 200_000, `zipf-${n}-${s}`)).toBeGreaterThan(1e-4);
  });

  it('is told apart from a slightly different exponent (the test has power)', () => {
    expect(fitPValue(1000, 1.1, 200_000, 'power', 1.15)).toBeLessThan(1e-6);
    expect(fitPValue(1000, 1, 200_000, 'power', 0.97)).toBeLessThan(1e-6);
  });

  it('gives the most popular outcome every time for a huge exponent', () => {
    const sampler = new ZipfSampler(1000, 100);
    const rng = createRng('steep');
    let others = 0;
    for (let i = 0; i < 10_000; i++) if (sampler.sample(rng) !== 0) others++;
    expect(others).toBe(0);
  });

  it('stays in 0..n-1 and replays the same stream, for all n and s', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1 << 24 }),
        fc.double({ min: 1e-9, max: 100, noNaN: true }),
        fc.string(),
        (n, s, seed) => {
          const a = new ZipfSampler(n, s);
          const b = new ZipfSampler(n, s);
          const ra = createRng(seed);
          const rb = createRng(seed);
          for (let i = 0; i < 200; i++) {
            const k = a.sample(ra);
            expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
            expect(b.sample(rb)).toBe(k);
          }
        },
      ),
      { seed: 14, numRuns: 100 },
    );
  });

  it('rejects bad arguments', () => {
    expect(() => new ZipfSampler(0, 1)).toThrow(RangeError);
    expect(() => new ZipfSampler(1.5, 1)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, 0)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, Infinity)).toThrow(RangeError);
    expect(() => new ZipfSampler(10, NaN)).toThrow(RangeError);
  });
});
