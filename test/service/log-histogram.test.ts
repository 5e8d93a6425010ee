import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketMidpoint,
  bucketOf,
  HISTOGRAM_RELATIVE_ERROR,
  LogHistogram,
} from '../../src/service/log-histogram.js';

/** Nearest-rank quantile of a sorted array (the reference). */
function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

const latency = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 1e4, noNaN: true }),
  fc.double({ min: 0, max: 1e9, noNaN: true }),
);

describe('LogHistogram', () => {
  it('states a relative error under 1%', () => {
    expect(HISTOGRAM_RELATIVE_ERROR).toBeLessThan(0.01);
  });

  it('every quantile is within the stated error of the sorted-array reference', () => {
    fc.assert(
      fc.property(
        fc.array(latency, { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (values, q) => {
          const h = new LogHistogram(4);
          for (const v of values) h.record(v);
          const sorted = values.map((v) => Math.round(v * 1000) / 1000).sort((a, b) => a - b);
          const expected = nearestRank(sorted, q);
          const got = h.quantileMs(q);
          // Below 128 µs: exact to the microsecond; above: within the relative error.
          expect(Math.abs(got - expected)).toBeLessThanOrEqual(
            Math.max(0.0005, expected * HISTOGRAM_RELATIVE_ERROR) + 1e-9,
          );
          expect(h.count).toBe(values.length);
        },
      ),
    );
  });

  it('the mean is exact to the microsecond and adding histograms is recording both', () => {
    fc.assert(
      fc.property(fc.array(latency), fc.array(latency), (a, b) => {
        const ha = new LogHistogram();
        const hb = new LogHistogram();
        const both = new LogHistogram();
        for (const v of a) ha.record(v);
        for (const v of b) hb.record(v);
        for (const v of [...a, ...b]) both.record(v);
        ha.add(hb);
        for (const q of [0.5, 0.9, 0.99, 0.999, 1])
          expect(ha.quantileMs(q)).toBe(both.quantileMs(q));
        const all = [...a, ...b];
        const mean =
          all.length === 0
            ? 0
            : all.reduce((s, v) => s + Math.round(v * 1000), 0) / all.length / 1000;
        expect(ha.meanMs).toBeCloseTo(mean, 6);
      }),
    );
  });

  it('buckets are monotone and their midpoint lies in them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 53 - 1 }), (us) => {
        const b = bucketOf(us);
        expect(bucketOf(us + 1)).toBeGreaterThanOrEqual(b);
        const mid = bucketMidpoint(b);
        expect(Math.abs(mid - us)).toBeLessThanOrEqual(
          Math.max(0, us * HISTOGRAM_RELATIVE_ERROR) + 0.5,
        );
      }),
    );
  });

  it('is empty at first', () => {
    const h = new LogHistogram();
    expect(h.quantileMs(0.5)).toBe(0);
    expect(h.meanMs).toBe(0);
  });
});
