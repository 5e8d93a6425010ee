/** Eligibility: who takes new requests, with what weight, and when the pool fails open. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialHealth, type HealthStatus } from '../../src/health/health-state.js';
import { eligibility, type Candidate } from '../../src/listener/eligibility.js';

const healthy = initialHealth('steady', 0);
const probing = initialHealth('new', 0);
const closed = initialHealth('off', 0);
const abnormal: HealthStatus = { state: 'abnormal', successes: 0, since: 0 };

const t = (weight: number, health: HealthStatus, bound = true): Candidate => ({
  bound,
  weight,
  health,
});

describe('eligibility', () => {
  it('gives weight to bound, weight > 0, healthy or closed targets only', () => {
    const e = eligibility(
      [
        t(10, healthy),
        t(20, closed),
        t(30, probing),
        t(40, abnormal),
        t(0, healthy),
        t(50, healthy, false),
      ],
      0,
    );
    expect([...e.weights]).toEqual([10, 20, 0, 0, 0, 0]);
    expect(e.failOpen).toBe(false);
  });

  it('fails open when every candidate is abnormal: all of them (weight > 0) take traffic', () => {
    const e = eligibility(
      [t(10, abnormal), t(0, abnormal), t(30, abnormal), t(5, healthy, false)],
      0,
    );
    expect(e.failOpen).toBe(true);
    expect([...e.weights]).toEqual([10, 0, 30, 0]);
  });

  it('does not fail open while a target is still probing (it may yet pass)', () => {
    const e = eligibility([t(10, abnormal), t(10, probing)], 0);
    expect(e.failOpen).toBe(false);
    expect([...e.weights]).toEqual([0, 0]);
  });

  it('leaves a passively ejected target out until its ejection ends, and says when', () => {
    const until = [5_000, -Infinity];
    const during = eligibility([t(10, healthy), t(10, healthy)], 1_000, (i) => until[i]!);
    expect([...during.weights]).toEqual([0, 10]);
    expect(during.nextRestoreMs).toBe(5_000);
    const after = eligibility([t(10, healthy), t(10, healthy)], 5_000, (i) => until[i]!);
    expect([...after.weights]).toEqual([10, 10]);
    expect(after.nextRestoreMs).toBe(Infinity);
  });

  it('keeps its rules for all pools', () => {
    const health = fc.constantFrom(healthy, probing, closed, abnormal);
    const candidate = fc.record({
      bound: fc.boolean(),
      weight: fc.integer({ min: 0, max: 100 }),
      health,
    });
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (targets, ejected) => {
          const e = eligibility(targets, 100, (i) => (ejected[i] ? 200 : -Infinity));
          const candidates = targets.filter((c) => c.bound && c.weight > 0);
          const allAbnormal =
            candidates.length > 0 && candidates.every((c) => c.health.state === 'abnormal');
          expect(e.failOpen).toBe(allAbnormal);
          targets.forEach((c, i) => {
            const w = e.weights[i]!;
            if (w > 0) expect(w).toBe(c.weight);
            if (!c.bound || c.weight === 0) expect(w).toBe(0);
            else if (e.failOpen) expect(w).toBe(c.weight);
            else {
              const takes = c.health.state === 'healthy' || c.health.state === 'closed';
              expect(w > 0).toBe(takes && !ejected[i]);
            }
          });
        },
      ),
      { seed: 11 },
    );
  });
});
