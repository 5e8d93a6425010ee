/**
 * Checks the timed events (SPEC section 3 event ops) by replaying them in time order — stable for
 * events at the same second — against the evolving set of targets of each listener or rule: bind
 * adds targets (under the binding rules, duplicates refused), unbind removes them, setPort renames
 * `ins:80` to `ins:8080`, scale launches and removes instances, release unbinds an instance's
 * targets (except another region's under non-VPC IPs, which stay bound). An event naming an
 * unknown listener, rule, target, instance or security group is reported at its own path.
 * Returns the events normalised to `EventSpec` (single `target` → `targets`), in time order.
 *
 * Cost: O(events × targets named). Deterministic.
 */
import type { Issue } from '../errors.js';
import type { BindingChecker } from './binding-rules.js';
import { DEFAULT_BANDWIDTH_MBPS, DEFAULT_WEIGHT, MAX_TARGETS } from './defaults.js';
import { quoteList } from './describe-value.js';
import type { Draft, DraftEvent, DraftListener } from './draft.js';
import { childPath } from './json-path.js';
import type {
  EventSpec,
  InstanceSpec,
  LoadBalancerSpec,
  ScaleLaunch,
  TargetSpec,
} from './types.js';

/** The live targets of one listener (layer 4) or rule (layer 7). */
interface Pool {
  readonly listener: string;
  /** `listener "tcp-80"` or `rule "www.example.com/" of listener "http-80"`, for messages. */
  readonly label: string;
  readonly targets: Map<string, TargetSpec>;
  /** Some of its initial targets were malformed: unknown ids are not reported. */
  readonly uncertain: boolean;
}

/** Replay state. */
interface State {
  readonly draft: Draft;
  readonly lb: LoadBalancerSpec | null;
  readonly binding: BindingChecker | null;
  readonly listeners: ReadonlyMap<string, DraftListener>;
  readonly pools: ReadonlyMap<DraftListener, ReadonlyMap<string, Pool>>;
  readonly instances: Map<string, InstanceSpec>;
  readonly eniOwner: ReadonlyMap<string, string>;
  /** Instance id → second it was released at. */
  readonly released: Map<string, number>;
  readonly issues: Issue[];
}

const L4_POOL = '';

/** Replays the events; returns them normalised, in time order, with every problem found. */
export function replayEvents(
  draft: Draft,
  binding: BindingChecker | null,
): { events: EventSpec[]; issues: Issue[] } {
  const listeners = new Map<string, DraftListener>();
  for (const l of draft.listeners) if (!listeners.has(l.id)) listeners.set(l.id, l);
  const pools = new Map<DraftListener, Map<string, Pool>>();
  for (const l of listeners.values()) {
    const byRule = new Map<string, Pool>();
    if (l.layer === 4) {
      byRule.set(
        L4_POOL,
        makePool(l.id, `listener ${JSON.stringify(l.id)}`, l.targets, l.incomplete),
      );
    } else {
      for (const r of l.rules) {
        if (byRule.has(r.id)) continue;
        const label = `rule ${JSON.stringify(r.id)} of listener ${JSON.stringify(l.id)}`;
        byRule.set(r.id, makePool(l.id, label, r.targets, r.incomplete));
      }
    }
    pools.set(l, byRule);
  }
  const instances = new Map<string, InstanceSpec>();
  const eniOwner = new Map<string, string>();
  for (const { value } of draft.instances) {
    if (instances.has(value.id)) continue;
    instances.set(value.id, value);
    for (const eni of value.enis) if (!eniOwner.has(eni.id)) eniOwner.set(eni.id, value.id);
  }
  const state: State = {
    draft,
    lb: draft.loadBalancer,
    binding,
    listeners,
    pools,
    instances,
    eniOwner,
    released: new Map(),
    issues: [],
  };
  const ordered = [...draft.events].sort((a, b) => a.atSec - b.atSec || a.index - b.index);
  const events: EventSpec[] = [];
  for (const event of ordered) {
    const normalised = replayOne(state, event);
    if (normalised !== null) events.push(normalised);
  }
  return { events, issues: state.issues };
}

function makePool(
  listener: string,
  label: string,
  targets: readonly { value: TargetSpec }[],
  uncertain: boolean,
): Pool {
  const map = new Map<string, TargetSpec>();
  for (const { value } of targets) if (!map.has(value.id)) map.set(value.id, value);
  return { listener, label, targets: map, uncertain };
}

/** Whether the pool's target set may differ from the replay's (malformed input was skipped). */
function isUncertain(state: State, pool: Pool): boolean {
  return (
    pool.uncertain ||
    state.draft.eventsIncomplete ||
    state.draft.uncertainListeners.has(pool.listener)
  );
}

