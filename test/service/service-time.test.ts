import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import { lognormalSigma, ServiceTime, Z99 } from '../../src/service/service-time.js';

function sample(spec: ConstructorParameters<typeof ServiceTime>[0], n: number): number[] {
  const time = new ServiceTime(spec);
  const rng = createRng('service-time');
  return Array.from({ length: n }, () => time.draw(rng)).sort((a, b) => a - b);
}

describe('service times', () => {
  it('a lognormal given mean and p99 has that mean and p99', () => {
    const xs = sample({ distribution: 'lognormal', mean: 20, p99: 100 }, 200_000);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    // Sampling spread at 200k draws: about 0.3% for the mean, 1% for p99.
    expect(Math.abs(mean / 20 - 1)).toBeLessThan(0.02);
    expect(Math.abs(xs[Math.ceil(0.99 * xs.length) - 1]! / 100 - 1)).toBeLessThan(0.04);
  });

  it('σ solves p99 = exp(μ + zσ) with μ = ln(mean) − σ²/2; none when p99 ≤ mean', () => {
    const s = lognormalSigma(20, 100);
    expect(Math.log(20) - (s * s) / 2 + Z99 * s).toBeCloseTo(Math.log(100), 9);
    expect(lognormalSigma(20, 20)).toBeNaN();
    expect(lognormalSigma(20, 20 * 16)).toBeNaN();
  });

  it('exponential has its mean, constant is constant', () => {
    const xs = sample({ distribution: 'exponential', mean: 7 }, 200_000);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length / 7 - 1)).toBeLessThan(0.02);
    expect(new Set(sample({ distribution: 'constant', mean: 3 }, 10))).toEqual(new Set([3]));
  });
});
