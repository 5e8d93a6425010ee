import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poolKey } from '../../src/cloud/pool-ref.js';
import { roundShare } from '../../src/report/shares.js';
import type { Report } from '../../src/report/types.js';
import { deviations } from '../../src/report/deviations.js';
import { compareAlgorithm } from '../../src/sim/compare.js';
import { arbitraryReport } from '../report/fixtures/arbitrary-report.js';
import { tcpScenario } from './scenarios.js';

/** The definitions, written out the slow way: per pool the mean |share − expected|, pools weighted by requests. */
function reference(report: Report): { max: number; mean: number } {
  const keys = [...new Set(report.servers.map(poolKey))];
  let max = 0;
  let weighted = 0;
  let forwarded = 0;
  for (const key of keys) {
    const servers = report.servers.filter((s) => poolKey(s) === key);
    const diffs = servers.map((s) => Math.abs(s.share - s.expectedShare));
    const requests = servers.reduce((n, s) => n + s.requests, 0);
    max = Math.max(max, ...diffs);
    weighted += (requests * diffs.reduce((a, b) => a + b, 0)) / diffs.length;
    forwarded += requests;
  }
  return { max, mean: forwarded === 0 ? 0 : weighted / forwarded };
}

describe('deviations', () => {
  it('for all reports: the mean is never larger than the max, and both follow the definitions', () => {
    fc.assert(
      fc.property(arbitraryReport, (report) => {
        const { maxDeviation, meanDeviation } = deviations(report);
        const expected = reference(report);

        expect(meanDeviation).toBeLessThanOrEqual(maxDeviation);
        expect(maxDeviation).toBe(roundShare(expected.max));
        expect(Math.abs(meanDeviation - expected.mean)).toBeLessThanOrEqual(1e-6);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('for a pool with four targets off by one point each in pairs: mean = max = 1 point', () => {
    // The old "mean" (total variation distance, half the sum) said 2 points here, above the max.
    const server = (target: string, share: number) => ({
      listener: 'tcp-80',
      target,
      instance: null,
      clientAddress: 'source' as const,
      weight: 10,
      weights: [],
      requests: share * 1000,
      share,
      expectedShare: 0.25,
      newSessions: 0,
      sessionsMovedIn: 0,
      sessionsExpired: 0,
      failed: 0,
      blocked: 0,
      health: [],
    });
    const report = {
      servers: [server('a:1', 0.26), server('b:1', 0.26), server('c:1', 0.24), server('d:1', 0.24)],
    } as unknown as Report;

    expect(deviations(report)).toEqual({ maxDeviation: 0.01, meanDeviation: 0.01 });
  });
});

describe('compareAlgorithm: which disruption figures apply', () => {
  it('counts remaps for hashing pickers and persistent pools, sessions only with persistence', async () => {
    const plain = tcpScenario([10, 10]);
    const sticky = tcpScenario([10, 10], {}, { session: { timeoutSec: 60 } });

    const [wrr, maglev, wrrSticky] = await Promise.all([
      compareAlgorithm(plain, 'wrr'),
      compareAlgorithm(plain, 'maglev'),
      compareAlgorithm(sticky, 'wrr'),
    ]);

    expect([wrr.remapsCounted, wrr.sessionsCounted]).toEqual([false, false]);
    expect([maglev.remapsCounted, maglev.sessionsCounted]).toEqual([true, false]);
    expect([wrrSticky.remapsCounted, wrrSticky.sessionsCounted]).toEqual([true, true]);
  });
});