function replayOne(state: State, event: DraftEvent): EventSpec | null {
  const { draft, issues } = state;
  const { path, atSec } = event;
  if (draft.durationSec !== null && atSec > draft.durationSec) {
    issues.push({
      path: childPath(path, 'atSec'),
      message: `must be in 0..${draft.durationSec}, the scenario's durationSec (got ${atSec})`,
    });
  }
  switch (event.op) {
    case 'setWeight':
    case 'setPort':
    case 'unbind': {
      const { fields } = event;
      const pool = resolvePool(state, path, fields.listener, fields.rule);
      const refs = targetRefs(state, path, fields.target, fields.targets);
      const ids = refs.map((r) => r.id);
      const rule = fields.rule;
      if (pool !== null) {
        for (const ref of refs) {
          const target = pool.targets.get(ref.id);
          if (target === undefined) {
            if (!isUncertain(state, pool)) {
              issues.push({
                path: ref.path,
                message: `no target ${JSON.stringify(ref.id)} on ${pool.label}${listIds(pool)}`,
              });
            }
            continue;
          }
          if (event.op === 'unbind') pool.targets.delete(ref.id);
          else if (event.op === 'setWeight')
            pool.targets.set(ref.id, { ...target, weight: event.fields.weight });
          else renameTarget(state, pool, target, event.fields.port, ref.path);
        }
      }
      if (event.op === 'setWeight') {
        return {
          atSec,
          op: 'setWeight',
          listener: fields.listener,
          rule,
          targets: ids,
          weight: event.fields.weight,
        };
      }
      if (event.op === 'setPort') {
        return {
          atSec,
          op: 'setPort',
          listener: fields.listener,
          rule,
          targets: ids,
          port: event.fields.port,
        };
      }
      return { atSec, op: 'unbind', listener: fields.listener, rule, targets: ids };
    }
    case 'bind': {
      const { fields } = event;
      const pool = resolvePool(state, path, fields.listener, fields.rule);
      for (const { value, path: at } of event.bindTargets) {
        checkNotReleased(state, value, at);
        if (state.binding !== null) issues.push(...state.binding.check(value, at));
        if (pool === null) continue;
        if (pool.targets.has(value.id)) {
          issues.push({
            path: at,
            message: `target ${JSON.stringify(value.id)} is already bound to ${pool.label}`,
          });
        }
        pool.targets.set(value.id, value);
      }
      if (pool !== null) checkPoolSize(state, pool, childPath(path, 'targets'));
      const targets = event.bindTargets.map((t) => t.value);
      return { atSec, op: 'bind', listener: fields.listener, rule: fields.rule, targets };
    }
    case 'down':
    case 'up':
    case 'release': {
      const id = event.fields.instance;
      const at = childPath(path, 'instance');
      if (!state.instances.has(id)) {
        if (!draft.seen.instances.has(id) && !draft.eventsIncomplete) {
          issues.push({ path: at, message: `no instance ${JSON.stringify(id)}` });
        }
      } else {
        const releasedAt = state.released.get(id);
        if (releasedAt !== undefined) {
          issues.push({
            path: at,
            message: `instance ${JSON.stringify(id)} was released at ${releasedAt} s`,
          });
        } else if (event.op === 'release') {
          state.released.set(id, atSec);
          releaseTargets(state, id);
        }
      }
      return { atSec, op: event.op, instance: id };
    }
    case 'setSecurityGroup': {
      const { securityGroup, inbound } = event.fields;
      if (!draft.seen.securityGroups.has(securityGroup)) {
        issues.push({
          path: childPath(path, 'securityGroup'),
          message: `no security group ${JSON.stringify(securityGroup)}`,
        });
      }
      return { atSec, op: 'setSecurityGroup', securityGroup, inbound };
    }
    case 'scale':
      return replayScale(state, event);
  }
}

function replayScale(state: State, event: DraftEvent & { op: 'scale' }): EventSpec {
  const { draft, issues } = state;
  const { path, atSec, fields } = event;
  const pool = resolvePool(state, path, fields.listener, fields.rule);
  const weight = fields.weight ?? DEFAULT_WEIGHT;
  if (fields.add.length === 0 && fields.remove.length === 0) {
    issues.push({
      path,
      message: 'a scale event needs "add" (instances launched) or "remove" (instance ids), or both',
    });
  }
  const add: ScaleLaunch[] = [];
  fields.add.forEach((launch, j) => {
    const at = childPath(childPath(path, 'add'), j);
    add.push({ id: launch.id, privateIp: launch.privateIp, securityGroups: launch.securityGroups });
    if (state.instances.has(launch.id) || draft.seen.instances.has(launch.id)) {
      issues.push({
        path: childPath(at, 'id'),
        message: `instance ${JSON.stringify(launch.id)} already exists`,
      });
      return;
    }
    launch.securityGroups.forEach((group, k) => {
      if (!draft.seen.securityGroups.has(group)) {
        issues.push({
          path: childPath(childPath(at, 'securityGroups'), k),
          message: `no security group ${JSON.stringify(group)}`,
        });
      }
    });
    // An auto-scaling group launches into the load balancer's own region and VPC.
    const instance: InstanceSpec = {
      id: launch.id,
      region: state.lb?.region ?? '',
      vpcId: state.lb?.vpcId ?? '',
      privateIp: launch.privateIp,
      state: 'running',
      bandwidthMbps: DEFAULT_BANDWIDTH_MBPS,
      securityGroups: launch.securityGroups,
      enis: [],
    };
    state.instances.set(instance.id, instance);
    state.binding?.addInstance(instance);
    const target: TargetSpec = {
      kind: 'instance',
      id: `${launch.id}:${fields.port}`,
      instance: launch.id,
      port: fields.port,
      weight,
    };
    if (state.binding !== null) issues.push(...state.binding.check(target, at));
    if (pool !== null) pool.targets.set(target.id, target);
  });
  if (pool !== null) {
    checkPoolSize(state, pool, childPath(path, 'add'));
    fields.remove.forEach((id, j) => {
      let removed = 0;
      for (const [targetId, target] of [...pool.targets]) {
        if (ownerOf(state, target) === id) {
          pool.targets.delete(targetId);
          removed++;
        }
      }
      if (removed === 0 && !isUncertain(state, pool)) {
        issues.push({
          path: childPath(childPath(path, 'remove'), j),
          message: `instance ${JSON.stringify(id)} has no target on ${pool.label}`,
        });
      }
    });
  }
  return {
    atSec,
    op: 'scale',
    listener: fields.listener,
    rule: fields.rule,
    add,
    remove: fields.remove,
    port: fields.port,
    weight,
  };
}

