/**
 * The pools of a scenario as the work estimate sees them (layer-4 listeners and layer-7 rules),
 * and the replay of its events over them: which targets are bound when, on which instance and in
 * which security groups, and how many picker rebuilds and history entries each event causes.
 * O(events × targets).
 */
import type { AlgorithmName } from '../balancer/algorithms.js';
import { instancesOverRun } from '../cloud/launches.js';
import type { EventSpec, HealthCheckSpec, Scenario, TargetSpec } from './types.js';

/** A pool (layer-4 listener or layer-7 rule) as the estimate sees it. */
export interface PoolInfo {
  readonly listener: string;
  readonly rule: string | undefined;
  readonly algorithm: AlgorithmName;
  readonly sessions: boolean;
  readonly health: HealthCheckSpec;
  readonly passive: boolean;
  /** Slow-start window (0: off). */
  readonly slowStartSec: number;
  readonly initial: readonly TargetSpec[];
  /** Share of all requests routed to it. */
  share: number;
  /** Distinct targets over the run. */
  readonly ids: Set<string>;
  /** Target id → second it was bound at (live targets). */
  readonly bound: Map<string, number>;
  /** Live targets per instance id. */
  readonly byInstance: Map<string, Set<string>>;
  /** Live targets per security group (of their instance). */
  readonly byGroup: Map<string, number>;
  /** Target-seconds of probing. */
  probeSeconds: number;
  refreshes: number;
}

/** The key of a pool: its listener, and its rule for a layer-7 pool. */
export function poolKey(listener: string, rule: string | undefined): string {
  return rule === undefined ? listener : `${listener}\u0000${rule}`;
}

/**
 * Which targets each pool has bound, since when, on which instance and in which security groups,
 * as the events change them; and the counts the estimate needs along the way.
 */
export class BindingLedger {
  /** Targets bound in any pool now. */
  liveTargets = 0;
  /** Health transitions and weight changes kept for the report. */
  histories = 0;
  /** Whether some target may fail its checks (a stopped instance, a missing ENI, an outage). */
  mayFail: boolean;
  readonly #eniOwner = new Map<string, string>();
  readonly #groupsOf = new Map<string, readonly string[]>();
  readonly #instanceOfId = new Map<string, string | null>();

  constructor(scenario: Scenario, pools: readonly PoolInfo[]) {
    // Which instance each target belongs to, to find what down/up/release/setSecurityGroup touch.
    for (const ins of scenario.instances) {
      this.#groupsOf.set(ins.id, ins.securityGroups);
      for (const eni of ins.enis) this.#eniOwner.set(eni.id, ins.id);
    }
    for (const p of pools)
      for (const t of p.initial) this.#instanceOfId.set(t.id, this.#instanceOf(t));
    this.mayFail = scenario.instances.some((i) => i.state !== 'running');
    for (const p of pools) {
      for (const t of p.initial)
        if (t.kind === 'eni' && !this.#eniOwner.has(t.eni)) this.mayFail = true;
      this.histories += 2 * p.initial.length;
    }
    for (const p of pools) {
      for (const t of p.initial) this.open(p, t.id, 0);
    }
  }

  /** Targets `event` binds to `p`, with their instance; a scale event's instances and groups. */
  bindAll(p: PoolInfo, event: Extract<EventSpec, { op: 'bind' | 'scale' }>, at: number): number {
    const added = addedTargets(event);
    if (event.op === 'scale') {
      for (const l of event.add) this.#groupsOf.set(l.id, l.securityGroups);
    }
    for (const t of added) {
      this.#instanceOfId.set(t.id, t.instance ?? this.#instanceOf(t.spec!));
      this.open(p, t.id, at);
    }
    return added.length;
  }

  /** `id` moves to `renamed` (a port change) at `at`, keeping its instance. */
  rename(p: PoolInfo, id: string, renamed: string, at: number): void {
    this.#instanceOfId.set(renamed, this.#instanceOfId.get(id) ?? null);
    this.close(p, id, at);
    this.open(p, renamed, at);
  }

  /** `id` is bound to `p` from `atSec` (no change if it already is). */
  open(p: PoolInfo, id: string, atSec: number): void {
    p.ids.add(id);
    if (p.bound.has(id)) return;
    p.bound.set(id, atSec);
    this.#index(p, id, 1);
  }

  /** `id` leaves `p` at `atSec`: its probing time is counted. */
  close(p: PoolInfo, id: string, atSec: number): void {
    const since = p.bound.get(id);
    if (since === undefined) return;
    p.bound.delete(id);
    this.#index(p, id, -1);
    p.probeSeconds += Math.max(0, atSec - since) + p.health.intervalSec;
  }

  #instanceOf(t: TargetSpec): string | null {
    if (t.kind === 'instance') return t.instance;
    return t.kind === 'eni' ? (this.#eniOwner.get(t.eni) ?? null) : null;
  }

  #index(p: PoolInfo, id: string, delta: 1 | -1): void {
    this.liveTargets += delta;
    const instance = this.#instanceOfId.get(id);
    if (instance == null) return;
    let ids = p.byInstance.get(instance);
    if (ids === undefined) p.byInstance.set(instance, (ids = new Set()));
    if (delta > 0) ids.add(id);
    else ids.delete(id);
    for (const g of this.#groupsOf.get(instance) ?? []) {
      p.byGroup.set(g, (p.byGroup.get(g) ?? 0) + delta);
    }
  }
}

