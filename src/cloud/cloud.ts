/**
 * The cloud around the load balancer, over time: instances (up, down, released), the ENIs attached
 * to them, security groups, and which targets each pool holds. One function per event op
 * (`EVENT_OPS`, checked by the compiler for completeness) says what the op changes, as `Change`
 * values. Validation replays the events through it and reports what it refuses; the engine applies
 * the same changes at simulated time. Every rule of SPEC section 1 about what an event does to the
 * bindings (release by binding mode, setPort's new id, the instance a scale-out launches, which
 * instance owns a target) lives here and nowhere else.
 *
 * Cost: O(targets named) per event, O(targets of all pools) for release. Deterministic.
 */
import { modeSwitchProblem, releaseKeepsTargets } from './backend-modes.js';
import { launchedInstance } from './launches.js';
import type {
  EniSpec,
  EventSpec,
  InstanceSpec,
  LoadBalancerSpec,
  SecurityGroupSpec,
  ServiceEventSpec,
  TargetSpec,
} from '../scenario/types.js';
import type { Change, Refusal } from './changes.js';
import { poolKey, targetId, targetRef, type PoolRef } from './pool-ref.js';

export { releaseKeepsTargets } from './backend-modes.js';
export { launchedInstance } from './launches.js';

/** The event ops. */
export type EventOp = EventSpec['op'];
/** The event of one op. */
export type EventOf<K extends EventOp> = EventSpec & { readonly op: K };

/** What applying one event did. */
export interface Applied {
  readonly changes: Change[];
  readonly refusals: Refusal[];
}

interface InstanceState {
  readonly spec: InstanceSpec;
  up: boolean;
  /** Its security groups, in order (bound and unbound by events). */
  readonly groups: string[];
  /** Second it was released at, or null. */
  releasedAt: number | null;
}

interface PoolState {
  readonly ref: PoolRef;
  readonly targets: Map<string, TargetSpec>;
}

/** What a cloud starts from. */
export interface CloudInit {
  /** Null while validating a scenario whose load balancer is malformed. */
  readonly loadBalancer: LoadBalancerSpec | null;
  /** The first instance of an id wins. */
  readonly instances: readonly InstanceSpec[];
  readonly securityGroups: readonly SecurityGroupSpec[];
  /** Each pool with its initial targets; the first target of an id wins. */
  readonly pools: readonly { readonly pool: PoolRef; readonly targets: readonly TargetSpec[] }[];
  /** Instance ids in use though not among `instances` (malformed entries): a launch may not take them. */
  readonly reservedIds?: ReadonlySet<string>;
}

type OpHandler<K extends EventOp> = (cloud: Cloud, event: EventOf<K>, out: Applied) => void;

/** The instances, groups and bindings of one load balancer, changed by events. */
export class Cloud {
  /** The load balancer as it is now (`setBackendMode` changes its mode). */
  #lb: LoadBalancerSpec | null;
  readonly #instances = new Map<string, InstanceState>();
  /** Which instance each ENI is attached to now (`moveEni` changes it), and its IPs. */
  readonly #eniOwner = new Map<string, string>();
  readonly #enis = new Map<string, EniSpec>();
  readonly #groups = new Map<string, SecurityGroupSpec>();
  readonly #pools = new Map<string, PoolState>();
  readonly #reserved: ReadonlySet<string>;

