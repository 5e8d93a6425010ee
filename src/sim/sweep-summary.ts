/**
 * A sweep's rows: per algorithm, each `compareAlgorithm` metric over the runs as a mean and 95%
 * interval. The metrics are the numeric fields of a comparison row, in that row's order, so a
 * metric added to `compareAlgorithm` appears here without a change. Figures are summed in run
 * order and rounded (`sweep-stats.ts`): the same runs give the same bytes.
 */
import type { MetricInterval, SweepMetric, SweepResult, SweepRow } from '../report/sweep-types.js';
import type { AlgorithmComparison } from '../report/types.js';
import { CONFIDENCE, intervalOf, studentQuantile } from './sweep-stats.js';

export type { SweepMetric, SweepResult, SweepRow };

/** The metric names of a row: its fields holding a number or null, in order. */
function metricsOf(row: AlgorithmComparison): SweepMetric[] {
  return Object.entries(row)
    .filter(([, value]) => typeof value === 'number' || value === null)
    .map(([key]) => key as SweepMetric);
}

/**
 * Folds the rows of a sweep (algorithm-major: `rows[a · seeds.length + k]`) into one row per
 * algorithm.
 */
export function summarizeSweep(
  algorithms: readonly string[],
  seeds: readonly string[],
  rows: readonly AlgorithmComparison[],
): SweepResult {
  const runs = seeds.length;
  const t = studentQuantile(runs - 1, CONFIDENCE);
  const out = algorithms.map((algorithm, a): SweepRow => {
    const own = rows.slice(a * runs, (a + 1) * runs);
    const invalid = own.find((r) => r.invalid !== undefined)?.invalid;
    if (invalid !== undefined) return { algorithm, invalid, metrics: {} };
    const metrics: Partial<Record<SweepMetric, MetricInterval | null>> = {};
    for (const name of metricsOf(own[0]!)) {
      const values = own.map((r) => r[name] as number | null);
      metrics[name] = values.some((x) => x === null) ? null : intervalOf(values as number[], t);
    }
    return { algorithm, metrics };
  });
  return {
    seeds,
    confidence: CONFIDENCE,
    interval: 'student-t',
    t: Number(t.toFixed(6)),
    rows: out,
  };
}
