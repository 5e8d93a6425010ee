/**
 * Listener and forwarding-rule rules (SPEC section 1, "Listeners and forwarding", "Session
 * persistence"): limits (50 listeners, 50 rules, 100 targets per listener or rule), unique ids and
 * ports, unique target and rule ids, one default rule at most, valid domain and path patterns,
 * persistence timeouts per layer, algorithm/persistence combinations, reschedule on layer 4 only,
 * and the binding rules for every initial target.
 */
import type { Issue } from '../errors.js';
import { checkDomainPattern } from '../routing/domain-pattern.js';
import { checkPathPattern } from '../routing/path-pattern.js';
import type { AlgorithmName } from '../balancer/algorithms.js';
import type { AlgorithmLookup } from '../balancer/user-algorithms.js';
import type { BindingChecker } from './binding-rules.js';
import { L4_SESSION_TIMEOUT_SEC, MAX_LISTENERS, MAX_RULES, MAX_TARGETS } from './defaults.js';
import type { Draft, DraftListener, Located } from './draft.js';
import { childPath } from './json-path.js';
import type { SessionSpec, TargetSpec } from './types.js';
import { checkUnique } from './unique-ids.js';
import { MAX_TOTAL_REGEX_CHARS } from '../limits.js';
export { MAX_TOTAL_REGEX_CHARS } from '../limits.js';

/** Why an algorithm and a kind of persistence cannot go together, or null when they can. */
export function persistenceConflict(
  algorithms: AlgorithmLookup,
  algorithm: AlgorithmName,
  session: SessionSpec | null,
  layer: 4 | 7,
): string | null {
  if (session === null) return null;
  return algorithms.describe(algorithm)?.persistence[layer] ?? null;
}

/** `boundedLoad` given where the algorithm has no bounded variant: at the listener and its rules. */
function checkBoundedLoads(listener: DraftListener, algorithms: AlgorithmLookup): Issue[] {
  const issues: Issue[] = [];
  const own = boundedLoadConflict(algorithms, listener.algorithm, listener.boundedLoad);
  if (own !== null) issues.push({ path: childPath(listener.path, 'boundedLoad'), message: own });
  for (const rule of listener.rules) {
    const problem = boundedLoadConflict(algorithms, rule.algorithm, rule.boundedLoad);
    // A problem the rule takes from the listener is reported once, at the listener.
    const inherited =
      rule.algorithm === listener.algorithm && rule.boundedLoad === listener.boundedLoad;
    if (problem !== null && !inherited)
      issues.push({ path: childPath(rule.path, 'boundedLoad'), message: problem });
  }
  return issues;
}

/** Why `boundedLoad` cannot go with an algorithm, or null when it can (or is absent). */
function boundedLoadConflict(
  algorithms: AlgorithmLookup,
  algorithm: AlgorithmName,
  boundedLoad: number | undefined,
): string | null {
  if (boundedLoad === undefined || algorithms.describe(algorithm)?.boundsLoad === true) return null;
  return `bounded loads apply to consistent hashing (maglev, ring-hash), not algorithm "${algorithm}"; drop "boundedLoad" or pick one of those`;
}

/** Why an algorithm cannot serve a listener of this layer, or null when it can. */
function layerConflict(
  algorithms: AlgorithmLookup,
  algorithm: AlgorithmName,
  layer: 4 | 7,
): string | null {
  return (algorithms.describe(algorithm)?.layers.includes(layer) ?? true)
    ? null
    : `algorithm "${algorithm}" does not serve layer-${layer} listeners`;
}

/** Problems with the listeners, their rules and their initial targets. */
export function checkListeners(draft: Draft, binding: BindingChecker | null): Issue[] {
  const issues: Issue[] = [];
  if (draft.listenerCount > MAX_LISTENERS) {
    issues.push({
      path: 'listeners',
      message: `a load balancer has at most ${MAX_LISTENERS} listeners (got ${draft.listenerCount})`,
    });
  }
  issues.push(
    ...checkUnique(
      draft.listeners.map((l) => ({ key: l.id, path: childPath(l.path, 'id') })),
      'listener id',
    ),
    ...checkUnique(
      draft.listeners.map((l) => ({ key: String(l.port), path: childPath(l.path, 'port') })),
      'listener port',
      'ports are unique per load balancer',
    ),
  );
  const regexBudget = { left: MAX_TOTAL_REGEX_CHARS, reported: false };
  for (const listener of draft.listeners) {
    append(issues, checkListener(listener, binding, regexBudget, draft.algorithms));
  }
  return issues;
}

/** What is left of the scenario's regex characters, and whether running out was reported. */
interface RegexBudget {
  left: number;
  reported: boolean;
}

