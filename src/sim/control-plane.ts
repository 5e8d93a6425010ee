/**
 * The engine's side of the cloud model: the pools built from the scenario, and what each change
 * an event makes (`cloud/cloud.ts` says which) means to them at simulated time — a target bound or
 * unbound, a weight or port changed, an instance down, a security group rewritten. One reaction per
 * kind of change, checked by the compiler for completeness; each pool's picker is updated once per
 * event, however many of its targets the event touched. Health probes of bound targets run here too.
 */
import { BUILT_IN_LOOKUP, type AlgorithmLookup } from '../balancer/user-algorithms.js';
import type { Change, ChangeKind } from '../cloud/changes.js';
import { Cloud } from '../cloud/cloud.js';
import { poolKey, type PoolRef } from '../cloud/pool-ref.js';
import { probeSource } from '../health/probe-source.js';
import { instancesOverRun } from '../cloud/launches.js';
import { BackendPool } from '../listener/backend-pool.js';
import type { Arrival } from '../listener/pool-options.js';
import type { SourceFilter } from '../listener/pool-target.js';
import { balancerGuard, type BalancerGuard } from '../listener/balancer-guard.js';
import { parseIpv4 } from '../network/address.js';
import { compileAcl } from '../network/security-group.js';
import { deriveRng } from '../random/rng.js';
import { applyServiceEvent } from '../service/service-events.js';
import { createServiceModel, type ServiceModel } from '../service/service-model.js';
import type { EventSpec, ListenerSpec, Scenario, TargetSpec } from '../scenario/types.js';
import { MoveAttribution, type EventEffect } from './attribution.js';
import { ProbeScheduler } from './probe-scheduler.js';
import { connectionReuse, sessionKeysOf } from './traffic.js';
import { TARGETS_PER_POOL, TRACKING_BUDGET } from '../limits.js';
export { TRACKING_BUDGET } from '../limits.js';

const ALLOW_ALL: SourceFilter = { allows: () => true, allowsAll: true };

/** What one event is doing while its changes are applied. */
interface EventContext {
  readonly effect: EventEffect;
  readonly nowMs: number;
  /** Pools whose picker must be updated once the changes are applied. */
  readonly touched: Set<number>;
  /** Per pool, the targets this event bound (scale waits for them to pass health checks). */
  readonly bound: Map<number, number[]>;
}

type Reaction<K extends ChangeKind> = (
  plane: ControlPlane,
  change: Change & { readonly kind: K },
  context: EventContext,
) => void;

/** The pools of a scenario and the cloud they live in. */
export class ControlPlane {
  readonly pools: BackendPool[] = [];
  readonly attribution: MoveAttribution;
  /** The instances' service model, or null when no instance has one. */
  readonly service: ServiceModel | null;
  /** The load balancer's own security groups per listener (null: it has none). */
  readonly guard: BalancerGuard | null;
  readonly #scenario: Scenario;
  /** The algorithms the scenario may name: the table and the call's own pickers. */
  readonly #algorithms: AlgorithmLookup;
  readonly #cloud: Cloud;
  readonly #probes = new ProbeScheduler();
  readonly #poolIndex = new Map<string, number>();
  readonly #probeSource: { readonly address: number; readonly alwaysAllowed: boolean };
  readonly #windows: number;
  #trackingBudget = TRACKING_BUDGET;
  /** Per pool, the health-check port (null: each target's own port). */
  readonly #probePorts: (number | null)[] = [];
  /** Per probe tag (pool × TARGETS_PER_POOL + target) of pools with a health-check port: the groups compiled for it. */
  readonly #probeFilters = new Map<number, SourceFilter>();
  /** Per pool, the scaled-out targets still probing; sessions are rescheduled (onScale) once none is. */
  readonly #pendingRebalance = new Map<number, Set<number>>();

