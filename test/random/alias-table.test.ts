import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AliasTable } from '../../src/random/alias-table.js';
import { createRng } from '../../src/random/rng.js';

describe('AliasTable', () => {
  it('implies exactly the weight distribution, for all weight vectors', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 40 })
          .filter((ws) => ws.some((w) => w > 1e-6)),
        (weights) => {
          const table = new AliasTable(weights);
          const total = weights.reduce((a, b) => a + b, 0);
          weights.forEach((w, i) => {
            expect(table.probability(i)).toBeCloseTo(w / total, 9);
          });
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('samples in proportion to weight and never a zero weight', () => {
    const table = new AliasTable([1, 0, 3]);
    const rng = createRng('alias');
    const counts = [0, 0, 0];
    const n = 40_000;
    for (let i = 0; i < n; i++) counts[table.sample(rng)]!++;
    expect(counts[1]).toBe(0);
    // 4 sigma of a binomial with p = 0.25.
    expect(Math.abs(counts[0]! / n - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / n));
  });

  it('rejects bad weights', () => {
    expect(() => new AliasTable([1, -1])).toThrow(RangeError);
    expect(() => new AliasTable([0, 0])).toThrow(/at least one/);
    expect(() => new AliasTable([NaN])).toThrow(RangeError);
  });
});
