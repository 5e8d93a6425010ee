/**
 * `validateScenario(json)`: the public check of a scenario (SPEC section 3). Two layers: the
 * structural one (`read-scenario.ts`, valibot schemas: types, required fields, enumerations,
 * ranges, defaults) and the domain rules of SPEC section 1 on the parts that are well formed
 * (binding, uniqueness, limits, persistence, traffic, events replayed in time order). Every
 * problem from both layers is reported at once in one `ScenarioError`, in document order.
 */
import { algorithmLookup, type UserPickers } from '../balancer/user-algorithms.js';
import { LbsimRangeError, ScenarioError, type Issue } from '../errors.js';
import { BindingChecker } from './binding-rules.js';
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_MEMORY_MB, DEFAULT_MAX_REQUESTS } from './defaults.js';
import { describeValue } from './describe-value.js';
import type { Draft } from './draft.js';
import { validateEvents } from './validate-events.js';
import { checkInstances } from './instance-rules.js';
import { checkListeners } from './listener-rules.js';
import { checkBalancerGroups, checkLoadBalancer } from './load-balancer-rules.js';
import { sortIssues } from './issue-order.js';
import { readScenario } from './read-scenario.js';
import type { ScenarioInput } from './scenario-input.js';
import { isPlainObject } from './schema-fields.js';
import { checkTraffic } from './traffic-rules.js';
import { unknownKeys } from './unknown-keys.js';
import { scenarioWarnings } from './warning-rules.js';
import { checkEventCount, checkWorkBounds, type Limits } from './work-bounds.js';
import type { ListenerSpec, Scenario } from './types.js';

/**
 * What {@link validateScenario} and `simulate` take: any value (raw JSON as parsed, a validated
 * scenario), typed so that an object literal written in code is completed as a `ScenarioInput`.
 * The union keeps its `ScenarioInput` member: `unknown` itself would absorb it and lose completion.
 */
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- `{} | null | undefined` is every value, `unknown` included, without absorbing `ScenarioInput`
export type ScenarioArgument = ScenarioInput | NonNullable<unknown> | null | undefined;

/** Options of {@link validateScenario}. */
export interface ValidateOptions {
  /**
   * Refuse scenarios expecting more requests (ratePerSec × durationSec) than this. When given it
   * wins over the scenario's own `options.maxRequests`, so a caller can bound untrusted input.
   * @defaultValue the scenario's `options.maxRequests`, else 1e9
   */
  readonly maxRequests?: number | undefined;
  /**
   * Refuse scenarios whose estimated peak memory is over this many MiB; wins over the scenario's
   * `options.maxMemoryMb`.
   * @defaultValue the scenario's `options.maxMemoryMb`, else 1536
   */
  readonly maxMemoryMb?: number | undefined;
  /**
   * Refuse scenarios with more timed events than this; wins over the scenario's `options.maxEvents`.
   * @defaultValue the scenario's `options.maxEvents`, else 100,000
   */
  readonly maxEvents?: number | undefined;
  /**
   * Your own pickers by algorithm name: a scenario may name them as a listener's or rule's
   * `algorithm`. A name of the algorithm table is refused (`LbsimTypeError`, `ERR_USER_PICKER`).
   * @defaultValue none: only the algorithm table's names
   */
  readonly pickers?: UserPickers | undefined;
}

/**
 * Checks a scenario (JSON already parsed) and returns it with every default filled in; events come
 * back in time order (stable for equal times), each with a `targets` list.
 *
 * Accepts its own output, unchanged. An unknown field is an issue (`unknown field (did you mean
 * "weight"?)`); notes are allowed anywhere: `description`, `$schema` and keys starting with `_`
 * or `x-`.
 *
 * @throws ScenarioError listing every problem as `{ path, message }`, e.g.
 *   `listeners[0].targets[2].weight: must be an integer in 0..100 (got 101)`. Nothing else is
 *   thrown for any input.
 * @throws RangeError when `options.maxRequests`, `maxMemoryMb` or `maxEvents` itself is not a
 *   number > 0 (a caller bug).
 */
