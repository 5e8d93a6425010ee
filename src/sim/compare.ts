/**
 * Comparing algorithms on one scenario: the same traffic, events and seed, with every listener
 * and rule switched to one algorithm at a time. For each, how fairly it followed the weights and
 * how much it disrupted clients when targets changed — the two things people weigh when choosing.
 */
import type { AlgorithmName } from '../balancer/algorithms.js';
import { ScenarioError, formatIssue } from '../errors.js';
import { roundShare } from '../report/shares.js';
import type { AlgorithmComparison, Report, ServiceOutcomes } from '../report/types.js';
import { validateScenario } from '../scenario/validate-scenario.js';
import type { Scenario } from '../scenario/types.js';
import { runValidated, validateOptions, type SimulateOptions } from './simulate.js';
import { poolKey } from '../cloud/pool-ref.js';

/**
 * Runs `scenario` (raw JSON) with every listener and rule set to `algorithm`. When only the switch
 * of algorithm makes it invalid (least connections with persistence, say), returns a row with
 * `invalid` set; a scenario invalid as it stands throws its own `ScenarioError`.
 */
export function compareAlgorithm(
  scenario: unknown,
  algorithm: AlgorithmName,
  options: SimulateOptions = {},
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
      return Promise.resolve({ ...summarize(algorithm, null), invalid });
    }
    return Promise.resolve(summarize(algorithm, runValidated(valid, options)));
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
    l['algorithm'] = algorithm;
    if (!Array.isArray(l['rules'])) continue;
    for (const rule of l['rules'] as unknown[]) {
      if (rule !== null && typeof rule === 'object') {
        (rule as Record<string, unknown>)['algorithm'] = algorithm;
      }
    }
  }
  return copy;
}

function summarize(algorithm: AlgorithmName, report: Report | null): AlgorithmComparison {
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
    };
  }
  // Per listener/rule: requests forwarded and the sum of |share − expected|.
  const pools = new Map<string, { requests: number; deviation: number }>();
  let maxDeviation = 0;
  let failed = 0;
  let blocked = 0;
  for (const s of report.servers) {
    const key = poolKey(s);
    const pool = pools.get(key) ?? { requests: 0, deviation: 0 };
    const deviation = Math.abs(s.share - s.expectedShare);
    pool.requests += s.requests;
    pool.deviation += deviation;
    pools.set(key, pool);
    maxDeviation = Math.max(maxDeviation, deviation);
    failed += s.failed;
    blocked += s.blocked;
  }
  let forwarded = 0;
  let weighted = 0;
  for (const pool of pools.values()) {
    forwarded += pool.requests;
    weighted += (pool.requests * pool.deviation) / 2;
  }
  return {
    algorithm,
    maxDeviation: roundShare(maxDeviation),
    meanDeviation: roundShare(forwarded === 0 ? 0 : weighted / forwarded),
    clientsRemapped: report.events.reduce((n, e) => n + e.clientsRemapped, 0),
    sessionsMoved: report.events.reduce((n, e) => n + e.sessionsMoved, 0),
    unserved: report.unserved,
    failed,
    blocked,
    ...(report.service === undefined ? {} : { service: serviceOutcomes(report.service) }),
  };
}

/** The overall outcomes of a report's service section (its instances and pools left out). */
function serviceOutcomes(s: ServiceOutcomes): ServiceOutcomes {
  const { responses, latencyMs, errors, rejected, timedOut } = s;
  return { responses, latencyMs, errors, rejected, timedOut };
}