/** Applies one event to the ledger and the pools' refresh counts; returns its own work. */
export function replayEvent(
  event: EventSpec,
  scenario: Scenario,
  { pools, byKey }: { pools: readonly PoolInfo[]; byKey: ReadonlyMap<string, PoolInfo> },
  ledger: BindingLedger,
): number {
  ledger.histories += 1;
  const at = Math.min(event.atSec, scenario.durationSec);
  let work = pools.length;
  switch (event.op) {
    case 'bind':
    case 'scale': {
      const p = byKey.get(poolKey(event.listener, event.rule));
      if (p !== undefined) bindingChange(p, event, at, ledger);
      break;
    }
    case 'unbind':
    case 'setWeight':
    case 'setPort': {
      const p = byKey.get(poolKey(event.listener, event.rule));
      if (p !== undefined) targetChange(p, event, at, ledger);
      break;
    }
    case 'down':
    case 'up':
    case 'release':
      if (event.op !== 'up') ledger.mayFail = true;
      work += ledger.liveTargets;
      for (const p of pools) healthChanges(p, p.byInstance.get(event.instance)?.size ?? 0, ledger);
      break;
    case 'bindSecurityGroup':
    case 'unbindSecurityGroup':
      work += ledger.liveTargets;
      for (const p of pools) healthChanges(p, p.byInstance.get(event.instance)?.size ?? 0, ledger);
      break;
    case 'zoneDown':
    case 'zoneUp': {
      if (event.op === 'zoneDown') ledger.mayFail = true;
      work += ledger.liveTargets;
      const inZone = instancesOverRun(scenario)
        .filter((i) => i.zone === event.zone)
        .map((i) => i.id);
      for (const p of pools) {
        let k = 0;
        for (const id of inZone) k += p.byInstance.get(id)?.size ?? 0;
        healthChanges(p, k, ledger);
      }
      break;
    }
    case 'moveEni':
      // The ENI's targets take its new instance's groups and power: each may change health.
      ledger.mayFail = true;
      work += ledger.liveTargets;
      for (const p of pools) healthChanges(p, eniTargets(p, event.eni), ledger);
      break;
    case 'setBackendMode':
      // Only later binds and releases follow it: O(1).
      break;
    case 'slow':
    case 'errors':
    case 'blackhole':
    case 'restore':
      // One instance's service state: O(1), no picker or health change.
      break;
    case 'setSecurityGroup':
      work += ledger.liveTargets;
      for (const p of pools) {
        const k = p.byGroup.get(event.securityGroup) ?? 0;
        // Each target using the group compiles its rules again.
        work += k * (1 + event.inbound.length);
        healthChanges(p, k, ledger);
      }
      break;
  }
  return work;
}

