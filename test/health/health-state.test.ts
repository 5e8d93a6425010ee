import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  initialHealth,
  stepHealth,
  takesTraffic,
  type HealthStateName,
  type HealthStatus,
} from '../../src/health/health-state.js';

/**
 * The reference: one counter per outcome, each reset by the opposite outcome and by any state
 * change; probing and abnormal leave on `healthy` successes, probing and healthy on `unhealthy`
 * failures.
 */
function referenceStates(
  start: HealthStateName,
  outcomes: readonly boolean[],
  healthy: number,
  unhealthy: number,
): HealthStateName[] {
  let state = start;
  let ok = 0;
  let bad = 0;
  const out: HealthStateName[] = [];
  for (const o of outcomes) {
    if (state !== 'closed') {
      if (o) {
        ok++;
        bad = 0;
      } else {
        bad++;
        ok = 0;
      }
      if (ok === healthy && state !== 'healthy') {
        state = 'healthy';
        ok = 0;
      } else if (bad === unhealthy && state !== 'abnormal') {
        state = 'abnormal';
        bad = 0;
      }
    }
    out.push(state);
  }
  return out;
}

const threshold = fc.integer({ min: 2, max: 10 });

describe('health state machine', () => {
  it('changes state at exactly the threshold counts, for every threshold 2..10 (reference)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('steady' as const, 'new' as const, 'off' as const),
        threshold,
        threshold,
        fc.array(fc.boolean(), { maxLength: 80 }),
        fc.nat(10),
        (kind, healthyThreshold, unhealthyThreshold, raw, bias) => {
          // Long runs of one outcome make thresholds up to 10 reachable.
          const outcomes = raw.flatMap((o, i) =>
            new Array<boolean>(1 + ((i * 7 + bias) % 11)).fill(o),
          );
          let status: HealthStatus = initialHealth(kind, 0);
          let lastChange = 0;
          const expected = referenceStates(
            status.state,
            outcomes,
            healthyThreshold,
            unhealthyThreshold,
          );
          outcomes.forEach((ok, i) => {
            const now = (i + 1) * 5000;
            const next = stepHealth(status, ok, now, { healthyThreshold, unhealthyThreshold });
            if (next.state !== status.state) lastChange = now;
            status = next;
            expect(status.state).toBe(expected[i]);
            expect(status.since).toBe(lastChange);
          });
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });

  it('turns healthy → abnormal → healthy at the exact probe counts', () => {
    const t = { healthyThreshold: 4, unhealthyThreshold: 2 };
    let s = initialHealth('steady', 0);
    s = stepHealth(s, false, 1, t);
    expect(s).toEqual({ state: 'healthy', failures: 1, since: 0 });
    s = stepHealth(s, true, 2, t); // a success resets the run
    s = stepHealth(s, false, 3, t);
    expect(s.state).toBe('healthy');
    s = stepHealth(s, false, 4, t);
    expect(s).toEqual({ state: 'abnormal', successes: 0, since: 4 });
    for (let i = 0; i < 3; i++) s = stepHealth(s, true, 5 + i, t);
    expect(s).toEqual({ state: 'abnormal', successes: 3, since: 4 });
    s = stepHealth(s, true, 8, t);
    expect(s).toEqual({ state: 'healthy', failures: 0, since: 8 });
  });

  it('keeps closed targets closed and taking traffic whatever the probes say', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean()), threshold, threshold, (outcomes, h, u) => {
        const start = initialHealth('off', 3);
        let s = start;
        for (const ok of outcomes)
          s = stepHealth(s, ok, 10, { healthyThreshold: h, unhealthyThreshold: u });
        expect(s).toBe(start);
        expect(takesTraffic(s)).toBe(true);
      }),
      { seed: 42 },
    );
  });

  it('starts targets present at the start healthy, and new ones probing without traffic until they pass', () => {
    const t = { healthyThreshold: 3, unhealthyThreshold: 3 };
    expect(initialHealth('steady', 0)).toEqual({ state: 'healthy', failures: 0, since: 0 });
    expect(takesTraffic(initialHealth('steady', 0))).toBe(true);
    let s = initialHealth('new', 100);
    expect(s).toEqual({ state: 'probing', successes: 0, failures: 0, since: 100 });
    const seen: boolean[] = [];
    for (let i = 1; i <= 3; i++) {
      seen.push(takesTraffic(s));
      s = stepHealth(s, true, 100 + i * 5000, t);
    }
    expect(seen).toEqual([false, false, false]);
    expect(s).toEqual({ state: 'healthy', failures: 0, since: 15_100 });
    expect(takesTraffic(s)).toBe(true);
  });

  it('turns a new target whose probes keep failing abnormal (no traffic)', () => {
    const t = { healthyThreshold: 3, unhealthyThreshold: 2 };
    let s = initialHealth('new', 0);
    s = stepHealth(s, true, 1, t);
    s = stepHealth(s, false, 2, t); // resets the successes
    expect(s).toEqual({ state: 'probing', successes: 0, failures: 1, since: 0 });
    s = stepHealth(s, false, 3, t);
    expect(s).toEqual({ state: 'abnormal', successes: 0, since: 3 });
    expect(takesTraffic(s)).toBe(false);
  });

  it('returns the same object when nothing changes', () => {
    const t = { healthyThreshold: 3, unhealthyThreshold: 3 };
    const healthy = initialHealth('steady', 0);
    expect(stepHealth(healthy, true, 5, t)).toBe(healthy);
    const abnormal: HealthStatus = { state: 'abnormal', successes: 0, since: 0 };
    expect(stepHealth(abnormal, false, 5, t)).toBe(abnormal);
    expect(stepHealth(abnormal, true, 5, t)).not.toBe(abnormal);
  });

  it('rejects an unknown start kind', () => {
    expect(() => initialHealth('bogus' as 'new', 0)).toThrow(/health-state: kind .* got "bogus"/);
  });
});
