/**
 * Rules for the balancing settings a listener or rule adds to its algorithm (`slowStartSec`,
 * `activeRequestBias`, `choiceCount`): an algorithm's own settings only with that algorithm (the
 * algorithm table lists them), and slow start only with algorithms that do not hash, as nginx
 * (`slow_start` cannot be combined with hash or ip_hash) and Envoy (round robin and least request
 * only) decide: ramping a weight rebuilds a hashing table at every step and moves its keys.
 */
import {
  ALGORITHM_SETTINGS,
  type AlgorithmName,
  type AlgorithmSetting,
} from '../balancer/algorithms.js';
import type { AlgorithmLookup } from '../balancer/user-algorithms.js';
import type { Issue } from '../errors.js';
import type { DraftListener } from './draft.js';
import { childPath } from './json-path.js';
import type { BalancingSettings } from './types.js';

/** Problems with the balancing settings of a listener and its rules. */
export function checkSettings(listener: DraftListener, algorithms: AlgorithmLookup): Issue[] {
  const issues: Issue[] = [];
  const { path } = listener;
  const owner = listener.layer === 4 ? 'listener' : 'listener (the default of its rules)';
  settingConflicts(algorithms, listener.algorithm, listener.settings, path, owner, issues);
  const seen = new Set<string>();
  const slowStart = (at: string, message: string): void => {
    if (seen.has(at)) return;
    seen.add(at);
    issues.push({ path: at, message });
  };
  if (listener.layer === 4 || listener.rules.length === 0) {
    const problem = slowStartConflict(algorithms, listener.algorithm, listener.settings);
    if (problem !== null) slowStart(childPath(path, 'slowStartSec'), problem);
  }
  for (const rule of listener.rules) {
    settingConflicts(algorithms, rule.algorithm, rule.ownSettings, rule.path, 'rule', issues);
    const problem = slowStartConflict(algorithms, rule.algorithm, rule.settings);
    if (problem === null) continue;
    // Where the conflict was written: the rule's own field, its own algorithm, or the listener.
    const at =
      rule.ownSettings.slowStartSec !== undefined
        ? childPath(rule.path, 'slowStartSec')
        : rule.ownAlgorithm
          ? childPath(rule.path, 'algorithm')
          : childPath(path, 'slowStartSec');
    slowStart(at, problem);
  }
  return issues;
}

/** An issue for each setting given to an algorithm that does not read it. */
function settingConflicts(
  algorithms: AlgorithmLookup,
  algorithm: AlgorithmName,
  settings: BalancingSettings,
  path: string,
  owner: string,
  issues: Issue[],
): void {
  const reads = algorithms.describe(algorithm)?.settings ?? [];
  for (const setting of ALGORITHM_SETTINGS) {
    if (settings[setting] === undefined || reads.includes(setting)) continue;
    const users = algorithmsReading(algorithms, setting);
    issues.push({
      path: childPath(path, setting),
      message: `applies to algorithm ${users} only; this ${owner} uses "${algorithm}"`,
    });
  }
}

/** Why slow start cannot go with `algorithm`, or null. */
function slowStartConflict(
  algorithms: AlgorithmLookup,
  algorithm: AlgorithmName,
  settings: BalancingSettings,
): string | null {
  const sec = settings.slowStartSec ?? 0;
  if (sec === 0 || algorithms.describe(algorithm)?.hashesKey !== true) return null;
  return `slow start (slowStartSec ${sec}) ramps weights step by step, and algorithm "${algorithm}" hashes keys into a table: every step would rebuild it and move keys (nginx and Envoy refuse this too); use an algorithm that does not hash, or drop slowStartSec`;
}

/** The names of the algorithms that read `setting`, quoted. */
function algorithmsReading(algorithms: AlgorithmLookup, setting: AlgorithmSetting): string {
  return algorithms.names
    .filter((name) => algorithms.describe(name)?.settings?.includes(setting) === true)
    .map((name) => `"${name}"`)
    .join(' or ');
}
