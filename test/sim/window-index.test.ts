import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowIndex } from '../../src/sim/traffic.js';

describe('WindowIndex', () => {
  it('answers min(⌊now / windowMs⌋, windows − 1) for every non-decreasing sequence of times', () => {
    const boundaryTimes = (windowMs: number): fc.Arbitrary<number> =>
      fc.integer({ min: 0, max: 200 }).chain((k) =>
        fc.constantFrom(
          k * windowMs,
          Math.max(0, k * windowMs - 1e-9),
          k * windowMs + 1e-9,
          // The doubles next to the boundary.
          Math.max(0, k * windowMs * (1 - 2 ** -52)),
          k * windowMs * (1 + 2 ** -52),
        ),
      );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(1, 0.1, 0.3, 1000, 1e-3),
          fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        ),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 0, max: 1000 }),
        (windowMs, windows, seed) => {
          const times = fc.sample(
            fc.array(
              fc.oneof(
                boundaryTimes(windowMs),
                fc.double({ min: 0, max: 200 * windowMs, noNaN: true }),
              ),
              {
                maxLength: 200,
              },
            ),
            { seed, numRuns: 1 },
          )[0]!;
          times.sort((a, b) => a - b);
          const index = new WindowIndex(windowMs, windows);
          for (const t of times) {
            expect(index.at(t)).toBe(Math.min((t / windowMs) | 0, windows - 1));
          }
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});