/** A bind or scale event on `p`. */
function bindingChange(
  p: PoolInfo,
  event: Extract<EventSpec, { op: 'bind' | 'scale' }>,
  at: number,
  ledger: BindingLedger,
): void {
  const added = ledger.bindAll(p, event, at);
  let removed = 0;
  if (event.op === 'scale') {
    for (const instance of event.remove) {
      for (const id of [...(p.byInstance.get(instance) ?? [])]) {
        ledger.close(p, id, at);
        removed++;
      }
    }
  }
  // One refresh for the change, one per new target when it passes its checks.
  p.refreshes += 1 + added + removed;
  ledger.histories += 2 * (added + removed);
}

/** An unbind, setWeight or setPort event on `p`. */
function targetChange(
  p: PoolInfo,
  event: Extract<EventSpec, { op: 'unbind' | 'setWeight' | 'setPort' }>,
  at: number,
  ledger: BindingLedger,
): void {
  for (const id of event.targets) {
    if (event.op === 'unbind') ledger.close(p, id, at);
    else if (event.op === 'setPort') {
      const renamed = `${id.slice(0, id.lastIndexOf(':'))}:${event.port}`;
      if (p.bound.has(id) && renamed !== id) ledger.rename(p, id, renamed, at);
    }
  }
  // A port change can make probes fail (security groups): health changes follow.
  const k = event.targets.length;
  p.refreshes += 1 + (event.op === 'setPort' ? 2 * k : 0);
  ledger.histories += 2 * k;
}

/** How many targets bound to `p` are bound through `eni` (ids `<eni>:<port>`). */
function eniTargets(p: PoolInfo, eni: string): number {
  let k = 0;
  for (const id of p.bound.keys()) if (id.slice(0, id.lastIndexOf(':')) === eni) k++;
  return k;
}

/** `k` targets of `p` change health (down, up, and back): a rebuild for the change and each. */
function healthChanges(p: PoolInfo, k: number, ledger: BindingLedger): void {
  if (k === 0) return;
  p.refreshes += 1 + 2 * k;
  ledger.histories += 2 * k;
}

/** Targets a bind or scale event adds: id, and the instance or spec to find its instance. */
function addedTargets(
  event: Extract<EventSpec, { op: 'bind' | 'scale' }>,
): { id: string; instance?: string; spec?: TargetSpec }[] {
  if (event.op === 'bind') return event.targets.map((t) => ({ id: t.id, spec: t }));
  return event.add.map((l) => ({ id: `${l.id}:${event.port}`, instance: l.id }));
}

/** One pool per layer-4 listener and per layer-7 rule, nothing bound yet. */
export function poolsOf(scenario: Scenario): PoolInfo[] {
  const pools: PoolInfo[] = [];
  for (const l of scenario.listeners) {
    const passive = l.protocol === 'TCP_SSL' || l.protocol === 'HTTP' || l.protocol === 'HTTPS';
    const specs =
      l.rules.length === 0
        ? [{ rule: undefined, spec: l }]
        : l.rules.map((r) => ({ rule: r.id, spec: r }));
    for (const { rule, spec } of specs) {
      pools.push({
        listener: l.id,
        rule,
        algorithm: spec.algorithm,
        sessions: spec.session !== null,
        health: spec.healthCheck,
        passive,
        slowStartSec: spec.slowStartSec ?? 0,
        initial: spec.targets,
        share: 0,
        ids: new Set(),
        bound: new Map(),
        byInstance: new Map(),
        byGroup: new Map(),
        probeSeconds: 0,
        refreshes: 0,
      });
    }
  }
  return pools;
}
