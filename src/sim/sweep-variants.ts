/**
 * What a sweep runs: one variant per (algorithm, seed), numbered algorithm-major
 * (`index = a · seeds + k`), and how each variant's scenario and seed are made. Shared by the
 * in-process loop and the worker threads, so both run the same thing for the same index.
 */
import type { AlgorithmComparison } from '../report/types.js';
import type { UserPickers } from '../balancer/user-algorithms.js';
import { compareAlgorithm } from './compare.js';

/** The caps every run is held to (`SimulateOptions` without functions, so they cross threads). */
export interface SweepCaps {
  readonly maxRequests?: number;
  readonly maxMemoryMb?: number;
  readonly maxEvents?: number;
}

/** One run of a sweep. */
export interface Variant {
  readonly algorithm: string;
  readonly seed: string;
}

/**
 * The seeds of `runs` runs of a scenario whose seed is `seed`: the first is `seed` itself (so a
 * sweep's first run is the single run `lbsim compare` makes), run k (k = 2..runs) uses
 * `${seed}#${k}`. The runs' random streams are derived from these as a single run's are from its
 * seed, so they are independent of each other and of the number of runs.
 */
export function sweepSeeds(seed: string, runs: number): string[] {
  return Array.from({ length: runs }, (_, i) => (i === 0 ? seed : `${seed}#${i + 1}`));
}

/** Every (algorithm, seed) pair, algorithm-major. */
export function sweepVariants(algorithms: readonly string[], seeds: readonly string[]): Variant[] {
  return algorithms.flatMap((algorithm) => seeds.map((seed) => ({ algorithm, seed })));
}

/** `scenario` (raw JSON) with its seed replaced; anything but a plain object is left as it is. */
function withSeed(scenario: unknown, seed: string): unknown {
  if (scenario === null || typeof scenario !== 'object' || Array.isArray(scenario)) return scenario;
  return { ...(scenario as Record<string, unknown>), seed };
}

/** Runs one variant: `compareAlgorithm` on the scenario with the variant's seed. */
export function runVariant(
  scenario: unknown,
  variant: Variant,
  caps: SweepCaps,
  pickers: UserPickers | undefined,
  signal?: AbortSignal,
): Promise<AlgorithmComparison> {
  return compareAlgorithm(withSeed(scenario, variant.seed), variant.algorithm, {
    ...caps,
    ...(pickers === undefined ? {} : { pickers }),
    ...(signal === undefined ? {} : { signal }),
  });
}