export function validateScenario(json: ScenarioArgument, options: ValidateOptions = {}): Scenario {
  const cap = options.maxRequests;
  for (const key of ['maxRequests', 'maxMemoryMb', 'maxEvents'] as const) {
    const value = options[key];
    if (value !== undefined && !(typeof value === 'number' && value > 0)) {
      throw new LbsimRangeError(
        'ERR_VALIDATE_OPTION',
        `validateScenario: ${key} must be a number > 0, got ${String(value)}`,
      );
    }
  }
  const algorithms = algorithmLookup(options.pickers);
  if (!isPlainObject(json)) {
    throw new ScenarioError([
      { path: '', message: `scenario must be a JSON object (got ${describeValue(json)})` },
    ]);
  }
  // Reading and replaying more events than the cap would itself be the work the cap prevents.
  const scenarioEvents = checkEventCount(
    json.events,
    options.maxEvents ?? readMaxEvents(json.options) ?? DEFAULT_MAX_EVENTS,
  );
  if (scenarioEvents !== null) throw new ScenarioError([scenarioEvents]);
  const draft = readScenario(json, algorithms);
  const limits: Limits = {
    maxRequests: cap ?? draft.maxRequests ?? DEFAULT_MAX_REQUESTS,
    maxMemoryMb: options.maxMemoryMb ?? draft.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB,
    maxEvents: options.maxEvents ?? draft.maxEvents ?? DEFAULT_MAX_EVENTS,
  };
  const maxRequests = limits.maxRequests;
  const issues: Issue[] = draft.issues.slice();
  // Appends without spreading: a spread of 1e5+ items into push() overflows the call stack.
  const add = (more: readonly Issue[]): void => {
    for (const issue of more) issues.push(issue);
  };
  add(unknownKeys(json));
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
  if (lb !== null) add(checkLoadBalancer(lb));
  add(checkBalancerGroups(draft));
  add(checkInstances(draft));
  add(checkListeners(draft, binding));
  if (draft.traffic !== null) add(checkTraffic(draft, draft.traffic, maxRequests));
  const { events, issues: eventIssues } = validateEvents(draft, binding);
  add(eventIssues);
  if (issues.length > 0) throw new ScenarioError(sortIssues(issues));
  const scenario = assemble(draft, events, limits);
  const bounds = checkWorkBounds(scenario, algorithms);
  if (bounds.length > 0) throw new ScenarioError(bounds);
  // Derived, not part of the scenario: not enumerable, so the output serialises and validates
  // again as the scenario it is (unknown fields are refused).
  return Object.defineProperty(scenario, 'warnings', {
    value: scenarioWarnings(draft, scenario),
    enumerable: false,
  });
}

/** `options.maxEvents` when the scenario gives a usable one (the schema checks it later). */
function readMaxEvents(options: unknown): number | undefined {
  if (!isPlainObject(options)) return undefined;
  const n = options.maxEvents;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** Builds the `Scenario` from a draft without problems. */
function assemble(draft: Draft, events: Scenario['events'], limits: Limits): Scenario {
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
    ...l.settings,
    targets: l.targets.map((t) => t.value),
    rules: l.rules.map((r) => ({
      id: r.id,
      domain: r.domain,
      path: r.urlPath,
      default: r.default,
      algorithm: r.algorithm,
      session: r.session,
      healthCheck: r.healthCheck,
      ...r.settings,
      targets: r.targets.map((t) => t.value),
    })),
  }));
  return {
    ...(draft.name === undefined ? {} : { name: draft.name }),
    ...(draft.description === undefined ? {} : { description: draft.description }),
    seed: draft.seed!,
    durationSec: draft.durationSec!,
    loadBalancer: lb,
    instances: draft.instances.map((i) => i.value),
    securityGroups: draft.securityGroups.map((g) => g.value),
    listeners,
    traffic: draft.traffic!,
    events,
    options: { windowSec: draft.windowSec!, ...limits },
  };
}
