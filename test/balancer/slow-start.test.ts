import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextSlowStartMs,
  slowStartStepMs,
  slowStartSteps,
  slowStartUpdates,
  slowStartWeight,
} from '../../src/balancer/slow-start.js';

describe('slow start', () => {
  it('steps every max(1 s, window / 20), as HAProxy warms a server up', () => {
    expect(slowStartStepMs(1)).toBe(1000);
    expect(slowStartStepMs(10)).toBe(1000);
    expect(slowStartStepMs(20)).toBe(1000);
    expect(slowStartStepMs(60)).toBe(3000);
    expect(slowStartStepMs(3600)).toBe(180_000);
    expect([slowStartSteps(5), slowStartSteps(60)]).toEqual([5, 20]);
  });

  it('ramps linearly from weight 1 to the full weight over the window', () => {
    // 60 s window, weight 40: 20 steps of 3 s, weight ceil(40 k / 20) = 2k from step 1.
    const at = (sec: number): number => slowStartWeight(40, 10_000, 10_000 + sec * 1000, 60);
    expect(at(0)).toBe(1);
    expect(at(2.999)).toBe(1);
    expect(at(3)).toBe(2);
    expect(at(30)).toBe(20);
    expect(at(59.9)).toBe(38);
    expect(at(60)).toBe(40);
    expect(at(1e6)).toBe(40);
  });

  it('is off with a window of 0 and leaves weight 0 alone', () => {
    expect(slowStartWeight(30, 0, 1, 0)).toBe(30);
    expect(slowStartWeight(0, 0, 1, 60)).toBe(0);
    expect(nextSlowStartMs(0, 1, 0)).toBe(Infinity);
    expect(slowStartUpdates(0)).toBe(0);
  });

  it('for any start and window: weight in 1..w, non-decreasing, constant up to the next step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.integer({ min: 1, max: 3600 }),
        fc.array(fc.double({ min: 0, max: 4e6, noNaN: true }), { minLength: 2, maxLength: 20 }),
        (weight, since, windowSec, offsets) => {
          const times = offsets.map((o) => since + o).sort((a, b) => a - b);
          let previous = 0;
          let updates = 0;
          for (const now of times) {
            const w = slowStartWeight(weight, since, now, windowSec);
            expect(w).toBeGreaterThanOrEqual(Math.max(1, previous));
            expect(w).toBeLessThanOrEqual(weight);
            if (w !== previous) updates++;
            previous = w;
            const next = nextSlowStartMs(since, now, windowSec);
            if (next === Infinity) {
              expect(w).toBe(weight);
              continue;
            }
            expect(next).toBeGreaterThan(now);
            expect(next - now).toBeLessThanOrEqual(slowStartStepMs(windowSec) + 1e-6);
            // Just before the next step the weight is the same; the step itself is a boundary.
            const before = Math.max(now, next - 1e-3);
            expect(slowStartWeight(weight, since, before, windowSec)).toBe(w);
            expect(nextSlowStartMs(since, next, windowSec)).toBeGreaterThan(next);
          }
          expect(updates).toBeLessThanOrEqual(slowStartUpdates(windowSec));
          // The window's end is full weight, exactly.
          expect(slowStartWeight(weight, since, since + windowSec * 1000, windowSec)).toBe(weight);
        },
      ),
      { seed: 2024, numRuns: 500 },
    );
  });
});
