/**
 * Slow start in the simulation: a target that starts taking traffic during the run gets a share
 * that ramps up with its weight (HAProxy's linear steps), and nothing changes without it.
 */
import { describe, expect, it } from 'vitest';
import { slowStartWeight } from '../../src/balancer/slow-start.js';
import type { Report } from '../../src/report/types.js';
import { simulate } from '../../src/sim/simulate.js';
import { instances, tcpScenario, type Json } from './scenarios.js';

/** Per window, the share of `target` among the pool's requests. */
function windowShares(report: Report, target: string): { fromSec: number; share: number }[] {
  return report.windows.map((w) => {
    let total = 0;
    for (const n of Object.values(w.requests)) total += n;
    return { fromSec: w.fromSec, share: total === 0 ? 0 : (w.requests[target] ?? 0) / total };
  });
}

/** One target of weight 10 from the start; a second of weight 10 bound at 60 s (checks off). */
function bindMidRun(listener: Json = {}, events: Json[] = []): Json {
  return tcpScenario(
    [10],
    {
      durationSec: 240,
      instances: instances(2),
      options: { windowSec: 5 },
      events: [
        {
          atSec: 60,
          op: 'bind',
          listener: 'tcp-80',
          targets: [{ instance: 'ins-1', port: 8080, weight: 10 }],
        },
        ...events,
      ],
    },
    { healthCheck: { enabled: false }, ...listener },
  );
}

describe('slow start in the simulation', () => {
  it('ramps a target bound mid-run to its weight share, step by step (wrr: exact shares)', async () => {
    const report = await simulate(bindMidRun({ slowStartSec: 100 }));
    const shares = windowShares(report, 'ins-1:8080');
    // 100 s window: 20 steps of 5 s, one per report window; weight max(1, ceil(10 k / 20)).
    for (const { fromSec, share } of shares) {
      if (fromSec < 60) {
        expect(share).toBe(0);
        continue;
      }
      const w = slowStartWeight(10, 60_000, fromSec * 1000, 100);
      // 5000 requests a window; smooth WRR follows a weight to within a few requests.
      expect(Math.abs(share - w / (10 + w))).toBeLessThan(0.01);
    }
    // Rising roughly linearly: the share in the middle of the ramp is about 5 / 15.
    const middle = shares.find((s) => s.fromSec === 110)!;
    expect(middle.share).toBeCloseTo(5 / 15, 1);
    expect(shares.at(-1)!.share).toBeCloseTo(0.5, 2);
  });

  it('ramps with least request too: shares follow the ramped weights, flattened by load', async () => {
    const report = await simulate(bindMidRun({ slowStartSec: 100, algorithm: 'least-request' }));
    // Under load (~200 in flight) least request's shares follow √weight (test/sim/least-request).
    for (const { fromSec, share } of windowShares(report, 'ins-1:8080')) {
      if (fromSec < 60) continue;
      const w = Math.sqrt(slowStartWeight(10, 60_000, fromSec * 1000, 100));
      expect(Math.abs(share - w / (Math.sqrt(10) + w))).toBeLessThan(0.05);
    }
  });

  it('changes nothing when absent or 0: the same report, byte for byte', async () => {
    const without = await simulate(bindMidRun());
    const zero = await simulate(bindMidRun({ slowStartSec: 0 }));
    expect(JSON.stringify(zero)).toBe(JSON.stringify(without));
    // And without it the new target takes its full share at once.
    expect(windowShares(without, 'ins-1:8080').find((s) => s.fromSec === 60)!.share).toBeCloseTo(
      0.5,
      2,
    );
  });

  it('does not ramp the targets present at the start (HAProxy: never when the balancer starts)', async () => {
    const report = await simulate(
      tcpScenario([10, 30], { options: { windowSec: 5 } }, { slowStartSec: 60 }),
    );
    expect(windowShares(report, 'ins-1:8080')[0]!.share).toBeCloseTo(0.75, 2);
  });

  it('retargets a ramp when the weight changes during it', async () => {
    const report = await simulate(
      bindMidRun({ slowStartSec: 100 }, [
        { atSec: 110, op: 'setWeight', listener: 'tcp-80', target: 'ins-1:8080', weight: 30 },
      ]),
    );
    for (const { fromSec, share } of windowShares(report, 'ins-1:8080')) {
      if (fromSec < 110) continue;
      const w = slowStartWeight(30, 60_000, fromSec * 1000, 100);
      expect(Math.abs(share - w / (10 + w))).toBeLessThan(0.01);
    }
  });

  it('starts a ramp when a target turns healthy again, from its healthy verdict', async () => {
    // Health checks on (5 s interval, thresholds 3): ins-1 fails from 30 s and recovers at 90 s.
    const report = await simulate(
      tcpScenario(
        [10, 10],
        {
          durationSec: 240,
          options: { windowSec: 5 },
          events: [
            { atSec: 30, op: 'down', instance: 'ins-1' },
            { atSec: 90, op: 'up', instance: 'ins-1' },
          ],
        },
        { slowStartSec: 60 },
      ),
    );
    const target = report.servers.find((s) => s.target === 'ins-1:8080')!;
    const healthy = target.health.filter((h) => h.state === 'healthy').at(-1)!;
    expect(healthy.atSec).toBeGreaterThan(90);
    const shares = windowShares(report, 'ins-1:8080');
    // The first whole window after the verdict: weight 1..2 of 10, a share near 1/11..2/12.
    const first = shares.find((s) => s.fromSec >= healthy.atSec)!;
    expect(first.share).toBeLessThan(0.2);
    expect(first.share).toBeGreaterThan(0);
    // A full window later it has its half.
    for (const s of shares.filter((s) => s.fromSec >= healthy.atSec + 60)) {
      expect(s.share).toBeCloseTo(0.5, 2);
    }
  });
});
