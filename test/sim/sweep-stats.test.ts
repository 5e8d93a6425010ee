import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intervalOf, studentQuantile, studentTwoSided } from '../../src/sim/sweep-stats.js';

// Student's t, two-sided 95% points (upper 2.5%), from the published table (Abramowitz & Stegun
// table 26.10; NIST/SEMATECH e-Handbook 1.3.6.7.2).
const PUBLISHED: readonly [number, number][] = [
  [1, 12.706],
  [2, 4.303],
  [3, 3.182],
  [4, 2.776],
  [5, 2.571],
  [9, 2.262],
  [10, 2.228],
  [19, 2.093],
  [29, 2.045],
  [30, 2.042],
  [60, 2.0],
  [100, 1.984],
  [120, 1.98],
];

describe('studentQuantile', () => {
  it.each(PUBLISHED)('matches the published 95%% point for %i degrees of freedom', (df, t) => {
    expect(studentQuantile(df)).toBeCloseTo(t, 3);
  });

  it('tends to the normal 1.95996 as the degrees of freedom grow', () => {
    expect(studentQuantile(100_000)).toBeCloseTo(1.95996, 4);
  });

  it('matches the closed forms of 1 and 2 degrees of freedom at other confidences', () => {
    // df 1 is Cauchy: t = tan(πc/2); df 2: t = c·sqrt(2 / (1 − c²)).
    for (const c of [0.5, 0.9, 0.99]) {
      expect(studentQuantile(1, c)).toBeCloseTo(Math.tan((Math.PI * c) / 2), 9);
      expect(studentQuantile(2, c)).toBeCloseTo(c * Math.sqrt(2 / (1 - c * c)), 9);
    }
  });

  it('gives a distribution function that rises from 0 to 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (df, t) => {
          const p = studentTwoSided(t, df);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1 + 1e-12);
          expect(studentTwoSided(t + 0.5, df)).toBeGreaterThanOrEqual(p - 1e-12);
        },
      ),
      { seed: 11 },
    );
  });

  it('refuses a degree of freedom that is not a positive integer', () => {
    expect(() => studentQuantile(0)).toThrow(RangeError);
    expect(() => studentQuantile(2.5)).toThrow(/df must be an integer >= 1, got 2.5/);
  });
});

describe('intervalOf', () => {
  it('is mean ± t·s/√n against the textbook computation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 40 }),
        (values) => {
          const n = values.length;
          const t = studentQuantile(n - 1);
          const mean = values.reduce((a, b) => a + b, 0) / n;
          const s = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
          const got = intervalOf(values, t);
          expect(got.mean).toBeCloseTo(mean, 6);
          expect(got.halfWidth).toBeCloseTo((t * s) / Math.sqrt(n), 6);
          expect(got.low).toBeLessThanOrEqual(got.mean);
          expect(got.high).toBeGreaterThanOrEqual(got.mean);
        },
      ),
      { seed: 7 },
    );
  });

  it('has width 0 when every run agrees', () => {
    expect(intervalOf([0.25, 0.25, 0.25], studentQuantile(2))).toEqual({
      mean: 0.25,
      halfWidth: 0,
      low: 0.25,
      high: 0.25,
    });
  });
});
