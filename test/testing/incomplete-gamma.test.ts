import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquarePValue, logGamma, upperGammaQ } from '../../src/testing/incomplete-gamma.js';

/** Relative difference, for values that span many orders of magnitude. */
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** Q(m, y) for a whole m: e^(−y) Σ_{j<m} y^j / j! (the Poisson tail), summed term by term. */
function poissonTail(m: number, y: number): number {
  let term = Math.exp(-y);
  let sum = term;
  for (let j = 1; j < m; j++) {
    term *= y / j;
    sum += term;
  }
  return sum;
}

describe('chiSquarePValue', () => {
  // Critical values x with P(χ²(df) ≥ x) = p (scipy's chi2.isf), and Q(df/2, x/2) at those x
  // computed with mpmath to 40 digits (each
  // within 3e-15 of the round figure written).
  it.each([
    [1, 10.827566170662733, 1e-3],
    [10, 29.58829844507442, 1e-3],
    [1, 50.844127911818155, 1.0e-12],
    [5, 65.23863621336784, 1e-12],
    [100, 233.8105679592079, 1e-12],
    [2, 5.991464547107983, 0.05],
    [30, 29.336031516661585, 0.5],
    [1000, 1227.1524211875756, 1e-6],
    [3, 0.02429758581569275, 0.999],
  ])('df %i, x = %f gives p = %f', (df, x, p) => {
    expect(rel(chiSquarePValue(x, df), p)).toBeLessThan(1e-10);
  });

  it.each([
    [1, 10.828, 0.001],
    [10, 29.588, 0.001],
    [1, 3.841, 0.05],
    [4, 9.488, 0.05],
  ])('matches the printed table: df %i, x = %f, p ≈ %f', (df, x, p) => {
    expect(rel(chiSquarePValue(x, df), p)).toBeLessThan(1e-3);
  });

  it('is 1 at 0, 0 at Infinity, and the point mass at 0 for 0 degrees of freedom', () => {
    expect(chiSquarePValue(0, 3)).toBe(1);
    expect(chiSquarePValue(Infinity, 3)).toBe(0);
    expect(chiSquarePValue(0, 0)).toBe(1);
    expect(chiSquarePValue(0.1, 0)).toBe(0);
  });

  it('refuses a negative statistic or a fractional df', () => {
    expect(() => chiSquarePValue(-1, 2)).toThrow(RangeError);
    expect(() => chiSquarePValue(1, 1.5)).toThrow(
      /degreesOfFreedom must be an integer >= 0, got 1.5/,
    );
  });
});

describe('upperGammaQ', () => {
  it('agrees with the Poisson tail for whole a (even degrees of freedom)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 1e-6, max: 300, noNaN: true }),
        (m, y) => {
          const reference = poissonTail(m, y);
          expect(rel(upperGammaQ(m, y), reference)).toBeLessThan(1e-9);
        },
      ),
    );
  });

  it('decreases as x grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (a, x1, x2) => {
          const [lo, hi] = x1 <= x2 ? [x1, x2] : [x2, x1];
          expect(upperGammaQ(a, hi)).toBeLessThanOrEqual(upperGammaQ(a, lo) * (1 + 1e-12));
        },
      ),
    );
  });

  it('refuses a <= 0 and x < 0', () => {
    expect(() => upperGammaQ(0, 1)).toThrow(/a must be a finite number > 0, got 0/);
    expect(() => upperGammaQ(1, -1)).toThrow(/x must be a number >= 0, got -1/);
  });
});

describe('logGamma', () => {
  it('gives ln((n − 1)!) for whole n and ln √π at 1/2', () => {
    let factorial = 1;
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    for (let n = 2; n <= 30; n++) {
      expect(rel(logGamma(n + 1), Math.log((factorial *= n)))).toBeLessThan(1e-13);
    }
    expect(rel(logGamma(0.5), Math.log(Math.sqrt(Math.PI)))).toBeLessThan(1e-13);
  });
});
