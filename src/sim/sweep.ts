/**
 * `sweep(scenario, { seeds, algorithms, workers })`: confidence instead of one seed. Runs the
 * scenario once per (algorithm, seed) as `compareAlgorithm` does, spread over worker threads, and
 * reports each metric as its mean and 95% interval over the seeds (Student t; `sweep-stats.ts`).
 * Seeds come from the scenario's own (`sweepSeeds`). Rows are collected by variant index, so the
 * result is the same bytes whatever the number of workers, in-process included.
 */
import { availableParallelism } from 'node:os';
import { importPickers, pickerModuleUrl } from '../balancer/picker-module.js';
import { algorithmLookup, type UserPickers } from '../balancer/user-algorithms.js';
import type { AlgorithmName } from '../balancer/algorithms.js';
import { LbsimRangeError, LbsimTypeError } from '../errors.js';
import { MAX_SWEEP_SEEDS } from '../limits.js';
import type { AlgorithmComparison } from '../report/types.js';
import { validateScenario, type ScenarioArgument } from '../scenario/validate-scenario.js';
import { abortError, runInWorkers } from './sweep-pool.js';
import { summarizeSweep, type SweepResult } from './sweep-summary.js';
import {
  runVariant,
  sweepSeeds,
  sweepVariants,
  type SweepCaps,
  type Variant,
} from './sweep-variants.js';

export type { SweepResult, SweepRow, SweepMetric } from './sweep-summary.js';
export type { MetricInterval } from './sweep-stats.js';

/** Options of {@link sweep}. */
export interface SweepOptions {
  /**
   * Runs per algorithm, each with its own seed (an integer in 2..1000).
   * @defaultValue 10
   */
  readonly seeds?: number | undefined;
  /**
   * The algorithms to compare, each run with every listener and rule switched to it.
   * @defaultValue every built-in algorithm, then the names of `pickers` or `pickerModule`
   */
  readonly algorithms?: readonly AlgorithmName[] | undefined;
  /**
   * Worker threads; `0` runs every variant in this thread (between chunks of 2^16 requests it
   * yields to the event loop, as `simulate` does).
   * @defaultValue `os.availableParallelism() − 1`, at least 1
   */
  readonly workers?: number | undefined;
  /**
   * Your own pickers by name, as for `simulate`. Functions cannot be sent to a worker thread, so
   * with `pickers` the sweep runs in this thread whatever `workers` says; give `pickerModule`
   * instead to spread your pickers over threads.
   * @defaultValue none
   */
  readonly pickers?: UserPickers | undefined;
  /**
   * A path (resolved against the working directory) or `file:` URL of an ES module of your own
   * pickers, imported here and in each worker thread: its named exports by export name, a
   * default export that is a picker by the file's base name, a default export that is an object
   * of pickers by their keys (the contract of `lbsim run --pickers`). Not with `pickers`.
   * @defaultValue none
   */
  readonly pickerModule?: string | URL | undefined;
  /**
   * Stops the sweep: it rejects with a `DOMException` named `AbortError` after terminating its
   * worker threads.
   * @defaultValue none
   */
  readonly signal?: AbortSignal | undefined;
  /** As for `simulate`, applied to every run. @defaultValue the scenario's, else 1e9 */
  readonly maxRequests?: number | undefined;
  /** As for `simulate`, applied to every run. @defaultValue the scenario's, else 1536 */
  readonly maxMemoryMb?: number | undefined;
  /** As for `simulate`, applied to every run. @defaultValue the scenario's, else 100,000 */
  readonly maxEvents?: number | undefined;
}

/** Runs per algorithm when `seeds` is not given. */
export const DEFAULT_SWEEP_SEEDS = 10;

/** The default number of worker threads: all processors but one (for the caller), at least 1. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

function checkCount(name: string, value: number, lo: number, hi: number): number {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new LbsimRangeError(
      'ERR_SWEEP_OPTION',
      `sweep: ${name} must be an integer in ${lo}..${hi}, got ${String(value)}`,
    );
  }
  return value;
}

function capsOf(options: SweepOptions): SweepCaps {
  const { maxRequests, maxMemoryMb, maxEvents } = options;
  return {
    ...(maxRequests === undefined ? {} : { maxRequests }),
    ...(maxMemoryMb === undefined ? {} : { maxMemoryMb }),
    ...(maxEvents === undefined ? {} : { maxEvents }),
  };
}

/** The user's pickers of this call: `pickers`, or those of `pickerModule`. */
async function userPickers(options: SweepOptions): Promise<UserPickers | undefined> {
  if (options.pickerModule === undefined) return options.pickers;
  if (options.pickers !== undefined) {
    throw new LbsimTypeError('ERR_SWEEP_OPTION', 'sweep: give pickers or pickerModule, not both');
  }
  return importPickers(options.pickerModule);
}

/**
 * Runs `scenario` once per algorithm and seed and reports each `compareAlgorithm` metric as its
 * mean and 95% interval over the seeds. The scenario is validated once before any run (a
 * `ScenarioError` lists its problems); an algorithm the scenario forbids gives a row with
 * `invalid` set. Same scenario and options, same result, whatever `workers` is.
 */
export async function sweep(
  scenario: ScenarioArgument,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const { signal } = options;
  if (signal?.aborted === true) throw abortError(signal);
  const runs = checkCount('seeds', options.seeds ?? DEFAULT_SWEEP_SEEDS, 2, MAX_SWEEP_SEEDS);
  const workers = checkCount('workers', options.workers ?? defaultWorkers(), 0, 1024);
  const pickers = await userPickers(options);
  const lookup = algorithmLookup(pickers);
  const algorithms = options.algorithms ?? lookup.names;
  if (algorithms.length === 0) {
    throw new LbsimRangeError('ERR_SWEEP_OPTION', 'sweep: algorithms must name at least one');
  }
  for (const name of algorithms) {
    if (lookup.describe(name) === undefined) {
      throw new LbsimRangeError(
        'ERR_SWEEP_OPTION',
        `sweep: algorithms: "${name}" is not one of ${lookup.names.join(', ')}`,
      );
    }
  }
  const caps = capsOf(options);
  const valid = validateScenario(scenario, {
    ...caps,
    ...(pickers === undefined ? {} : { pickers }),
  });
  const seeds = sweepSeeds(valid.seed, runs);
  const variants = sweepVariants(algorithms, seeds);
  const rows =
    workers === 0 || options.pickers !== undefined
      ? await runHere(scenario, variants, caps, pickers, signal)
      : await runInWorkers(
          {
            scenario,
            caps,
            pickerModule:
              options.pickerModule === undefined
                ? undefined
                : pickerModuleUrl(options.pickerModule),
          },
          variants,
          workers,
          signal,
        );
  return summarizeSweep(algorithms, seeds, rows);
}

/** Every variant in this thread, one after another. */
async function runHere(
  scenario: unknown,
  variants: readonly Variant[],
  caps: SweepCaps,
  pickers: UserPickers | undefined,
  signal: AbortSignal | undefined,
): Promise<AlgorithmComparison[]> {
  const rows: AlgorithmComparison[] = [];
  for (const variant of variants) {
    if (signal?.aborted === true) throw abortError(signal);
    rows.push(await runVariant(scenario, variant, caps, pickers, signal));
  }
  return rows;
}
