/**
 * Service-time distributions of a backend's service model: exponential (memoryless, M/M/c),
 * lognormal (the usual shape of real request latencies: a long right tail) and constant (M/D/c).
 * A lognormal is given by its mean and 99th percentile: with z = Φ⁻¹(0.99) = 2.3263,
 * mean = exp(μ + σ²/2) and p99 = exp(μ + zσ), so σ = z − √(z² − 2·ln(p99/mean)) (the smaller root)
 * and μ = ln(mean) − σ²/2. That needs mean < p99 ≤ mean·exp(z²/2) (about 14.97 × mean); without
 * p99 the lognormal has σ = DEFAULT_LOGNORMAL_SIGMA (0.5: p99 ≈ 2.84 × mean).
 *
 * Draws are the ziggurat (exponential, `random/exponential.ts`) or Box–Muller (lognormal, keeping
 * the spare normal), O(1) without allocation, from the `Rng` passed in.
 */
import { exponential } from '../random/exponential.js';
import type { Rng } from '../random/rng.js';

/** The distributions a service time may follow. */
export const SERVICE_DISTRIBUTIONS = ['exponential', 'lognormal', 'constant'] as const;
/** One of `SERVICE_DISTRIBUTIONS`. */
export type ServiceDistribution = (typeof SERVICE_DISTRIBUTIONS)[number];

/** Φ⁻¹(0.99): the standard normal's 99th percentile. */
export const Z99 = 2.326347874040841;
/** σ of a lognormal given without p99. */
export const DEFAULT_LOGNORMAL_SIGMA = 0.5;
/** The largest p99 / mean a lognormal can have (σ = z). */
export const MAX_LOGNORMAL_P99_RATIO = Math.exp((Z99 * Z99) / 2);

/** A service time as a scenario writes it (ms). */
export interface LatencySpec {
  readonly distribution: ServiceDistribution;
  readonly mean: number;
  readonly p99?: number | undefined;
}

/** σ of a lognormal with this mean and p99 (or the default), or NaN when none exists. */
export function lognormalSigma(mean: number, p99: number | undefined): number {
  if (p99 === undefined) return DEFAULT_LOGNORMAL_SIGMA;
  const d = Z99 * Z99 - 2 * Math.log(p99 / mean);
  if (!(p99 > mean) || d < 0) return NaN;
  return Z99 - Math.sqrt(d);
}

/** Draws service times of one distribution. */
export class ServiceTime {
  readonly #kind: number;
  readonly #mean: number;
  readonly #mu: number;
  readonly #sigma: number;
  #spare = 0;
  #hasSpare = false;

  constructor(spec: LatencySpec) {
    this.#kind = SERVICE_DISTRIBUTIONS.indexOf(spec.distribution);
    this.#mean = spec.mean;
    this.#sigma = spec.distribution === 'lognormal' ? lognormalSigma(spec.mean, spec.p99) : 0;
    this.#mu = Math.log(spec.mean) - (this.#sigma * this.#sigma) / 2;
  }

  /** One service time in ms. */
  draw(rng: Rng): number {
    if (this.#kind === 0) return exponential(rng, this.#mean);
    if (this.#kind === 2) return this.#mean;
    return Math.exp(this.#mu + this.#sigma * this.#normal(rng));
  }

  /** A standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  #normal(rng: Rng): number {
    if (this.#hasSpare) {
      this.#hasSpare = false;
      return this.#spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const theta = 2 * Math.PI * rng.next();
    this.#spare = r * Math.sin(theta);
    this.#hasSpare = true;
    return r * Math.cos(theta);
  }
}
