/**
 * What `sweep` returns: per algorithm, each comparison metric as a mean and 95% interval over
 * seeds. Field names are a public contract; the JSON renderer keeps their order.
 */
import type { AlgorithmComparison } from './types.js';

/** A metric over the runs: its mean and the 95% interval around it. */
export interface MetricInterval {
  readonly mean: number;
  /** Half the interval's width: the interval is `mean ± halfWidth`. */
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
}

/** A numeric field of a comparison row (`null` where the metric does not apply). */
export type SweepMetric = {
  [K in keyof AlgorithmComparison]-?: NonNullable<AlgorithmComparison[K]> extends number
    ? K
    : never;
}[keyof AlgorithmComparison];

/** One algorithm over every seed of a sweep. */
export interface SweepRow {
  readonly algorithm: string;
  /** Why the scenario is invalid with this algorithm; `metrics` is then empty. */
  readonly invalid?: string;
  /**
   * Each metric of `compareAlgorithm` (`maxDeviation`, `meanDeviation`, `clientsRemapped`, ...)
   * as its mean and interval over the runs, in the comparison row's order; null when a run had
   * no value for it.
   */
  readonly metrics: Readonly<Partial<Record<SweepMetric, MetricInterval | null>>>;
}

/** What `sweep` returns. */
export interface SweepResult {
  /** The seed of each run, in run order (the same for every algorithm). */
  readonly seeds: readonly string[];
  /** The intervals' confidence: 0.95. */
  readonly confidence: number;
  /** How the intervals are made: Student's t with `seeds.length − 1` degrees of freedom. */
  readonly interval: 'student-t';
  /** The t quantile the intervals use. */
  readonly t: number;
  readonly rows: readonly SweepRow[];
}
