/**
 * How far a report's shares strayed from their expected shares, as `compare` and `--fail-on` read
 * it: one definition for both.
 */
import { poolKey } from '../cloud/pool-ref.js';
import { roundShare } from './shares.js';
import type { Report } from './types.js';

/**
 * How far a report's shares strayed from its expected shares: `maxDeviation`, the largest
 * |share − expected| of any target; `meanDeviation`, per listener or rule the mean of
 * |share − expected| over its targets, averaged over them in proportion to the requests they
 * forwarded (a pool that forwarded nothing counts as much as it served: not at all). Both are
 * averages or maxima of the same per-target figures, so the mean is never larger than the max.
 */
export function deviations(report: Report): { maxDeviation: number; meanDeviation: number } {
  const pools = new Map<string, { requests: number; deviation: number; targets: number }>();
  let max = 0;
  for (const s of report.servers) {
    const key = poolKey(s);
    const pool = pools.get(key) ?? { requests: 0, deviation: 0, targets: 0 };
    const deviation = Math.abs(s.share - s.expectedShare);
    pool.requests += s.requests;
    pool.deviation += deviation;
    pool.targets++;
    pools.set(key, pool);
    max = Math.max(max, deviation);
  }
  let forwarded = 0;
  let weighted = 0;
  for (const pool of pools.values()) {
    forwarded += pool.requests;
    weighted += (pool.requests * pool.deviation) / pool.targets;
  }
  const mean = forwarded === 0 ? 0 : weighted / forwarded;
  // The mean is a weighted average of per-target figures; the min() only absorbs float rounding.
  return { maxDeviation: roundShare(max), meanDeviation: roundShare(Math.min(mean, max)) };
}
