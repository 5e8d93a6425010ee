import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HEALTH_DEFAULTS,
  nextProbeMs,
  probeOutcomeDelayMs,
  probePhaseMs,
  resolveHealthCheck,
} from '../../src/health/probe-schedule.js';

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

  it('finds the next probe time on the phase grid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 300_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (intervalMs, f, fromMs) => {
          const phase = Math.floor(f * intervalMs);
          const at = nextProbeMs(phase, intervalMs, fromMs);
          expect(at).toBeGreaterThanOrEqual(fromMs);
          expect(at).toBeLessThan(fromMs + intervalMs);
          expect((at - phase) % intervalMs).toBe(0);
        },
      ),
      { seed: 42 },
    );
  });

  it('knows a success at the probe time and a failure at probe time + timeout', () => {
    expect(probeOutcomeDelayMs(true, 2000)).toBe(0);
    expect(probeOutcomeDelayMs(false, 2000)).toBe(2000);
  });

  it('fills in the SPEC defaults and converts to milliseconds', () => {
    expect(HEALTH_DEFAULTS).toEqual({
      intervalSec: 5,
      timeoutSec: 2,
      healthyThreshold: 3,
      unhealthyThreshold: 3,
    });
    expect(resolveHealthCheck()).toEqual({
      intervalMs: 5000,
      timeoutMs: 2000,
      healthyThreshold: 3,
      unhealthyThreshold: 3,
    });
    expect(
      resolveHealthCheck({
        intervalSec: 300,
        timeoutSec: 60,
        healthyThreshold: 10,
        unhealthyThreshold: 2,
      }),
    ).toEqual({
      intervalMs: 300_000,
      timeoutMs: 60_000,
      healthyThreshold: 10,
      unhealthyThreshold: 2,
    });
  });

  it('enforces the SPEC ranges, naming the field and the value', () => {
    expect(() => resolveHealthCheck({ intervalSec: 1 })).toThrow(
      /probe-schedule: intervalSec must be an integer in 2..300, got 1/,
    );
    expect(() => resolveHealthCheck({ intervalSec: 301 })).toThrow(RangeError);
    expect(() => resolveHealthCheck({ intervalSec: 70, timeoutSec: 61 })).toThrow(
      /timeoutSec .* got 61/,
    );
    expect(() => resolveHealthCheck({ intervalSec: 3, timeoutSec: 3 })).toThrow(
      /smaller than intervalSec \(3\), got 3/,
    );
    expect(() => resolveHealthCheck({ healthyThreshold: 1 })).toThrow(/healthyThreshold .* got 1/);
    expect(() => resolveHealthCheck({ unhealthyThreshold: 11 })).toThrow(
      /unhealthyThreshold .* got 11/,
    );
    expect(() => resolveHealthCheck({ healthyThreshold: 2.5 })).toThrow(RangeError);
    expect(() => probePhaseMs('x', 0)).toThrow(/probe-schedule: intervalMs/);
  });
});