/** The pool an event acts on, or null (reported unless its listener was malformed). */
function resolvePool(
  state: State,
  path: string,
  listenerId: string,
  ruleId: string | undefined,
): Pool | null {
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
  const pools = state.pools.get(listener)!;
  const name = JSON.stringify(listener.id);
  if (listener.layer === 4) {
    if (ruleId !== undefined) {
      issues.push({
        path: childPath(path, 'rule'),
        message: `listener ${name} is layer 4 (${listener.protocol}) and has no rules; leave "rule" out`,
      });
      return null;
    }
    return pools.get(L4_POOL)!;
  }
  const ruleIds = quoteList([...pools.keys()]);
  if (ruleId === undefined) {
    issues.push({
      path: childPath(path, 'rule'),
      message: `is required: listener ${name} is layer 7 (${listener.protocol}); name one of its rules (${ruleIds})`,
    });
    return null;
  }
  const pool = pools.get(ruleId);
  if (pool === undefined && !listener.incomplete) {
    issues.push({
      path: childPath(path, 'rule'),
      message: `no rule ${JSON.stringify(ruleId)} on listener ${name} (its rules: ${ruleIds})`,
    });
  }
  return pool ?? null;
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

/** setPort: `ins:80` becomes `ins:8080`, unless that id is already bound. */
function renameTarget(
  state: State,
  pool: Pool,
  target: TargetSpec,
  port: number,
  path: string,
): void {
  const renamed = {
    ...target,
    id: `${target.id.slice(0, target.id.lastIndexOf(':'))}:${port}`,
    port,
  };
  if (renamed.id === target.id) return;
  if (pool.targets.has(renamed.id)) {
    state.issues.push({
      path,
      message: `moving ${JSON.stringify(target.id)} to port ${port} would clash with ${JSON.stringify(renamed.id)}, already bound to ${pool.label}`,
    });
    return;
  }
  pool.targets.delete(target.id);
  pool.targets.set(renamed.id, renamed);
}

function checkNotReleased(state: State, target: TargetSpec, path: string): void {
  const owner = ownerOf(state, target);
  const releasedAt = owner === null ? undefined : state.released.get(owner);
  if (releasedAt !== undefined) {
    state.issues.push({
      path,
      message: `instance ${JSON.stringify(owner)} was released at ${releasedAt} s and cannot be bound`,
    });
  }
}

function checkPoolSize(state: State, pool: Pool, path: string): void {
  if (pool.targets.size > MAX_TARGETS) {
    state.issues.push({
      path,
      message: `${pool.label} would have ${pool.targets.size} targets; the limit is ${MAX_TARGETS}`,
    });
  }
}

/** Release unbinds the instance's targets, except another region's under non-VPC IPs (2.0). */
function releaseTargets(state: State, instanceId: string): void {
  const instance = state.instances.get(instanceId);
  const lb = state.lb;
  if (instance === undefined) return;
  if (lb?.backendMode === 'non-vpc-ips' && instance.region !== lb.region) return;
  for (const pools of state.pools.values()) {
    for (const pool of pools.values()) {
      for (const [id, target] of [...pool.targets]) {
        if (ownerOf(state, target) === instanceId) pool.targets.delete(id);
      }
    }
  }
}

function ownerOf(state: State, target: TargetSpec): string | null {
  if (target.kind === 'instance') return target.instance;
  if (target.kind === 'eni') return state.eniOwner.get(target.eni) ?? null;
  return null;
}

/** A short hint listing a pool's current target ids. */
function listIds(pool: Pool): string {
  const ids = [...pool.targets.keys()];
  if (ids.length === 0) return ' (it has no targets at that time)';
  const shown = ids.slice(0, 5);
  return ` (its targets then: ${quoteList(shown)}${ids.length > shown.length ? ', ...' : ''})`;
}
