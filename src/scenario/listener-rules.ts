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
import { describeAlgorithm, type Algorithm } from '../balancer/algorithms.js';
import type { BindingChecker } from './binding-rules.js';
import { L4_SESSION_TIMEOUT_SEC, MAX_LISTENERS, MAX_RULES, MAX_TARGETS } from './defaults.js';
import type { Draft, DraftListener, Located } from './draft.js';
import { childPath } from './json-path.js';
import type { SessionSpec, TargetSpec } from './types.js';
import { checkUnique } from './unique-ids.js';

/** Why an algorithm and a kind of persistence cannot go together, or null when they can. */
export function persistenceConflict(
  algorithm: Algorithm,
  session: SessionSpec | null,
  layer: 4 | 7,
): string | null {
  return session === null ? null : describeAlgorithm(algorithm).persistence[layer];
}

/** Why an algorithm cannot serve a listener of this layer, or null when it can. */
function layerConflict(algorithm: Algorithm, layer: 4 | 7): string | null {
  return describeAlgorithm(algorithm).layers.includes(layer)
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
  for (const listener of draft.listeners) issues.push(...checkListener(listener, binding));
  return issues;
}

function checkListener(listener: DraftListener, binding: BindingChecker | null): Issue[] {
  const { path, layer } = listener;
  const issues: Issue[] = [];
  const session = listener.session;
  if (layer === 4 && session !== null && session.timeoutSec > L4_SESSION_TIMEOUT_SEC.max) {
    issues.push({
      path: childPath(childPath(path, 'session'), 'timeoutSec'),
      message: `must be an integer in ${L4_SESSION_TIMEOUT_SEC.min}..${L4_SESSION_TIMEOUT_SEC.max} on a layer-4 listener (got ${session.timeoutSec}); layer-7 cookies allow up to 86400`,
    });
  }
  const conflict = persistenceConflict(listener.algorithm, session, layer);
  if (conflict !== null) issues.push({ path: childPath(path, 'session'), message: conflict });
  const wrongLayer = layerConflict(listener.algorithm, layer);
  if (wrongLayer !== null) issues.push({ path: childPath(path, 'algorithm'), message: wrongLayer });
  if (layer === 7 && listener.rescheduleSet) {
    issues.push({
      path: childPath(path, 'reschedule'),
      message: `reschedule switches exist on layer-4 listeners only (this one is ${listener.protocol})`,
    });
  }
  if (layer === 4) {
    issues.push(...checkTargets(listener.targets, childPath(path, 'targets'), 'listener', binding));
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
    const domainProblem = checkDomainPattern(rule.domain);
    if (domainProblem !== null)
      issues.push({ path: childPath(rule.path, 'domain'), message: domainProblem });
    const pathProblem = checkPathPattern(rule.urlPath);
    if (pathProblem !== null)
      issues.push({ path: childPath(rule.path, 'path'), message: pathProblem });
    if (rule.ownBalancing) {
      const ruleConflict = persistenceConflict(rule.algorithm, rule.session, 7);
      if (ruleConflict !== null) {
        const field = rule.session !== session ? 'session' : 'algorithm';
        issues.push({ path: childPath(rule.path, field), message: ruleConflict });
      }
      const ruleLayer = layerConflict(rule.algorithm, 7);
      if (ruleLayer !== null && rule.algorithm !== listener.algorithm) {
        issues.push({ path: childPath(rule.path, 'algorithm'), message: ruleLayer });
      }
    }
    issues.push(...checkTargets(rule.targets, childPath(rule.path, 'targets'), 'rule', binding));
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
  if (binding !== null) for (const t of targets) issues.push(...binding.check(t.value, t.path));
  return issues;
}