  constructor(scenario: Scenario, windows: number, algorithms: AlgorithmLookup = BUILT_IN_LOOKUP) {
    this.#algorithms = algorithms;
    this.#scenario = scenario;
    this.#windows = windows;
    const source = probeSource(scenario.loadBalancer);
    this.#probeSource = {
      address: source.address === null ? 0 : parseIpv4(source.address),
      alwaysAllowed: source.alwaysAllowed,
    };
    this.#cloud = new Cloud({
      loadBalancer: scenario.loadBalancer,
      instances: scenario.instances,
      securityGroups: scenario.securityGroups,
      pools: scenario.listeners.flatMap((l) =>
        l.rules.length === 0
          ? [{ pool: { listener: l.id }, targets: l.targets }]
          : l.rules.map((r) => ({ pool: { listener: l.id, rule: r.id }, targets: r.targets })),
      ),
    });
    this.guard = balancerGuard(
      scenario.loadBalancer.securityGroups,
      scenario.listeners.map((l) => l.port),
      (id) => this.#cloud.group(id),
    );
    // Its own stream: scenarios without a service model draw exactly what they drew before.
    // Instances that scale events launch have their slots after the scenario's own.
    this.service = createServiceModel(
      instancesOverRun(scenario),
      deriveRng(scenario.seed, 'service'),
    );
    for (const listener of scenario.listeners) this.#addListener(listener);
    this.attribution = new MoveAttribution(this.pools);
  }

  /** The index of a pool in `pools`. */
  poolIndex(pool: PoolRef): number {
    const index = this.#poolIndex.get(poolKey(pool));
    if (index === undefined) throw new RangeError(`simulation: no pool ${poolKey(pool)}`);
    return index;
  }

  /** When the next probe starts or its outcome is known, whichever is first. */
  nextProbeMs(): number {
    return Math.min(this.#probes.nextStartMs(), this.#probes.nextOutcomeMs());
  }

  /** Applies one control event at `nowMs`. */
  apply(event: EventSpec, nowMs: number): void {
    const effect = this.attribution.begin(event);
    const context: EventContext = { effect, nowMs, touched: new Set(), bound: new Map() };
    const { changes } = this.#cloud.apply(event);
    // Rebalancing hands sessions to the pickers, so it waits until they are updated.
    for (const c of changes) if (c.kind !== 'rebalance') react(this, c, context);
    for (const p of context.touched) this.pools[p]!.refresh(nowMs);
    for (const c of changes) if (c.kind === 'rebalance') react(this, c, context);
    this.attribution.end();
  }

  /** Runs the probe start or outcome due first, at `atMs`: outcomes before starts. */
  probe(atMs: number): void {
    if (this.#probes.nextOutcomeMs() <= this.#probes.nextStartMs()) this.#probeOutcome(atMs);
    else this.#probeStart(atMs);
  }

  #addListener(listener: ListenerSpec): void {
    const l4 = listener.rules.length === 0;
    const passive = ['TCP_SSL', 'HTTP', 'HTTPS'].includes(listener.protocol);
    const parts = l4
      ? [{ rule: undefined, spec: listener }]
      : listener.rules.map((r) => ({ rule: r.id, spec: r }));
    for (const { rule, spec } of parts) {
      const index = this.pools.length;
      // Validation accepted the name against the same lookup.
      const facts = this.#algorithms.describe(spec.algorithm)!;
      const pool = new BackendPool({
        listener: listener.id,
        rule,
        algorithm: spec.algorithm,
        facts,
        sessionTimeoutMs: spec.session === null ? 0 : spec.session.timeoutSec * 1000,
        sessionKeys: sessionKeysOf(this.#scenario.traffic, this.#scenario.durationSec),
        healthChecks: spec.healthCheck.enabled,
        thresholds: spec.healthCheck,
        passiveChecks: passive,
        rng: deriveRng(this.#scenario.seed, `picker:${listener.id}/${rule ?? ''}`),
        settings: {
          activeRequestBias: spec.activeRequestBias,
          choiceCount: spec.choiceCount,
          boundedLoad: spec.boundedLoad,
        },
        slowStartSec: spec.slowStartSec ?? 0,
        windows: this.#windows,
        // Reschedule switches exist on layer-4 listeners only.
        ...(l4
          ? {
              reschedule: {
                ...listener.reschedule,
                windowMs: listener.reschedule.windowSec * 1000,
              },
            }
          : {}),
        // Where each client went last: stickiness is expected of hashing pickers and sessions.
        clients: this.#trackClients(spec.session !== null || facts.sticky),
        service: this.service,
        reuse: l4 ? connectionReuse(this.#scenario, listener) : undefined,
      });
      this.pools.push(pool);
      this.#probes.addPool(spec.healthCheck.intervalSec * 1000, spec.healthCheck.timeoutSec * 1000);
      this.#probePorts.push(spec.healthCheck.port ?? null);
      this.#poolIndex.set(poolKey({ listener: listener.id, rule }), index);
      for (const target of spec.targets) this.bind(index, target, 0, 'steady');
      pool.refresh(0);
    }
  }

  /**
   * How many clients a pool remembers the last target of (2 bytes each): all of them for sticky
   * pools while the memory budget lasts, then none (their `clientsRemapped` is not counted).
   */
  #trackClients(sticky: boolean): number {
    const clients = this.#scenario.traffic.clients;
    if (!sticky || clients > this.#trackingBudget) return 0;
    this.#trackingBudget -= clients;
    return clients;
  }

  /**
   * Binds a target to a pool and starts its probes; returns its index in the pool. `steady`
   * targets (present at the start) are healthy at once, `new` ones probe first. The caller
   * refreshes the pool.
   */
  bind(pool: number, target: TargetSpec, nowMs: number, arrival: Arrival): number {
    const owner = this.#cloud.ownerOf(target);
    const index = this.pools[pool]!.bind(
      {
        id: target.id,
        instance: owner,
        port: target.port,
        weight: target.weight,
        filter: this.filter(owner, target.port),
        up: owner === null || this.#cloud.isUp(owner),
      },
      nowMs,
      arrival,
    );
    this.#refreshProbeFilter(pool, index);
    if (this.pools[pool]!.targets[index]!.health.state !== 'closed') {
      this.#probes.start(pool, index, target.id, nowMs);
    }
    return index;
  }

  /** The compiled security groups of an instance for one port; IDC addresses have none. */
  filter(instance: string | null, port: number): SourceFilter {
    if (instance === null || this.#cloud.instance(instance) === undefined) return ALLOW_ALL;
    return compileAcl(this.#cloud.groupsOf(instance), port);
  }

  /** Compiles a target's security groups again (its groups, their rules or its instance changed). */
  refilter(pool: number, index: number): void {
    const t = this.pools[pool]!.targets[index]!;
    this.pools[pool]!.setFilter(index, this.filter(t.instance, t.port));
    this.#refreshProbeFilter(pool, index);
  }

  /** With a health-check port, probes are checked against the groups compiled for that port. */
  #refreshProbeFilter(pool: number, index: number): void {
    const port = this.#probePorts[pool];
    if (port === null || port === undefined) return;
    const t = this.pools[pool]!.targets[index]!;
    this.#probeFilters.set(pool * TARGETS_PER_POOL + index, this.filter(t.instance, port));
  }

  /** Every target of every pool whose instance is `id`. */
  eachTargetOf(id: string, fn: (pool: BackendPool, index: number) => void): void {
    for (const pool of this.pools) {
      pool.targets.forEach((s, i) => {
        if (s.instance === id) fn(pool, i);
      });
    }
  }

  /** A bound target now lives on `instance` (its ENI moved): its power, groups and service follow. */
  setOwner(pool: number, index: number, instance: string): void {
    const p = this.pools[pool]!;
    p.setInstance(index, instance);
    p.setUp(index, this.#cloud.isUp(instance));
    this.refilter(pool, index);
  }

  /** Whether an instance's groups include `group`. */
  usesGroup(instance: string | null, group: string): boolean {
    return instance !== null && this.#cloud.groupIdsOf(instance).includes(group);
  }

  /** After scaling: reschedule sessions now, or once every target it launched is healthy. */
  rebalance(pool: number, launched: readonly number[], nowMs: number): void {
    const probing = launched.filter(
      (i) => this.pools[pool]!.targets[i]!.health.state === 'probing',
    );
    if (probing.length > 0) this.#pendingRebalance.set(pool, new Set(probing));
    else this.pools[pool]!.rescheduleAll(nowMs);
  }

  #probeStart(atMs: number): void {
    const due = this.#probes.takeStart();
    const target = this.pools[due.pool]!.targets[due.target]!;
    if (!target.bound) {
      this.#probes.stop(due);
      return;
    }
    // A probe succeeds when the instance answers and its groups let the probe source in.
    const source = this.#probeSource;
    const filter =
      this.#probeFilters.get(due.pool * TARGETS_PER_POOL + due.target) ?? target.filter;
    const ok = target.up && (source.alwaysAllowed || filter.allows(source.address));
    this.#probes.probed(due, ok, atMs);
  }

  #probeOutcome(atMs: number): void {
    const due = this.#probes.takeOutcome();
    const pool = this.pools[due.pool]!;
    const changed = pool.probe(due.target, due.ok, atMs);
    const waiting = this.#pendingRebalance.get(due.pool);
    if (changed && waiting?.has(due.target) === true) {
      if (pool.targets[due.target]!.health.state !== 'healthy') return;
      waiting.delete(due.target);
      if (waiting.size === 0) {
        this.#pendingRebalance.delete(due.pool);
        pool.rescheduleAll(atMs);
      }
    }
  }
}

/** What each kind of change means to the pools. A new kind does not compile until it has one. */
const REACTIONS: { readonly [K in ChangeKind]: Reaction<K> } = {
  bind: (plane, change, context) => {
    const pool = plane.poolIndex(change.pool);
    const index = plane.bind(pool, change.target, context.nowMs, 'new');
    context.touched.add(pool);
    context.bound.set(pool, [...(context.bound.get(pool) ?? []), index]);
  },
  unbind: (plane, change, context) => {
    withTarget(plane, change.pool, change.target.id, context, (pool, i) => {
      context.effect.sessionsDropped += pool.unbind(i, context.nowMs);
    });
  },
  weight: (plane, change, context) => {
    withTarget(plane, change.pool, change.target.id, context, (pool, i) => {
      pool.setWeight(i, change.target.weight, context.nowMs);
    });
  },
  port: (plane, change, context) => {
    withTarget(plane, change.pool, change.from, context, (pool, i) => {
      const { port, id } = change.target;
      pool.setPort(i, port, id, plane.filter(pool.targets[i]!.instance, port));
    });
  },
  power: (plane, change) => {
    plane.eachTargetOf(change.instance, (pool, i) => {
      pool.setUp(i, change.up);
    });
  },
  // The cloud holds the launched instance; its target arrives as a `bind`.
  launch: () => undefined,
  rules: (plane, change) => {
    plane.guard?.rulesChanged(change.securityGroup);
    plane.pools.forEach((pool, p) => {
      pool.targets.forEach((s, i) => {
        if (plane.usesGroup(s.instance, change.securityGroup)) plane.refilter(p, i);
      });
    });
  },
  groups: (plane, change) => {
    plane.pools.forEach((pool, p) => {
      pool.targets.forEach((s, i) => {
        if (s.instance === change.instance) plane.refilter(p, i);
      });
    });
  },
  rebalance: (plane, change, context) => {
    const pool = plane.poolIndex(change.pool);
    plane.rebalance(pool, context.bound.get(pool) ?? [], context.nowMs);
  },
  service: (plane, change) => {
    if (plane.service !== null) applyServiceEvent(plane.service, change.event);
  },
  // An ENI moved: the target keeps its health and sessions; its new instance answers from now on.
  owner: (plane, change, context) => {
    const p = plane.poolIndex(change.pool);
    const index = plane.pools[p]!.findBound(change.target.id);
    if (index >= 0) plane.setOwner(p, index, change.instance);
    context.touched.add(p);
  },
};

function react(plane: ControlPlane, change: Change, context: EventContext): void {
  (REACTIONS[change.kind] as Reaction<ChangeKind>)(plane, change, context);
}

/** Runs `fn` on a bound target of a pool, and marks the pool for a picker update. */
function withTarget(
  plane: ControlPlane,
  ref: PoolRef,
  id: string,
  context: EventContext,
  fn: (pool: BackendPool, index: number) => void,
): void {
  const p = plane.poolIndex(ref);
  const pool = plane.pools[p]!;
  const index = pool.findBound(id);
  if (index >= 0) fn(pool, index);
  context.touched.add(p);
}
