import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardExponential } from '../../src/random/exponential.js';
import { createRng, type Rng } from '../../src/random/rng.js';
import { sharesTest } from '../../src/testing/shares-test.js';

/**
 * Draws `draws` variates of `sample` and tests them against the exponential CDF of the given
 * rate with Pearson's chi-square, over `bins` bins of equal probability up to the 1 − 1/bins
 * quantile and one tail bin. Returns the p-value.
 */
function fitPValue(sample: (rng: Rng) => number, draws: number, seed: string, bins = 1000): number {
  const counts = new Array<number>(bins).fill(0);
  const rng = createRng(seed);
  for (let i = 0; i < draws; i++) {
    const cdf = 1 - Math.exp(-sample(rng));
    counts[Math.min(bins - 1, Math.floor(cdf * bins))]!++;
  }
  return sharesTest(counts, new Array<number>(bins).fill(1)).pValue;
}

/** Draws in the tail: the share beyond each of `cuts` against e^-cut, as z-scores. */
function tailZ(draws: number, seed: string, cuts: readonly number[]): number[] {
  const rng = createRng(seed);
  const beyond = cuts.map(() => 0);
  for (let i = 0; i < draws; i++) {
    const x = standardExponential(rng);
    cuts.forEach((cut, k) => {
      if (x > cut) beyond[k]!++;
    });
  }
  return cuts.map((cut, k) => {
    const p = Math.exp(-cut);
    return (beyond[k]! - draws * p) / Math.sqrt(draws * p * (1 - p));
  });
}

describe('standardExponential (ziggurat)', () => {
  it.each(['a', 'b', 'c'])(
    'follows the exponential CDF over 1000 bins (chi-square, seed %s)',
    (seed) => {
      expect(fitPValue(standardExponential, 2_000_000, `exp-${seed}`)).toBeGreaterThan(1e-4);
    },
  );

  it('is told apart from a rate 1% off (the test has power)', () => {
    const slow = (rng: Rng): number => standardExponential(rng) * 1.01;
    expect(fitPValue(slow, 2_000_000, 'power', 100)).toBeLessThan(1e-6);
  });

  it('has the tail of e^-x past the base layer (R = 7.70), not a truncated one', () => {
    // 5e6 draws: about 2,260 past R, 227 past 10, 15 past 12.7.
    for (const z of tailZ(5_000_000, 'tail', [5, 7.5, R_EDGE, 8, 10, 12.7])) {
      expect(Math.abs(z)).toBeLessThan(4.5);
    }
  });

  it('has the moments of the exponential: mean 1, E[x²] 2, E[x³] 6', () => {
    const rng = createRng('moments');
    const n = 2_000_000;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    for (let i = 0; i < n; i++) {
      const x = standardExponential(rng);
      m1 += x;
      m2 += x * x;
      m3 += x * x * x;
    }
    // Standard errors: 1/√n, √20/√n, √684/√n.
    expect(Math.abs(m1 / n - 1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 2)).toBeLessThan(5 * Math.sqrt(20 / n));
    expect(Math.abs(m3 / n - 6)).toBeLessThan(5 * Math.sqrt(684 / n));
  });

  it('returns a finite non-negative number for every draw, and replays the same stream', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 8,
          maxLength: 8,
        }),
        (draws) => {
          // A scripted generator reaches every branch: the rare ones need draws near 0 or 1.
          let at = 0;
          const scripted: Rng = { next: () => draws[at++ % draws.length]!, nextUint32: () => 0 };
          const x = standardExponential(scripted);
          expect(Number.isFinite(x) && x >= 0).toBe(true);
        },
      ),
    );
    const a = createRng('same');
    const b = createRng('same');
    for (let i = 0; i < 10_000; i++) expect(standardExponential(a)).toBe(standardExponential(b));
  });
});

/** Where the base layer's tail starts. */
const R_EDGE = 7.697117470131487;
