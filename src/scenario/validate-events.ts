/**
 * Checks the timed events (SPEC section 3 event ops) by replaying them in time order — stable for
 * events at the same second — through the cloud model (`cloud/cloud.ts`), the same one the engine
 * runs: what an op does is written there once; this file checks references and reports, at the
 * event's own paths, what the model refused (an unknown target, a port clash, a released
 * instance, ...). Returns the events normalised to `EventSpec` (single `target` → `targets`).
 *
 * Cost: O(events × targets named). Deterministic.
 */
import { Cloud } from '../cloud/cloud.js';
import type { Refusal } from '../cloud/changes.js';
import { poolKey, poolLabel, type PoolRef } from '../cloud/pool-ref.js';
import type { Issue } from '../errors.js';
import type { BindingChecker } from './binding-rules.js';
import { DEFAULT_WEIGHT, MAX_TARGETS } from './defaults.js';
import { quoteList } from './describe-value.js';
import type { Draft, DraftEvent, DraftListener } from './draft.js';
import { childPath } from './json-path.js';
import type { ReplayState } from './replay-state.js';
import {
  applyToInstance,
  validateGroupBinding,
  validateZonePower,
} from './validate-cloud-events.js';
import type { EventSpec, ServiceEventSpec } from './types.js';
import { resolveLaunches } from './validate-launches.js';
import { validateEniMove, validateModeSwitch } from './validate-moves.js';
import { serviceEventProblem } from '../service/service-events.js';

/** Replay state. */
type State = ReplayState;

/** Replays the events; returns them normalised, in time order, with every problem found. */
export function validateEvents(
  draft: Draft,
  binding: BindingChecker | null,
): { events: EventSpec[]; issues: Issue[] } {
  const listeners = new Map<string, DraftListener>();
  for (const l of draft.listeners) if (!listeners.has(l.id)) listeners.set(l.id, l);
  const init: ConstructorParameters<typeof Cloud>[0]['pools'][number][] = [];
  const malformed = new Map<string, boolean>();
  for (const l of listeners.values()) {
    const parts =
      l.layer === 4
        ? [{ rule: undefined, part: l }]
        : l.rules.map((r) => ({ rule: r.id, part: r }));
    for (const { rule, part } of parts) {
      const pool: PoolRef = { listener: l.id, rule };
      if (malformed.has(poolKey(pool))) continue;
      malformed.set(poolKey(pool), part.incomplete);
      init.push({ pool, targets: part.targets.map((t) => t.value) });
    }
  }
  const cloud = new Cloud({
    loadBalancer: draft.loadBalancer,
    instances: draft.instances.map((i) => i.value),
    securityGroups: draft.securityGroups.map((g) => g.value),
    pools: init,
    reservedIds: draft.seen.instances,
  });
  const state: State = { draft, binding, cloud, listeners, malformed, issues: [] };
  const ordered = [...draft.events].sort((a, b) => a.atSec - b.atSec || a.index - b.index);
  const events: EventSpec[] = [];
  for (const event of ordered) events.push(validateOne(state, event));
  return { events, issues: state.issues };
}

function validateOne(state: State, event: DraftEvent): EventSpec {
  const { draft, issues } = state;
  if (draft.durationSec !== null && event.atSec > draft.durationSec) {
    issues.push({
      path: childPath(event.path, 'atSec'),
      message: `must be in 0..${draft.durationSec}, the scenario's durationSec (got ${event.atSec})`,
    });
  }
  switch (event.op) {
    case 'setWeight':
    case 'setPort':
    case 'unbind':
      return validateTargetChange(state, event);
    case 'bind':
      return validateBind(state, event);
    case 'down':
    case 'up':
    case 'release':
      return validatePower(state, event);
    case 'setSecurityGroup':
      return validateRules(state, event);
    case 'scale':
      return validateScale(state, event);
    case 'zoneDown':
    case 'zoneUp':
      return validateZonePower(state, event);
    case 'bindSecurityGroup':
    case 'unbindSecurityGroup':
      return validateGroupBinding(state, event);
    case 'moveEni':
      return validateEniMove(state, event);
    case 'setBackendMode':
      return validateModeSwitch(state, event);
    case 'slow':
    case 'errors':
    case 'blackhole':
    case 'restore':
      return validateServiceEvent(state, event);
  }
}