  constructor(init: CloudInit) {
    this.#lb = init.loadBalancer;
    this.#reserved = init.reservedIds ?? new Set();
    for (const instance of init.instances) this.#addInstance(instance);
    for (const group of init.securityGroups) {
      if (!this.#groups.has(group.id)) this.#groups.set(group.id, group);
    }
    for (const { pool, targets } of init.pools) {
      const key = poolKey(pool);
      if (this.#pools.has(key)) continue;
      const map = new Map<string, TargetSpec>();
      for (const t of targets) if (!map.has(t.id)) map.set(t.id, t);
      this.#pools.set(key, { ref: pool, targets: map });
    }
  }

  /** The load balancer, with the binding mode in force now. */
  get loadBalancer(): LoadBalancerSpec | null {
    return this.#lb;
  }

  /** Applies one event: what it changed, and what of it was refused. */
  apply(event: EventSpec): Applied {
    const out: Applied = { changes: [], refusals: [] };
    (Cloud.#ops[event.op] as OpHandler<EventOp>)(this, event, out);
    return out;
  }

  /** The instance that owns a target (instance and ENI targets), or null (an IDC address). */
  ownerOf(target: TargetSpec): string | null {
    if (target.kind === 'instance') return target.instance;
    if (target.kind === 'eni') return this.#eniOwner.get(target.eni) ?? null;
    return null;
  }

  /** An instance by id, if known. */
  instance(id: string): InstanceSpec | undefined {
    return this.#instances.get(id)?.spec;
  }

  /** Whether an instance is running (not down, not released). Unknown ids are not. */
  isUp(id: string): boolean {
    return this.#instances.get(id)?.up === true;
  }

  /** The security groups of an instance, in order, as they are now. */
  groupsOf(id: string): SecurityGroupSpec[] {
    const ids = this.groupIdsOf(id);
    return ids.flatMap((g) => {
      const spec = this.#groups.get(g);
      return spec === undefined ? [] : [spec];
    });
  }

  /** A security group's rules as they are now; undefined for an unknown group. */
  group(id: string): SecurityGroupSpec | undefined {
    return this.#groups.get(id);
  }

  /** The ids of an instance's security groups, in order, as they are now. */
  groupIdsOf(id: string): readonly string[] {
    return this.#instances.get(id)?.groups ?? [];
  }

  /** The targets a pool holds now, by id; undefined for an unknown pool. */
  targets(pool: PoolRef): ReadonlyMap<string, TargetSpec> | undefined {
    return this.#pools.get(poolKey(pool))?.targets;
  }

  #addInstance(spec: InstanceSpec): void {
    if (this.#instances.has(spec.id)) return;
    this.#instances.set(spec.id, {
      spec,
      up: spec.state === 'running',
      groups: [...spec.securityGroups],
      releasedAt: null,
    });
    for (const eni of spec.enis) {
      if (this.#eniOwner.has(eni.id)) continue;
      this.#eniOwner.set(eni.id, spec.id);
      this.#enis.set(eni.id, eni);
    }
  }

  /** The instance an ENI is attached to now, if any. */
  eniOwner(eni: string): string | undefined {
    return this.#eniOwner.get(eni);
  }

  /**
   * Moves an ENI to another instance of the same region, VPC and zone (a zone not modelled on
   * either side must be absent on both). The primary NIC (the one holding its instance's primary
   * IP) stays. An ENI of a released instance was detached with it and may move. Its bound targets
   * follow: each is reported as an `owner` change.
   */
  #moveEni(eni: string, to: string, out: Applied): void {
    const from = this.#eniOwner.get(eni);
    if (from === undefined) {
      out.refusals.push({ kind: 'noEni', index: 0, eni });
      return;
    }
    const dest = this.#instances.get(to);
    if (dest === undefined) return;
    if (dest.releasedAt !== null) {
      out.refusals.push({ kind: 'released', index: 0, instance: to, atSec: dest.releasedAt });
      return;
    }
    const source = this.#instances.get(from)!.spec;
    const kind =
      from === to
        ? 'eniSame'
        : this.#enis.get(eni)!.ips.includes(source.privateIp)
          ? 'eniPrimary'
          : source.region !== dest.spec.region ||
              source.vpcId !== dest.spec.vpcId ||
              source.zone !== dest.spec.zone
            ? 'eniElsewhere'
            : null;
    if (kind !== null) {
      out.refusals.push({ kind, index: 0, eni, from });
      return;
    }
    this.#eniOwner.set(eni, to);
    for (const pool of this.#pools.values()) {
      for (const target of pool.targets.values()) {
        if (target.kind !== 'eni' || target.eni !== eni) continue;
        out.changes.push({ kind: 'owner', pool: pool.ref, target, instance: to });
      }
    }
  }

  #pool(ref: PoolRef): PoolState | undefined {
    return this.#pools.get(poolKey(ref));
  }

  /** Registers a launched instance; false when its id is taken. */
  #launch(spec: InstanceSpec): boolean {
    if (this.#instances.has(spec.id) || this.#reserved.has(spec.id)) return false;
    this.#addInstance(spec);
    return true;
  }

