/**
 * Goodness of fit of a picker's counts to its weights: Pearson's chi-square test against the
 * weight shares (`sharesTest`), and the assertion built on it (`assertFairShares`).
 *
 * The p-value is the chi-square tail (`incomplete-gamma.ts`), accurate to about 1e-12 relative
 * down to p = 1e-300. Like every chi-square test it is an approximation that needs expected counts
 * of about 5 or more per target; a deterministic picker (smooth WRR) scores near 0 by design.
 */
import type { PickerTarget } from '../balancer/picker.js';
import { FairnessError } from './fairness-error.js';
import { chiSquarePValue } from './incomplete-gamma.js';

/** The outcome of {@link sharesTest}. */
export interface SharesTestResult {
  /** Pearson's statistic Σ (count − expected)² / expected over targets with weight > 0. */
  readonly statistic: number;
  /** Targets with weight > 0, minus 1 (0 when there are fewer than two). */
  readonly degreesOfFreedom: number;
  /**
   * The probability that a picker following the weights exactly gives a statistic at least this
   * large. 0 when a weight-0 target was picked; 1 when nothing was picked.
   */
  readonly pValue: number;
}

/** Weights alone, or targets `{ id, weight }` (whose ids then name the culprit in messages). */
export type Weights = readonly number[] | readonly PickerTarget[];

/** Options of {@link assertFairShares}. */
export interface FairSharesOptions {
  /**
   * The significance level: fail when the p-value is below it. In a property run many times, use
   * a smaller one (1e-6 over 100 runs keeps the chance of a false alarm near 1e-4).
   * @defaultValue 1e-3
   */
  readonly alpha?: number | undefined;
}

/** The default significance level of {@link assertFairShares}. */
export const DEFAULT_ALPHA = 1e-3;

interface Checked {
  readonly counts: readonly number[];
  readonly weights: readonly number[];
  readonly ids: readonly string[] | undefined;
  readonly picks: number;
  readonly totalWeight: number;
}

function check(module: string, counts: ArrayLike<number>, weights: Weights): Checked {
  const input: unknown = counts;
  if (input === null || typeof input !== 'object' || typeof counts.length !== 'number') {
    throw new TypeError(`${module}: counts must be an array of numbers, got ${typeof input}`);
  }
  if (!Array.isArray(weights)) {
    throw new TypeError(`${module}: weights must be an array, got ${typeof weights}`);
  }
  if (counts.length !== weights.length) {
    throw new RangeError(
      `${module}: counts and weights must have the same length, got ${counts.length} and ${weights.length}`,
    );
  }
  const ids = weights.length > 0 && typeof weights[0] === 'object' ? ([] as string[]) : undefined;
  const ws: number[] = [];
  const cs: number[] = [];
  let picks = 0;
  let totalWeight = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (typeof c !== 'number' || !(c >= 0) || !Number.isFinite(c)) {
      throw new RangeError(
        `${module}: counts[${i}] must be a finite number >= 0, got ${String(c)}`,
      );
    }
    const entry: unknown = weights[i];
    const w = typeof entry === 'object' && entry !== null ? (entry as PickerTarget).weight : entry;
    if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) {
      throw new RangeError(
        `${module}: weights[${i}] must be a finite number >= 0, got ${String(w)}`,
      );
    }
    ids?.push((entry as PickerTarget).id);
    cs.push(c);
    ws.push(w);
    picks += c;
    totalWeight += w;
  }
  return { counts: cs, weights: ws, ids, picks, totalWeight };
}

/** Per-target terms of the statistic; Infinity for a weight-0 target that was picked. */
function terms(data: Checked): number[] {
  return data.counts.map((c, i) => {
    const w = data.weights[i]!;
    if (w === 0) return c > 0 ? Infinity : 0;
    const expected = (data.picks * w) / data.totalWeight;
    return ((c - expected) * (c - expected)) / expected;
  });
}

function testOf(data: Checked, contributions: readonly number[]): SharesTestResult {
  const positive = data.weights.filter((w) => w > 0).length;
  const degreesOfFreedom = Math.max(0, positive - 1);
  if (data.picks === 0) return { statistic: 0, degreesOfFreedom, pValue: 1 };
  const statistic = contributions.reduce((s, t) => s + t, 0);
  if (statistic === Infinity) return { statistic, degreesOfFreedom, pValue: 0 };
  return { statistic, degreesOfFreedom, pValue: chiSquarePValue(statistic, degreesOfFreedom) };
}

/**
 * Pearson's chi-square test of `counts` (how often each target was picked) against the shares
 * the `weights` promise. Weight-0 targets must have count 0: one that was picked makes the
 * statistic Infinity and the p-value 0. If every weight is 0, any pick gives p = 0.
 *
 * @param counts - picks per target (a plain array or a typed array), each a finite number >= 0
 * @param weights - one weight (any finite number >= 0) or `{ id, weight }` per target
 * @throws RangeError when the lengths differ or a count or weight is negative or not finite
 */
export function sharesTest(counts: ArrayLike<number>, weights: Weights): SharesTestResult {
  const data = check('sharesTest', counts, weights);
  return testOf(data, terms(data));
}

/**
 * Throws a `FairnessError` (code `ERR_UNFAIR_SHARES`) when {@link sharesTest} gives a p-value
 * below `alpha`. The message names the target that strayed most (largest term of the statistic;
 * by id when the targets were given as `{ id, weight }`), its share, its weight share and the
 * p-value, e.g. `assertFairShares: target 2 ("b") got 41.20% of 10000 picks, its weight share is
 * 33.33%; chi-square 182.3 with 2 degrees of freedom, p = 3.10e-40 < alpha 0.001`.
 *
 * @returns the test result when it passes
 * @throws RangeError for bad arguments, as {@link sharesTest}, or an alpha outside (0, 1)
 */
export function assertFairShares(
  counts: ArrayLike<number>,
  weights: Weights,
  options: FairSharesOptions = {},
): SharesTestResult {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(
      `assertFairShares: alpha must be a number in (0, 1), got ${String(alpha)}`,
    );
  }
  const data = check('assertFairShares', counts, weights);
  const contributions = terms(data);
  const result = testOf(data, contributions);
  if (result.pValue >= alpha) return result;
  let worst = 0;
  for (let i = 1; i < contributions.length; i++) {
    if (contributions[i]! > contributions[worst]!) worst = i;
  }
  throw new FairnessError({
    index: worst,
    id: data.ids?.[worst],
    share: data.counts[worst]! / data.picks,
    expectedShare: data.totalWeight === 0 ? 0 : data.weights[worst]! / data.totalWeight,
    picks: data.picks,
    ...result,
    alpha,
  });
}