/** setWeight, setPort, unbind: the named targets must be bound to the pool at that time. */
function validateTargetChange(
  state: State,
  event: DraftEvent & { op: 'setWeight' | 'setPort' | 'unbind' },
): EventSpec {
  const { path, atSec } = event;
  const { listener, rule } = event.fields;
  const pool = resolvePool(state, path, listener, rule);
  const refs = targetRefs(state, path, event.fields.target, event.fields.targets);
  const targets = refs.map((r) => r.id);
  const spec: EventSpec =
    event.op === 'setWeight'
      ? { atSec, op: 'setWeight', listener, rule, targets, weight: event.fields.weight }
      : event.op === 'setPort'
        ? { atSec, op: 'setPort', listener, rule, targets, port: event.fields.port }
        : { atSec, op: 'unbind', listener, rule, targets };
  const refused = state.cloud.apply(spec).refusals;
  if (pool === null) return spec;
  for (const r of refused) {
    const at = refs[r.index]!.path;
    if (r.kind === 'clash' && spec.op === 'setPort') {
      state.issues.push({
        path: at,
        message: `moving ${JSON.stringify(r.id)} to port ${spec.port} would clash with ${JSON.stringify(r.with)}, already bound to ${poolLabel(pool)}`,
      });
    } else if (r.kind === 'noTarget' && !isUncertain(state, pool)) {
      state.issues.push({
        path: at,
        message: `no target ${JSON.stringify(r.id)} on ${poolLabel(pool)}${listIds(state, pool)}`,
      });
    }
  }
  return spec;
}

/** bind: binding rules, not a released instance, not bound already, the pool's size. */
function validateBind(state: State, event: DraftEvent & { op: 'bind' }): EventSpec {
  const { path, atSec } = event;
  const { listener, rule } = event.fields;
  const pool = resolvePool(state, path, listener, rule);
  const targets = event.bindTargets.map((t) => t.value);
  const spec: EventSpec = { atSec, op: 'bind', listener, rule, targets };
  if (state.binding !== null) {
    for (const { value, path: at } of event.bindTargets) {
      state.issues.push(...state.binding.check(value, at));
    }
  }
  for (const r of state.cloud.apply(spec).refusals) {
    const at = event.bindTargets[r.index]!.path;
    if (r.kind === 'released') {
      state.issues.push({
        path: at,
        message: `instance ${JSON.stringify(r.instance)} was released at ${r.atSec} s and cannot be bound`,
      });
    } else if (r.kind === 'alreadyBound' && pool !== null) {
      state.issues.push({
        path: at,
        message: `target ${JSON.stringify(r.id)} is already bound to ${poolLabel(pool)}`,
      });
    }
  }
  if (pool !== null) checkPoolSize(state, pool, childPath(path, 'targets'));
  return spec;
}

/** down, up, release: a known instance, not released before. */
function validatePower(
  state: State,
  event: DraftEvent & { op: 'down' | 'up' | 'release' },
): EventSpec {
  const instance = event.fields.instance;
  const spec: EventSpec = { atSec: event.atSec, op: event.op, instance };
  applyToInstance(state, event, instance, spec);
  return spec;
}

/** setSecurityGroup: a known group. */
function validateRules(state: State, event: DraftEvent & { op: 'setSecurityGroup' }): EventSpec {
  const { securityGroup, inbound } = event.fields;
  if (!state.draft.seen.securityGroups.has(securityGroup)) {
    state.issues.push({
      path: childPath(event.path, 'securityGroup'),
      message: `no security group ${JSON.stringify(securityGroup)}`,
    });
  }
  const spec: EventSpec = { atSec: event.atSec, op: 'setSecurityGroup', securityGroup, inbound };
  state.cloud.apply(spec);
  return spec;
}

function validateScale(state: State, event: DraftEvent & { op: 'scale' }): EventSpec {
  const { draft, issues } = state;
  const { path, atSec, fields } = event;
  const pool = resolvePool(state, path, fields.listener, fields.rule);
  if (fields.add.length === 0 && fields.remove.length === 0) {
    issues.push({
      path,
      message: 'a scale event needs "add" (instances launched) or "remove" (instance ids), or both',
    });
  }
  const spec: EventSpec = {
    atSec,
    op: 'scale',
    listener: fields.listener,
    rule: fields.rule,
    add: resolveLaunches(state, event),
    remove: fields.remove,
    port: fields.port,
    weight: fields.weight ?? DEFAULT_WEIGHT,
    ...(fields.template === undefined ? {} : { template: fields.template }),
  };
  const addPath = (j: number): string => childPath(childPath(path, 'add'), j);
  fields.add.forEach((launch, j) => {
    (launch.securityGroups ?? []).forEach((group, k) => {
      if (!draft.seen.securityGroups.has(group)) {
        issues.push({
          path: childPath(childPath(addPath(j), 'securityGroups'), k),
          message: `no security group ${JSON.stringify(group)}`,
        });
      }
    });
  });
  const applied = state.cloud.apply(spec);
  for (const change of applied.changes) {
    if (change.kind !== 'launch') continue;
    const j = fields.add.findIndex((a) => a.id === change.instance.id);
    state.binding?.addInstance(change.instance);
    if (state.binding !== null) issues.push(...state.binding.check(change.target, addPath(j)));
  }
  for (const r of applied.refusals) issues.push(...scaleRefusal(state, path, pool, r));
  if (pool !== null) checkPoolSize(state, pool, childPath(path, 'add'));
  return spec;
}

