import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probeOutcomeDelayMs, probePhaseMs } from '../../src/health/probe-schedule.js';

describe('probe schedule', () => {
  it('gives each target a deterministic whole-millisecond phase in [0, interval)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 300_000 }), (id, intervalMs) => {
        const phase = probePhaseMs(id, intervalMs);
        expect(Number.isInteger(phase)).toBe(true);
        expect(phase).toBeGreaterThanOrEqual(0);
        expect(phase).toBeLessThan(intervalMs);
        expect(probePhaseMs(id, intervalMs)).toBe(phase);
      }),
      { seed: 42 },
    );
    expect(probePhaseMs('ins-a:8080', 0.5)).toBe(0);
  });

  it('spreads the probes of different targets over the interval', () => {
    const phases = new Set<number>();
    for (let i = 0; i < 100; i++) phases.add(Math.floor(probePhaseMs(`ins-${i}:80`, 5000) / 500));
    // 100 targets over ten 500 ms buckets: every bucket gets some.
    expect(phases.size).toBe(10);
  });

  it('knows a success at the probe time and a failure at probe time + timeout', () => {
    expect(probeOutcomeDelayMs(true, 2000)).toBe(0);
    expect(probeOutcomeDelayMs(false, 2000)).toBe(2000);
  });
});
