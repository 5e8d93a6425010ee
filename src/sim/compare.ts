/**
 * Comparing algorithms on one scenario: the same traffic, events and seed, with every listener
 * and rule switched to one algorithm at a time. For each, how fairly it followed the weights and
 * how much it disrupted clients when targets changed — the two things people weigh when choosing.
 */
import {
  ALGORITHM_SETTINGS,
  describeAlgorithm,
  isAlgorithm,
  type AlgorithmName,
} from '../balancer/algorithms.js';
import { BUILT_IN_LOOKUP } from '../balancer/user-algorithms.js';
import { ScenarioError, formatIssue } from '../errors.js';
import { deviations } from '../report/deviations.js';
import type { AlgorithmComparison, Report, ServiceOutcomes } from '../report/types.js';
import { validateScenario } from '../scenario/validate-scenario.js';
import type { RuleSpec, Scenario } from '../scenario/types.js';
import { runValidated, simulate, validateOptions, type SimulateAsyncOptions } from './simulate.js';

/**
 * Runs `scenario` (raw JSON) with every listener and rule set to `algorithm`. When only the switch
 * of algorithm makes it invalid (least connections with persistence, say), returns a row with
 * `invalid` set; a scenario invalid as it stands throws its own `ScenarioError`. With
 * `options.signal` the run yields between chunks and stops with an `AbortError`, as `simulate`.
 */
export function compareAlgorithm(
  scenario: unknown,
  algorithm: AlgorithmName,
  options: SimulateAsyncOptions = {},
): Promise<AlgorithmComparison> {
  const limits = validateOptions(options);
  try {
    let valid: Scenario;
    try {
      valid = validateScenario(withAlgorithm(scenario, algorithm), limits);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      // Only now is it worth knowing whether the scenario was invalid before the switch: if so,
      // this throws its own problems.
      validateScenario(scenario, limits);
      const invalid = error.issues.map(formatIssue).join('; ');
      return Promise.resolve({ ...summarize(algorithm, null, NOTHING_COUNTED), invalid });
    }
    if (options.signal !== undefined) {
      // The cancellable run: `simulate` validates the switched scenario again (cheap beside a run).
      const switched = withAlgorithm(scenario, algorithm);
      return simulate(switched, options).then((report) =>
        summarize(algorithm, report, counted(valid)),
      );
    }
    return Promise.resolve(summarize(algorithm, runValidated(valid, options), counted(valid)));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function withAlgorithm(scenario: unknown, algorithm: AlgorithmName): unknown {
  if (scenario === null || typeof scenario !== 'object' || Array.isArray(scenario)) return scenario;
  const copy = structuredClone(scenario) as Record<string, unknown>;
  const listeners = copy['listeners'];
  if (!Array.isArray(listeners)) return copy;
  for (const listener of listeners as unknown[]) {
    if (listener === null || typeof listener !== 'object') continue;
    const l = listener as Record<string, unknown>;
    switchTo(l, algorithm);
    if (!Array.isArray(l['rules'])) continue;
    for (const rule of l['rules'] as unknown[]) {
      if (rule !== null && typeof rule === 'object')
        switchTo(rule as Record<string, unknown>, algorithm);
    }
  }
  return copy;
}

/** Sets a listener's or rule's algorithm; another algorithm's own settings go with it. */
function switchTo(part: Record<string, unknown>, algorithm: AlgorithmName): void {
  part['algorithm'] = algorithm;
  const reads = isAlgorithm(algorithm) ? (describeAlgorithm(algorithm).settings ?? []) : [];
  for (const setting of ALGORITHM_SETTINGS)
    if (!reads.includes(setting)) Reflect.deleteProperty(part, setting);
}

/** Which disruption figures a run counts (see {@link AlgorithmComparison}). */
type Counted = Pick<AlgorithmComparison, 'remapsCounted' | 'sessionsCounted'>;

const NOTHING_COUNTED: Counted = { remapsCounted: false, sessionsCounted: false };

/** Remaps are counted for hashing pickers and persistent pools; sessions exist only with persistence. */
function counted(scenario: Scenario): Counted {
  const pools = scenario.listeners.flatMap(
    (l): readonly Pick<RuleSpec, 'session' | 'algorithm'>[] =>
      l.rules.length === 0 ? [l] : l.rules,
  );
  const sessions = pools.some((p) => p.session !== null);
  const sticky = pools.some((p) => BUILT_IN_LOOKUP.describe(p.algorithm)?.sticky === true);
  return { remapsCounted: sessions || sticky, sessionsCounted: sessions };
}

function summarize(
  algorithm: AlgorithmName,
  report: Report | null,
  counts: Counted,
): AlgorithmComparison {
  if (report === null) {
    return {
      algorithm,
      maxDeviation: 0,
      meanDeviation: 0,
      clientsRemapped: 0,
      sessionsMoved: 0,
      unserved: 0,
      failed: 0,
      blocked: 0,
      ...counts,
    };
  }
  let failed = 0;
  let blocked = 0;
  for (const s of report.servers) {
    failed += s.failed;
    blocked += s.blocked;
  }
  return {
    algorithm,
    ...deviations(report),
    clientsRemapped: report.events.reduce((n, e) => n + e.clientsRemapped, 0),
    sessionsMoved: report.events.reduce((n, e) => n + e.sessionsMoved, 0),
    unserved: report.unserved,
    failed,
    blocked,
    ...counts,
    ...(report.service === undefined ? {} : { service: serviceOutcomes(report.service) }),
  };
}

/** The overall outcomes of a report's service section (its instances and pools left out). */
function serviceOutcomes(s: ServiceOutcomes): ServiceOutcomes {
  const { responses, latencyMs, errors, rejected, timedOut } = s;
  return { responses, latencyMs, errors, rejected, timedOut };
}
