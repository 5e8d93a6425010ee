/**
 * `validateScenario(json)`: the public check of a scenario (SPEC section 3). Two layers: the
 * structural one (`read-scenario.ts`, valibot schemas: types, required fields, enumerations,
 * ranges, defaults) and the domain rules of SPEC section 1 on the parts that are well formed
 * (binding, uniqueness, limits, persistence, traffic, events replayed in time order). Every
 * problem from both layers is reported at once in one `ScenarioError`, in document order.
 */
import { ScenarioError, type Issue } from '../errors.js';
import { BindingChecker } from './binding-rules.js';
import { DEFAULT_MAX_REQUESTS } from './defaults.js';
import { describeValue } from './describe-value.js';
import type { Draft } from './draft.js';
import { validateEvents } from './validate-events.js';
import { checkInstances } from './instance-rules.js';
import { checkListeners } from './listener-rules.js';
import { checkLoadBalancer } from './load-balancer-rules.js';
import { sortIssues } from './issue-order.js';
import { readScenario } from './read-scenario.js';
import { isPlainObject } from './schema.js';
import { checkTraffic } from './traffic-rules.js';
import { checkWorkBounds } from './work-bounds.js';
import type { ListenerSpec, Scenario } from './types.js';

/** Options of {@link validateScenario}. */
export interface ValidateOptions {
  /**
   * Refuse scenarios expecting more requests (ratePerSec × durationSec) than this. When given it
   * wins over the scenario's own `options.maxRequests`, so a caller can bound untrusted input.
   * @defaultValue the scenario's `options.maxRequests`, else 1e9
   */
  readonly maxRequests?: number | undefined;
}

/**
 * Checks a scenario (JSON already parsed) and returns it with every default filled in; events come
 * back in time order (stable for equal times), each with a `targets` list.
 *
 * Accepts its own output, unchanged. Unknown extra fields are allowed and dropped.
 *
 * @throws ScenarioError listing every problem as `{ path, message }`, e.g.
 *   `listeners[0].targets[2].weight: must be an integer in 0..100 (got 101)`. Nothing else is
 *   thrown for any input.
 * @throws RangeError when `options.maxRequests` itself is not a number > 0 (a caller bug).
 */
export function validateScenario(json: unknown, options: ValidateOptions = {}): Scenario {
  const cap = options.maxRequests;
  if (cap !== undefined && !(typeof cap === 'number' && cap > 0)) {
    throw new RangeError(`validateScenario: maxRequests must be a number > 0, got ${String(cap)}`);
  }
  if (!isPlainObject(json)) {
    throw new ScenarioError([
      { path: '', message: `scenario must be a JSON object (got ${describeValue(json)})` },
    ]);
  }
  const draft = readScenario(json);
  const maxRequests = cap ?? draft.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const issues: Issue[] = [...draft.issues];
  const lb = draft.loadBalancer;
  const binding =
    lb === null
      ? null
      : new BindingChecker(
          lb,
          draft.instances.map((i) => i.value),
          draft.seen.instances,
          draft.instancesIncomplete,
        );
  if (lb !== null) issues.push(...checkLoadBalancer(lb));
  issues.push(...checkInstances(draft), ...checkListeners(draft, binding));
  if (draft.traffic !== null) issues.push(...checkTraffic(draft, draft.traffic, maxRequests));
  const { events, issues: eventIssues } = validateEvents(draft, binding);
  issues.push(...eventIssues);
  if (issues.length > 0) throw new ScenarioError(sortIssues(issues));
  const scenario = assemble(draft, events, maxRequests);
  const bounds = checkWorkBounds(scenario);
  if (bounds.length > 0) throw new ScenarioError(bounds);
  return scenario;
}

/** Builds the `Scenario` from a draft without problems. */
function assemble(draft: Draft, events: Scenario['events'], maxRequests: number): Scenario {
  // No issues means every part was read; the nulls below cannot happen.
  const lb = draft.loadBalancer!;
  const listeners: ListenerSpec[] = draft.listeners.map((l) => ({
    id: l.id,
    protocol: l.protocol,
    port: l.port,
    algorithm: l.algorithm,
    session: l.session,
    healthCheck: l.healthCheck,
    reschedule: l.reschedule,
    idleTimeoutSec: l.idleTimeoutSec,
    targets: l.targets.map((t) => t.value),
    rules: l.rules.map((r) => ({
      id: r.id,
      domain: r.domain,
      path: r.urlPath,
      default: r.default,
      algorithm: r.algorithm,
      session: r.session,
      healthCheck: r.healthCheck,
      targets: r.targets.map((t) => t.value),
    })),
  }));
  return {
    seed: draft.seed!,
    durationSec: draft.durationSec!,
    loadBalancer: lb,
    instances: draft.instances.map((i) => i.value),
    securityGroups: draft.securityGroups.map((g) => g.value),
    listeners,
    traffic: draft.traffic!,
    events,
    options: { windowSec: draft.windowSec!, maxRequests },
  };
}