/** The pattern's problem, or null; regexes beyond the scenario's budget are not compiled. */
function checkPattern(
  text: string,
  check: (text: string) => string | null,
  budget: RegexBudget,
): string | null {
  if (typeof text === 'string' && text.startsWith('~')) {
    budget.left -= text.length;
    if (budget.left < 0) {
      if (budget.reported) return null;
      budget.reported = true;
      return `the scenario's regexes hold more than ${MAX_TOTAL_REGEX_CHARS} characters in all; this one and those after it are not checked, and the scenario is refused`;
    }
  }
  return check(text);
}

function checkListener(
  listener: DraftListener,
  binding: BindingChecker | null,
  regexBudget: RegexBudget,
  algorithms: AlgorithmLookup,
): Issue[] {
  const { path, layer } = listener;
  const issues: Issue[] = [];
  const session = listener.session;
  if (layer === 4 && session !== null && session.timeoutSec > L4_SESSION_TIMEOUT_SEC.max) {
    issues.push({
      path: childPath(childPath(path, 'session'), 'timeoutSec'),
      message: `must be an integer in ${L4_SESSION_TIMEOUT_SEC.min}..${L4_SESSION_TIMEOUT_SEC.max} on a layer-4 listener (got ${session.timeoutSec}); layer-7 cookies allow up to 86400`,
    });
  }
  const conflict = persistenceConflict(algorithms, listener.algorithm, session, layer);
  if (conflict !== null) issues.push({ path: childPath(path, 'session'), message: conflict });
  const wrongLayer = layerConflict(algorithms, listener.algorithm, layer);
  if (wrongLayer !== null) issues.push({ path: childPath(path, 'algorithm'), message: wrongLayer });
  append(issues, checkBoundedLoads(listener, algorithms));
  if (layer === 7 && listener.rescheduleSet) {
    issues.push({
      path: childPath(path, 'reschedule'),
      message: `reschedule switches exist on layer-4 listeners only (this one is ${listener.protocol})`,
    });
  }
  if (layer === 4) {
    append(issues, checkTargets(listener.targets, childPath(path, 'targets'), 'listener', binding));
    return issues;
  }
  if (listener.rules.length > MAX_RULES) {
    issues.push({
      path: childPath(path, 'rules'),
      message: `a layer-7 listener has at most ${MAX_RULES} forwarding rules (got ${listener.rules.length})`,
    });
  }
  issues.push(
    ...checkUnique(
      listener.rules.map((r) => ({ key: r.id, path: childPath(r.path, 'id') })),
      'rule id',
      'a rule without "id" is named by domain + path',
    ),
  );
  let firstDefault: string | null = null;
  for (const rule of listener.rules) {
    if (rule.default) {
      if (firstDefault === null) firstDefault = rule.path;
      else {
        issues.push({
          path: childPath(rule.path, 'default'),
          message: `only one rule per listener may be the default (${firstDefault} already is)`,
        });
      }
    }
    const domainProblem = checkPattern(rule.domain, checkDomainPattern, regexBudget);
    if (domainProblem !== null)
      issues.push({ path: childPath(rule.path, 'domain'), message: domainProblem });
    const pathProblem = checkPattern(rule.urlPath, checkPathPattern, regexBudget);
    if (pathProblem !== null)
      issues.push({ path: childPath(rule.path, 'path'), message: pathProblem });
    if (rule.ownBalancing) {
      const ruleConflict = persistenceConflict(algorithms, rule.algorithm, rule.session, 7);
      if (ruleConflict !== null) {
        const field = rule.session !== session ? 'session' : 'algorithm';
        issues.push({ path: childPath(rule.path, field), message: ruleConflict });
      }
      const ruleLayer = layerConflict(algorithms, rule.algorithm, 7);
      if (ruleLayer !== null && rule.algorithm !== listener.algorithm) {
        issues.push({ path: childPath(rule.path, 'algorithm'), message: ruleLayer });
      }
    }
    append(issues, checkTargets(rule.targets, childPath(rule.path, 'targets'), 'rule', binding));
  }
  return issues;
}

function checkTargets(
  targets: readonly Located<TargetSpec>[],
  path: string,
  owner: 'listener' | 'rule',
  binding: BindingChecker | null,
): Issue[] {
  const issues: Issue[] = [];
  if (targets.length > MAX_TARGETS) {
    issues.push({
      path,
      message: `a ${owner} has at most ${MAX_TARGETS} targets (got ${targets.length})`,
    });
  }
  issues.push(
    ...checkUnique(
      targets.map((t) => ({ key: t.value.id, path: t.path })),
      'target',
      'a target id is <instance|eni|ip>:<port>',
    ),
  );
  if (binding !== null) for (const t of targets) append(issues, binding.check(t.value, t.path));
  return issues;
}

/** Appends without spreading: a spread of 1e5+ items into push() overflows the call stack. */
function append(into: Issue[], more: readonly Issue[]): void {
  for (const issue of more) into.push(issue);
}
