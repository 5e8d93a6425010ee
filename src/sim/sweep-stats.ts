/**
 * The statistics of a sweep: each metric's mean over the runs and its 95% confidence interval,
 * `mean ± t(0.975, n − 1) · s / √n` with `s` the sample standard deviation and `t` Student's
 * quantile, right for the small n of a sweep (the normal 1.96 would be too narrow: at n = 5 the
 * quantile is 2.776). The t distribution function for an integer degree of freedom is the finite
 * sum of Abramowitz & Stegun 26.7.3/26.7.4, inverted by bisection: O(df) per evaluation, 80
 * evaluations per quantile, computed once per sweep. Pure and deterministic: same runs, same bytes.
 */

import type { MetricInterval } from '../report/sweep-types.js';

export type { MetricInterval };

/** Confidence of the intervals. */
export const CONFIDENCE = 0.95;

/**
 * P(|T| ≤ t) for Student's t with `df` (an integer ≥ 1) degrees of freedom, by the finite sums
 * of Abramowitz & Stegun 26.7.3 (odd df) and 26.7.4 (even df).
 */
export function studentTwoSided(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  if (df % 2 === 0) {
    let term = 1;
    let sum = 1;
    for (let k = 2; k <= df - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
    return s * sum;
  }
  let sum = 0;
  if (df > 1) {
    let term = Math.cos(theta);
    sum = term;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
  }
  return (2 / Math.PI) * (theta + s * sum);
}

/**
 * The t such that P(|T| ≤ t) = `confidence` for Student's t with `df` degrees of freedom
 * (`df` an integer ≥ 1): 12.706 for df 1, 2.776 for 4, 1.962 for 1000 at 95%.
 */
export function studentQuantile(df: number, confidence = CONFIDENCE): number {
  if (!Number.isInteger(df) || df < 1) {
    throw new RangeError(`studentQuantile: df must be an integer >= 1, got ${df}`);
  }
  // P(|T| ≤ t) rises with t; at df 1 the 99.9% point is 636.6, so [0, 1024] holds every quantile
  // asked for here. 80 halvings take the bracket below one unit in the last place.
  let lo = 0;
  let hi = 1024;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSided(mid, df) < confidence) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Rounds to 9 decimals (sums of fractions leave residues no reader wants); -0 becomes 0. */
export function roundFigure(x: number): number {
  return Math.round(x * 1e9) / 1e9 + 0;
}

/**
 * The mean of `values` (at least two) and its interval, with `t` the quantile for
 * `values.length − 1` degrees of freedom. Sums run in the order given.
 */
export function intervalOf(values: readonly number[], t: number): MetricInterval {
  const n = values.length;
  let sum = 0;
  for (const x of values) sum += x;
  const mean = sum / n;
  let squares = 0;
  for (const x of values) squares += (x - mean) ** 2;
  const halfWidth = n > 1 ? (t * Math.sqrt(squares / (n - 1))) / Math.sqrt(n) : 0;
  return {
    mean: roundFigure(mean),
    halfWidth: roundFigure(halfWidth),
    low: roundFigure(mean - halfWidth),
    high: roundFigure(mean + halfWidth),
  };
}
