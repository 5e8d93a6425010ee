/**
 * `simulate(scenario)`: validate, run, report — the library's main entry point (SPEC section 3).
 * `simulate` yields to the event loop between chunks of simulated work and honours an
 * `AbortSignal`; `simulateSync` runs in one go. Both give the same report, byte for byte.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { algorithmLookup, type UserPickers } from '../balancer/user-algorithms.js';
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
  /**
   * Your own pickers by algorithm name (`factory(targets, options)` returning a `Picker`, or a
   * `UserAlgorithm` with its facts); a scenario may then name them as an `algorithm`.
   * @defaultValue none: only the algorithm table's names
   */
  readonly pickers?: UserPickers | undefined;
}

/** Options of `simulate`: those of `simulateSync` and a signal. */
export interface SimulateAsyncOptions extends SimulateOptions {
  /**
   * Stops the run: `simulate` rejects with a `DOMException` named `AbortError` (its `cause` is
   * the signal's reason), checked before validation and between chunks of 2^16 requests.
   * @defaultValue none: the run goes to the end
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs a scenario (raw JSON as parsed, or one `validateScenario` returned) and reports each
 * server's share. Rejects with a `ScenarioError` listing every problem when the scenario is
 * invalid, and with an `AbortError` when `options.signal` fires. Between chunks of 2^16 requests
 * it yields to the event loop (a `setImmediate` turn, so I/O and timers run); it never reads the
 * clock. Deterministic: the same scenario and seed give the same report as `simulateSync`.
 */
export async function simulate(
  scenario: ScenarioArgument,
  options: SimulateAsyncOptions = {},
): Promise<Report> {
  const { signal } = options;
  throwIfAborted(signal);
  const valid = validateScenario(scenario, validateOptions(options));
  const sim = new Simulation(valid, algorithmLookup(options.pickers));
  const steps = sim.chunks(
    options.onProgress === undefined ? {} : { onProgress: options.onProgress },
  );
  while (steps.next().done !== true) {
    await nextTurn();
    throwIfAborted(signal);
  }
  return collectReport(sim);
}

/**
 * `simulate` in one synchronous call, for scripts: validates, runs to the end without yielding
 * and returns the report. Throws a `ScenarioError` listing every problem when the scenario is
 * invalid.
 */
export function simulateSync(scenario: ScenarioArgument, options: SimulateOptions = {}): Report {
  return runValidated(validateScenario(scenario, validateOptions(options)), options);
}

/** Throws the `AbortError` a signal's users expect (`DOMException`, name `AbortError`). */
function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted !== true) return;
  throw new DOMException('simulate: the run was aborted', {
    name: 'AbortError',
    cause: signal.reason,
  });
}

/** The caps of `options`, as `validateScenario` takes them. */
export function validateOptions(options: SimulateOptions): ValidateOptions {
  const { maxRequests, maxMemoryMb, maxEvents, pickers } = options;
  return {
    ...(pickers === undefined ? {} : { pickers }),
    ...(maxRequests === undefined ? {} : { maxRequests }),
    ...(maxMemoryMb === undefined ? {} : { maxMemoryMb }),
    ...(maxEvents === undefined ? {} : { maxEvents }),
  };
}

/** Runs a scenario `validateScenario` returned, without validating it again. */
export function runValidated(scenario: Scenario, options: SimulateOptions = {}): Report {
  const sim = new Simulation(scenario, algorithmLookup(options.pickers));
  sim.run(options.onProgress === undefined ? {} : { onProgress: options.onProgress });
  return collectReport(sim);
}