function scaleRefusal(state: State, path: string, pool: PoolRef | null, r: Refusal): Issue[] {
  if (r.kind === 'instanceExists') {
    return [
      {
        path: childPath(childPath(childPath(path, 'add'), r.index), 'id'),
        message: `instance ${JSON.stringify(r.instance)} already exists`,
      },
    ];
  }
  if (r.kind === 'noTargetOfInstance' && pool !== null && !isUncertain(state, pool)) {
    return [
      {
        path: childPath(childPath(path, 'remove'), r.index),
        message: `instance ${JSON.stringify(r.instance)} has no target on ${poolLabel(pool)}`,
      },
    ];
  }
  return [];
}

/** Whether the pool's target set may differ from the replay's (malformed input was skipped). */
function isUncertain(state: State, pool: PoolRef): boolean {
  return (
    state.malformed.get(poolKey(pool)) === true ||
    state.draft.eventsIncomplete ||
    state.draft.uncertainListeners.has(pool.listener)
  );
}

/** The pool an event acts on, or null (reported unless its listener was malformed). */
function resolvePool(
  state: State,
  path: string,
  listenerId: string,
  ruleId: string | undefined,
): PoolRef | null {
  const { issues } = state;
  const listener = state.listeners.get(listenerId);
  if (listener === undefined) {
    if (!state.draft.seen.listeners.has(listenerId)) {
      issues.push({
        path: childPath(path, 'listener'),
        message: `no listener ${JSON.stringify(listenerId)}`,
      });
    }
    return null;
  }
  const name = JSON.stringify(listener.id);
  if (listener.layer === 4) {
    if (ruleId !== undefined) {
      issues.push({
        path: childPath(path, 'rule'),
        message: `listener ${name} is layer 4 (${listener.protocol}) and has no rules; leave "rule" out`,
      });
      return null;
    }
    return { listener: listener.id };
  }
  const ruleIds = quoteList([...new Set(listener.rules.map((r) => r.id))]);
  if (ruleId === undefined) {
    issues.push({
      path: childPath(path, 'rule'),
      message: `is required: listener ${name} is layer 7 (${listener.protocol}); name one of its rules (${ruleIds})`,
    });
    return null;
  }
  const pool: PoolRef = { listener: listener.id, rule: ruleId };
  if (state.cloud.targets(pool) !== undefined) return pool;
  if (!listener.incomplete) {
    issues.push({
      path: childPath(path, 'rule'),
      message: `no rule ${JSON.stringify(ruleId)} on listener ${name} (its rules: ${ruleIds})`,
    });
  }
  return null;
}

/** The target ids an event names through `target` or `targets`, with their paths. */
function targetRefs(
  state: State,
  path: string,
  target: string | undefined,
  targets: readonly string[] | undefined,
): { id: string; path: string }[] {
  if (target !== undefined && targets !== undefined) {
    state.issues.push({ path, message: 'give "target" (one id) or "targets" (a list), not both' });
    return [];
  }
  if (target !== undefined) return [{ id: target, path: childPath(path, 'target') }];
  if (targets === undefined || targets.length === 0) {
    state.issues.push({
      path: childPath(path, 'targets'),
      message:
        'is required: name the targets as "target": "ins-a:80" or "targets": ["ins-a:80", ...]',
    });
    return [];
  }
  return targets.map((id, j) => ({ id, path: childPath(childPath(path, 'targets'), j) }));
}

function checkPoolSize(state: State, pool: PoolRef, path: string): void {
  const size = state.cloud.targets(pool)?.size ?? 0;
  if (size > MAX_TARGETS) {
    state.issues.push({
      path,
      message: `${poolLabel(pool)} would have ${size} targets; the limit is ${MAX_TARGETS}`,
    });
  }
}

/** A short hint listing a pool's current target ids. */
function listIds(state: State, pool: PoolRef): string {
  const ids = [...(state.cloud.targets(pool)?.keys() ?? [])];
  if (ids.length === 0) return ' (it has no targets at that time)';
  const shown = ids.slice(0, 5);
  return ` (its targets then: ${quoteList(shown)}${ids.length > shown.length ? ', ...' : ''})`;
}

/** slow, errors, blackhole, restore: a known instance with a service model (and a timeout, for blackhole). */
function validateServiceEvent(
  state: State,
  event: DraftEvent & { op: 'slow' | 'errors' | 'blackhole' | 'restore' },
): EventSpec {
  const { atSec, op, fields } = event;
  const spec: ServiceEventSpec =
    op === 'slow'
      ? { atSec, op, instance: fields.instance, factor: fields.factor }
      : op === 'errors'
        ? { atSec, op, instance: fields.instance, errorRate: fields.errorRate }
        : { atSec, op, instance: fields.instance };
  const instance = state.cloud.instance(spec.instance);
  // An instance whose entry is malformed was reported there already.
  if (instance !== undefined || !state.draft.seen.instances.has(spec.instance)) {
    const problem = serviceEventProblem(spec, instance);
    if (problem !== null && !(instance === undefined && state.draft.eventsIncomplete)) {
      state.issues.push({ path: childPath(event.path, 'instance'), message: problem });
    }
  }
  state.cloud.apply(spec);
  return spec;
}
