import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import { FairnessError } from '../../src/testing/fairness-error.js';
import { assertFairShares, sharesTest } from '../../src/testing/shares-test.js';

/** `picks` draws from the weight shares with a seeded generator: what a fair random picker does. */
function fairCounts(weights: readonly number[], picks: number, seed: string): number[] {
  const rng = createRng(seed);
  const total = weights.reduce((s, w) => s + w, 0);
  const counts = weights.map(() => 0);
  for (let k = 0; k < picks; k++) {
    let r = rng.next() * total;
    let i = 0;
    while (r >= weights[i]! || weights[i] === 0) r -= weights[i++]!;
    counts[i]!++;
  }
  return counts;
}

describe('sharesTest', () => {
  it('computes Pearson’s statistic against the weight shares', () => {
    // Expected 20 each: (10 − 20)²/20 + 0 + (30 − 20)²/20 = 10 with 2 degrees of freedom.
    const result = sharesTest([10, 20, 30], [1, 1, 1]);
    expect(result.statistic).toBeCloseTo(10, 12);
    expect(result.degreesOfFreedom).toBe(2);
    expect(result.pValue).toBeCloseTo(Math.exp(-5), 14);
  });

  it('scores counts exactly proportional to the weights 0, p = 1', () => {
    expect(sharesTest(Uint32Array.of(100, 300, 0, 600), [10, 30, 0, 60])).toEqual({
      statistic: 0,
      degreesOfFreedom: 2,
      pValue: 1,
    });
  });

  it('gives p = 0 when a weight-0 target was picked, and p = 1 with no picks', () => {
    expect(sharesTest([50, 1], [1, 0])).toEqual({
      statistic: Infinity,
      degreesOfFreedom: 0,
      pValue: 0,
    });
    expect(sharesTest([0, 0], [0, 0]).pValue).toBe(1);
    expect(sharesTest([3, 0], [0, 0]).pValue).toBe(0);
  });

  it('takes targets { id, weight } as well as plain weights', () => {
    const targets = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 3 },
    ];
    expect(sharesTest([30, 70], targets)).toEqual(sharesTest([30, 70], [1, 3]));
  });

  it('gives p-values spread evenly for a fair picker (about 5% below 0.05)', () => {
    const weights = [5, 10, 20, 40, 25];
    const pValues = Array.from(
      { length: 400 },
      (_, trial) => sharesTest(fairCounts(weights, 2000, `trial-${trial}`), weights).pValue,
    );
    const below = pValues.filter((p) => p < 0.05).length / pValues.length;
    expect(below).toBeGreaterThan(0.02);
    expect(below).toBeLessThan(0.09);
    const belowHalf = pValues.filter((p) => p < 0.5).length / pValues.length;
    expect(belowHalf).toBeGreaterThan(0.42);
    expect(belowHalf).toBeLessThan(0.58);
  });

  it('refuses lengths that differ and counts or weights that are negative or not finite', () => {
    expect(() => sharesTest([1, 2], [1])).toThrow(
      'sharesTest: counts and weights must have the same length, got 2 and 1',
    );
    expect(() => sharesTest([1, -2], [1, 1])).toThrow(
      'sharesTest: counts[1] must be a finite number >= 0, got -2',
    );
    expect(() => sharesTest([1, 2], [1, NaN])).toThrow(RangeError);
  });
});

describe('assertFairShares', () => {
  it('passes a fair random picker over many weight vectors at alpha 1e-6', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        (weights, seed) => {
          assertFairShares(fairCounts(weights, 5000, `s${seed}`), weights, { alpha: 1e-6 });
        },
      ),
      { seed: 42 },
    );
  });

  it('names the target that strayed most, its share, its weight share and the p-value', () => {
    const targets = [
      { id: 'a:80', weight: 10 },
      { id: 'b:80', weight: 10 },
      { id: 'c:80', weight: 20 },
    ];
    let caught: unknown;
    try {
      assertFairShares([2600, 2400, 5000], targets);
      assertFairShares([2500, 3100, 4400], targets);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FairnessError);
    const error = caught as FairnessError;
    expect(error.code).toBe('ERR_UNFAIR_SHARES');
    expect(error.index).toBe(1);
    expect(error.id).toBe('b:80');
    expect(error.share).toBeCloseTo(0.31, 12);
    expect(error.expectedShare).toBeCloseTo(0.25, 12);
    expect(error.pValue).toBeLessThan(1e-3);
    expect(error.message).toMatch(
      /^assertFairShares: target 1 \("b:80"\) got 31\.00% of 10000 picks, its weight share is 25\.00%; chi-square .* with 2 degrees of freedom, p = .* < alpha 0\.001$/,
    );
  });

  it('names a picked weight-0 target by index when only weights are given', () => {
    expect(() => assertFairShares([10, 10, 1], [1, 1, 0])).toThrow(
      /target 2 got 4\.76% of 21 picks, its weight share is 0\.00%.*p = 0\.00 < alpha/,
    );
  });

  it('returns the test result when it passes, and refuses an alpha outside (0, 1)', () => {
    expect(assertFairShares([50, 50], [1, 1]).pValue).toBe(1);
    expect(() => assertFairShares([1], [1], { alpha: 1 })).toThrow(
      'assertFairShares: alpha must be a number in (0, 1), got 1',
    );
  });
});
