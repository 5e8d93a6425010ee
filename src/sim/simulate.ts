/**
 * `simulate(scenario)`: validate, run, report — the library's main entry point (SPEC section 3).
 */
import type { Report } from '../report/types.js';
import type { Scenario } from '../scenario/types.js';
import {
  validateScenario,
  type ScenarioArgument,
  type ValidateOptions,
} from '../scenario/validate-scenario.js';
import { collectReport } from './collect-report.js';
import { Simulation } from './simulation.js';

/** Options of `simulate`. */
export interface SimulateOptions {
  /**
   * Refuse scenarios expecting more requests than this.
   * @defaultValue the scenario's `options.maxRequests`, else 1e9
   */
  readonly maxRequests?: number | undefined;
  /**
   * Refuse scenarios whose estimated peak memory is over this many MiB.
   * @defaultValue the scenario's `options.maxMemoryMb`, else 1536
   */
  readonly maxMemoryMb?: number | undefined;
  /**
   * Refuse scenarios with more timed events than this.
   * @defaultValue the scenario's `options.maxEvents`, else 100,000
   */
  readonly maxEvents?: number | undefined;
  /** Called now and then with the fraction of simulated time done (0..1). */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * Runs a scenario (raw JSON as parsed, or one `validateScenario` returned) and reports each
 * server's share. Throws a `ScenarioError` listing every problem when the scenario is invalid.
 * Deterministic: the same scenario and seed give the same report.
 */
export function simulate(
  scenario: ScenarioArgument,
  options: SimulateOptions = {},
): Promise<Report> {
  try {
    const valid = validateScenario(scenario, validateOptions(options));
    return Promise.resolve(runValidated(valid, options));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** The caps of `options`, as `validateScenario` takes them. */
export function validateOptions(options: SimulateOptions): ValidateOptions {
  const { maxRequests, maxMemoryMb, maxEvents } = options;
  return {
    ...(maxRequests === undefined ? {} : { maxRequests }),
    ...(maxMemoryMb === undefined ? {} : { maxMemoryMb }),
    ...(maxEvents === undefined ? {} : { maxEvents }),
  };
}

/** Runs a scenario `validateScenario` returned, without validating it again. */
export function runValidated(scenario: Scenario, options: SimulateOptions = {}): Report {
  const sim = new Simulation(scenario);
  sim.run(options.onProgress === undefined ? {} : { onProgress: options.onProgress });
  return collectReport(sim);
}