  /** Runs `fn` on each target an event names in its pool; unknown ids are refused. */
  #eachTarget(
    event: PoolRef & { readonly targets: readonly string[] },
    out: Applied,
    fn: (pool: PoolState, target: TargetSpec, index: number) => void,
  ): void {
    const pool = this.#pool(event);
    if (pool === undefined) return;
    event.targets.forEach((id, index) => {
      const target = pool.targets.get(id);
      if (target === undefined) out.refusals.push({ kind: 'noTarget', index, id });
      else fn(pool, target, index);
    });
  }

  /** An instance goes down or up; refused once released. Returns whether it applied. */
  #power(id: string, up: boolean, out: Applied): boolean {
    const state = this.#instances.get(id);
    if (state === undefined) return false;
    if (state.releasedAt !== null) {
      out.refusals.push({ kind: 'released', index: 0, instance: id, atSec: state.releasedAt });
      return false;
    }
    state.up = up;
    out.changes.push({ kind: 'power', instance: id, up });
    return true;
  }

  /** Binds (appends) or unbinds a security group on an instance; refused once released. */
  #bindGroup(id: string, group: string, bind: boolean, out: Applied): void {
    const state = this.#instances.get(id);
    if (state === undefined) return;
    if (state.releasedAt !== null) {
      out.refusals.push({ kind: 'released', index: 0, instance: id, atSec: state.releasedAt });
      return;
    }
    const at = state.groups.indexOf(group);
    if (bind === at >= 0) {
      const kind = bind ? 'groupBound' : 'groupNotBound';
      out.refusals.push({ kind, index: 0, instance: id, securityGroup: group });
      return;
    }
    if (bind) state.groups.push(group);
    else state.groups.splice(at, 1);
    out.changes.push({ kind: 'groups', instance: id });
  }

  /** Every instance of a zone goes down or up; released ones stay released. */
  #zonePower(zone: string, up: boolean, out: Applied): void {
    let found = 0;
    for (const [id, state] of this.#instances) {
      if (state.spec.zone !== zone) continue;
      found++;
      if (state.releasedAt !== null) continue;
      state.up = up;
      out.changes.push({ kind: 'power', instance: id, up });
    }
    if (found === 0) out.refusals.push({ kind: 'emptyZone', index: 0, zone });
  }

  /** The zones instances are in, in the order first seen. */
  zones(): string[] {
    const zones = new Set<string>();
    for (const { spec } of this.#instances.values())
      if (spec.zone !== undefined) zones.add(spec.zone);
    return [...zones];
  }

  /** A service-model event: applies to an instance that has a service model. */
  #serviceChange(event: ServiceEventSpec, out: Applied): void {
    if (this.#instances.get(event.instance)?.spec.service === undefined) return;
    out.changes.push({ kind: 'service', event });
  }

  /** What each event op does. A new op does not compile until it has an entry here. */
  static readonly #ops: { readonly [K in EventOp]: OpHandler<K> } = {
    setWeight: (cloud, event, out) => {
      cloud.#eachTarget(event, out, (pool, target) => {
        const changed = { ...target, weight: event.weight };
        pool.targets.set(target.id, changed);
        out.changes.push({ kind: 'weight', pool: pool.ref, target: changed });
      });
    },
    setPort: (cloud, event, out) => {
      cloud.#eachTarget(event, out, (pool, target, index) => {
        const moved = withPort(target, event.port);
        if (moved.id !== target.id) {
          if (pool.targets.has(moved.id)) {
            out.refusals.push({ kind: 'clash', index, id: target.id, with: moved.id });
            return;
          }
          pool.targets.delete(target.id);
          pool.targets.set(moved.id, moved);
        }
        out.changes.push({ kind: 'port', pool: pool.ref, from: target.id, target: moved });
      });
    },
    unbind: (cloud, event, out) => {
      cloud.#eachTarget(event, out, (pool, target) => {
        pool.targets.delete(target.id);
        out.changes.push({ kind: 'unbind', pool: pool.ref, target });
      });
    },
    bind: (cloud, event, out) => {
      const pool = cloud.#pool(event);
      event.targets.forEach((target, index) => {
        const owner = cloud.ownerOf(target);
        const releasedAt =
          owner === null ? null : (cloud.#instances.get(owner)?.releasedAt ?? null);
        if (owner !== null && releasedAt !== null) {
          out.refusals.push({ kind: 'released', index, instance: owner, atSec: releasedAt });
        }
        if (pool === undefined) return;
        if (pool.targets.has(target.id))
          out.refusals.push({ kind: 'alreadyBound', index, id: target.id });
        pool.targets.set(target.id, target);
        out.changes.push({ kind: 'bind', pool: pool.ref, target });
      });
    },
    down: (cloud, event, out) => {
      cloud.#power(event.instance, false, out);
    },
    up: (cloud, event, out) => {
      cloud.#power(event.instance, true, out);
    },
    release: (cloud, event, out) => {
      const state = cloud.#instances.get(event.instance);
      if (!cloud.#power(event.instance, false, out) || state === undefined) return;
      state.releasedAt = event.atSec;
      if (releaseKeepsTargets(cloud.loadBalancer, state.spec)) return;
      for (const pool of cloud.#pools.values()) {
        for (const target of [...pool.targets.values()]) {
          if (cloud.ownerOf(target) !== event.instance) continue;
          pool.targets.delete(target.id);
          out.changes.push({ kind: 'unbind', pool: pool.ref, target });
        }
      }
    },
    bindSecurityGroup: (cloud, event, out) => {
      cloud.#bindGroup(event.instance, event.securityGroup, true, out);
    },
    unbindSecurityGroup: (cloud, event, out) => {
      cloud.#bindGroup(event.instance, event.securityGroup, false, out);
    },
    zoneDown: (cloud, event, out) => {
      cloud.#zonePower(event.zone, false, out);
    },
    zoneUp: (cloud, event, out) => {
      cloud.#zonePower(event.zone, true, out);
    },
    setSecurityGroup: (cloud, event, out) => {
      cloud.#groups.set(event.securityGroup, { id: event.securityGroup, inbound: event.inbound });
      out.changes.push({ kind: 'rules', securityGroup: event.securityGroup });
    },
    scale: (cloud, event, out) => {
      const pool = cloud.#pool(event);
      event.add.forEach((launch, index) => {
        const instance = launchedInstance(cloud.loadBalancer, launch);
        if (!cloud.#launch(instance)) {
          out.refusals.push({ kind: 'instanceExists', index, instance: launch.id });
          return;
        }
        const target: TargetSpec = {
          kind: 'instance',
          id: targetId(launch.id, event.port),
          instance: launch.id,
          port: event.port,
          weight: event.weight,
        };
        out.changes.push({ kind: 'launch', instance, target });
        if (pool === undefined) return;
        pool.targets.set(target.id, target);
        out.changes.push({ kind: 'bind', pool: pool.ref, target });
      });
      if (pool === undefined) return;
      event.remove.forEach((instance, index) => {
        let removed = 0;
        for (const target of [...pool.targets.values()]) {
          if (cloud.ownerOf(target) !== instance) continue;
          pool.targets.delete(target.id);
          out.changes.push({ kind: 'unbind', pool: pool.ref, target });
          removed++;
        }
        if (removed === 0) out.refusals.push({ kind: 'noTargetOfInstance', index, instance });
      });
      out.changes.push({ kind: 'rebalance', pool: pool.ref });
    },
    moveEni: (cloud, event, out) => {
      cloud.#moveEni(event.eni, event.instance, out);
    },
    // The pools do not change: validation refuses a switch while a bound target breaks the new
    // mode. Later binds and releases follow the new mode.
    setBackendMode: (cloud, event, out) => {
      const lb = cloud.#lb;
      if (lb === null) return;
      const { backendMode, backendRegion } = event;
      const problem = modeSwitchProblem(
        lb.backendMode,
        lb.backendRegion,
        backendMode,
        backendRegion,
      );
      if (problem !== null) out.refusals.push({ kind: 'modeSwitch', index: 0, problem });
      else cloud.#lb = { ...lb, backendMode, backendRegion };
    },
    slow: (cloud, event, out) => {
      cloud.#serviceChange(event, out);
    },
    errors: (cloud, event, out) => {
      cloud.#serviceChange(event, out);
    },
    blackhole: (cloud, event, out) => {
      cloud.#serviceChange(event, out);
    },
    restore: (cloud, event, out) => {
      cloud.#serviceChange(event, out);
    },
  };
}

/** A target moved to another port: its id follows (`ins:80` becomes `ins:8080`). */
export function withPort(target: TargetSpec, port: number): TargetSpec {
  return { ...target, id: targetId(targetRef(target.id), port), port };
}
