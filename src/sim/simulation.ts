/**
 * The discrete-event simulation: one virtual clock (simulated ms), Poisson arrivals, and three
 * kinds of timed work merged in time order before each arrival — control events from the scenario,
 * health-probe starts and health-probe outcomes. No I/O, no ambient time or randomness: the same
 * scenario and seed give the same report, byte for byte.
 */
import { describeAlgorithm } from '../balancer/algorithms.js';
import { probePhaseMs, probeOutcomeDelayMs } from '../health/probe-schedule.js';
import { probeSource } from '../health/probe-source.js';
import { mix32 } from '../hash/mix32.js';
import { BackendPool, type SourceFilter } from '../listener/backend-pool.js';
import { DeadlineHeap } from '../listener/deadline-heap.js';
import { L7Router } from '../routing/l7-router.js';
import { parseIpv4 } from '../network/address.js';
import { compileAcl } from '../network/security-group.js';
import { AliasTable } from '../random/alias-table.js';
import { deriveRng, type Rng } from '../random/rng.js';
import type {
  EventSpec,
  InstanceSpec,
  ListenerSpec,
  Scenario,
  SecurityGroupSpec,
  TargetSpec,
} from '../scenario/types.js';
import { Arrivals, ClientPopulation, exponential } from './traffic.js';

/** Options of a run that do not change the simulated system. */
export interface RunHooks {
  /** Called now and then with the fraction of simulated time done (0..1). */
  readonly onProgress?: (fraction: number) => void;
}

/** Mutable state of one instance during the run. */
interface InstanceState {
  readonly id: string;
  readonly region: string;
  up: boolean;
  released: boolean;
  readonly groups: readonly string[];
}

/** What one control event did to sessions (for the report). */
export interface EventEffect {
  readonly atSec: number;
  readonly op: string;
  sessionsMoved: number;
  sessionsDropped: number;
  readonly movedTo: Map<string, number>;
  /** Clients of sticky pools (hashing pickers, sessions) whose requests went to another target. */
  clientsRemapped: number;
}

/** A pool's health-check timing. */
interface ProbeTiming {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

const ALLOW_ALL: SourceFilter = { allows: () => true };
const PROGRESS_EVERY = 1 << 16;
/** Slots per pool in a probe tag (`pool * SLOT_SPAN + slot`). */
const SLOT_SPAN = 1 << 12;

/** Runs one scenario to completion. */
export class Simulation {
  readonly scenario: Scenario;
  readonly pools: BackendPool[] = [];
  readonly events: EventEffect[] = [];
  /** Arrivals in all. */
  requests = 0;
  /** Layer-7 requests no rule matched (404). */
  notFound = 0;

  readonly #instances = new Map<string, InstanceState>();
  readonly #eniOwner = new Map<string, string>();
  readonly #groups = new Map<string, SecurityGroupSpec>();
  readonly #poolIndex = new Map<string, number>();
  readonly #timing: ProbeTiming[] = [];
  readonly #probes = new DeadlineHeap();
  readonly #outcomes = new DeadlineHeap();
  readonly #probing = new Set<number>();
  readonly #probeSource: { readonly address: number; readonly alwaysAllowed: boolean };
  readonly #windowMs: number;
  readonly #windows: number;
  /** Per pool, the index (in `events`) of the latest event that changed it; moves go to it. */
  readonly #poolCause: number[] = [];
  /** Index of the next control event (the validated scenario lists them in time order). */
  #nextEvent = 0;
  /** When the earliest pending control event or probe is due (recomputed by #runTimers). */
  #nextTimerMs = -Infinity;
  /** Client slots left for stickiness tracking: 2^26 (128 MiB) over all pools. */
  #trackingBudget = 2 ** 26;
  /** Per pool, the scaled-out targets still probing; sessions are rescheduled (onScale) once none is. */
  readonly #pendingRebalance = new Map<number, Set<number>>();

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.#windowMs = scenario.options.windowSec * 1000;
    this.#windows = Math.max(1, Math.ceil((scenario.durationSec * 1000) / this.#windowMs));
    const source = probeSource(scenario.loadBalancer);
    this.#probeSource = {
      address: source.address === null ? 0 : parseIpv4(source.address),
      alwaysAllowed: source.alwaysAllowed,
    };
    for (const g of scenario.securityGroups) this.#groups.set(g.id, g);
    for (const ins of scenario.instances) this.#addInstance(ins);
    for (const listener of scenario.listeners) this.#addListener(listener);
  }

  /** Runs the whole scenario. */
  run(hooks: RunHooks = {}): void {
    const { scenario } = this;
    const seed = scenario.seed;
    const endMs = scenario.durationSec * 1000;
    const clients = new ClientPopulation(scenario.traffic, deriveRng(seed, 'clients'));
    const arrivals = new Arrivals(scenario.traffic.ratePerSec, deriveRng(seed, 'arrivals'));
    const durations = deriveRng(seed, 'durations');
    const mixRng = deriveRng(seed, 'mix');
    const { table: mixTable, pools: mixPools } = this.#buildMix();
    const connectionMs = scenario.traffic.connectionMs;
    const pools = this.pools;
    const windowMs = this.#windowMs;
    const lastWindow = this.#windows - 1;

    for (;;) {
      const now = arrivals.next();
      if (now >= endMs) break;
      if (this.#nextTimerMs <= now) this.#runTimers(now);
      this.requests++;
      if ((this.requests & (PROGRESS_EVERY - 1)) === 0) hooks.onProgress?.(now / endMs);
      const client = clients.next();
      const pool = mixTable === null ? mixPools[0]! : mixPools[mixTable.sample(mixRng)]!;
      if (pool < 0) {
        this.notFound++;
        continue;
      }
      const ip = clients.address(client);
      const p = pools[pool]!;
      const window = Math.min((now / windowMs) | 0, lastWindow);
      const duration = p.tracksConnections ? exponential(durations, connectionMs) : 0;
      p.handle(client, ip, mix32(ip), now, window, duration);
    }
    // Events and probes after the last arrival still happen: health and expected shares show them.
    this.#runTimers(endMs);
    this.#collectMoves();
    for (const p of pools) p.finish(endMs);
    hooks.onProgress?.(1);
  }

  /**
   * Runs the control events, probe outcomes and probe starts due by `untilMs`, earliest first;
   * ties: control events, then probe outcomes, then probe starts.
   */
  #runTimers(untilMs: number): void {
    const events = this.scenario.events;
    for (;;) {
      const eventAt =
        this.#nextEvent < events.length ? events[this.#nextEvent]!.atSec * 1000 : Infinity;
      const probeAt = this.#probes.peekEnd();
      const outcomeAt = this.#outcomes.peekEnd();
      this.#nextTimerMs = Math.min(eventAt, probeAt, outcomeAt);
      if (this.#nextTimerMs > untilMs) return;
      if (eventAt <= outcomeAt && eventAt <= probeAt) {
        this.#apply(events[this.#nextEvent++]!, eventAt);
      } else if (outcomeAt <= probeAt) {
        this.#probeOutcome(outcomeAt);
      } else {
        this.#probeStart(probeAt);
      }
    }
  }

  /** Number of report windows and their width in ms. */
  get windowing(): { readonly windows: number; readonly windowMs: number } {
    return { windows: this.#windows, windowMs: this.#windowMs };
  }

  #addInstance(ins: InstanceSpec): void {
    this.#instances.set(ins.id, {
      id: ins.id,
      region: ins.region,
      up: ins.state === 'running',
      released: false,
      groups: ins.securityGroups,
    });
    for (const eni of ins.enis) this.#eniOwner.set(eni.id, ins.id);
  }

  #addListener(listener: ListenerSpec): void {
    const l4 = listener.rules.length === 0;
    const passive = ['TCP_SSL', 'HTTP', 'HTTPS'].includes(listener.protocol);
    const groups = l4
      ? [{ rule: undefined, spec: listener }]
      : listener.rules.map((r) => ({ rule: r.id, spec: r }));
    for (const { rule, spec } of groups) {
      const index = this.pools.length;
      const rng: Rng = deriveRng(this.scenario.seed, `picker:${listener.id}/${rule ?? ''}`);
      const pool = new BackendPool({
        listener: listener.id,
        rule,
        algorithm: spec.algorithm,
        sessionTimeoutMs: spec.session === null ? 0 : spec.session.timeoutSec * 1000,
        healthChecks: spec.healthCheck.enabled,
        thresholds: spec.healthCheck,
        passiveChecks: passive,
        rng,
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
        clients: this.#trackClients(
          spec.session !== null || describeAlgorithm(spec.algorithm).sticky,
        ),
      });
      this.pools.push(pool);
      this.#timing.push({
        intervalMs: spec.healthCheck.intervalSec * 1000,
        timeoutMs: spec.healthCheck.timeoutSec * 1000,
      });
      this.#poolIndex.set(poolKey(listener.id, rule), index);
      for (const target of spec.targets) this.#bind(index, target, 0, true);
      pool.refresh(0);
    }
  }

  /**
   * How many clients a pool remembers the last target of (2 bytes each): all of them for sticky
   * pools while the memory budget lasts, then none (their `clientsRemapped` is not counted).
   */
  #trackClients(sticky: boolean): number {
    const clients = this.scenario.traffic.clients;
    if (!sticky || clients > this.#trackingBudget) return 0;
    this.#trackingBudget -= clients;
    return clients;
  }

  /** The traffic mix as an alias table over entries and, per entry, its pool (-1: 404). */
  #buildMix(): { table: AliasTable | null; pools: Int32Array } {
    const { listeners, traffic } = this.scenario;
    const entries =
      traffic.mix.length > 0
        ? traffic.mix
        : listeners.map((l) => ({ listener: l.id, host: undefined, path: undefined, weight: 1 }));
    const pools = new Int32Array(entries.length);
    entries.forEach((entry, i) => {
      const listener = listeners.find((l) => l.id === entry.listener)!;
      if (listener.rules.length === 0) {
        pools[i] = this.#poolIndex.get(poolKey(listener.id, undefined))!;
        return;
      }
      // An entry without a host goes to the default domain (unmatched hosts do).
      const router = new L7Router(listener.rules);
      const rule = router.route(entry.host ?? '', entry.path ?? '/');
      pools[i] =
        rule < 0 ? -1 : this.#poolIndex.get(poolKey(listener.id, listener.rules[rule]!.id))!;
    });
    const table = entries.length > 1 ? new AliasTable(entries.map((e) => e.weight)) : null;
    return { table, pools };
  }

  /** Binds a target to a pool and schedules its probes; returns its slot. The caller refreshes the pool. */
  #bind(pool: number, target: TargetSpec, nowMs: number, steady: boolean): number {
    const instanceId = this.#instanceOf(target);
    const instance = instanceId === null ? undefined : this.#instances.get(instanceId);
    const slot = this.pools[pool]!.bind(
      {
        id: target.id,
        instance: instanceId,
        port: target.port,
        weight: target.weight,
        filter: this.#filter(instanceId, target.port),
        up: instance === undefined ? instanceId === null : instance.up,
      },
      nowMs,
      steady,
      true,
    );
    if (slot >= SLOT_SPAN) {
      throw new RangeError(`simulation: more than ${SLOT_SPAN} targets in one pool`);
    }
    const tag = pool * SLOT_SPAN + slot;
    const timing = this.#timing[pool]!;
    if (this.pools[pool]!.slots[slot]!.health.state !== 'closed' && !this.#probing.has(tag)) {
      this.#probing.add(tag);
      this.#probes.push(nowMs + probePhaseMs(target.id, timing.intervalMs), tag);
    }
    return slot;
  }

  #instanceOf(target: TargetSpec): string | null {
    if (target.kind === 'instance') return target.instance;
    if (target.kind === 'eni') return this.#eniOwner.get(target.eni) ?? null;
    return null;
  }

  #filter(instanceId: string | null, port: number): SourceFilter {
    if (instanceId === null) return ALLOW_ALL; // an IDC address: no cloud security group
    const instance = this.#instances.get(instanceId);
    if (instance === undefined) return ALLOW_ALL;
    const groups = instance.groups.flatMap((g) => {
      const spec = this.#groups.get(g);
      return spec === undefined ? [] : [spec];
    });
    return compileAcl(groups, port);
  }

  #probeStart(atMs: number): void {
    const tag = this.#probes.pop();
    const pool = this.pools[(tag / SLOT_SPAN) | 0]!;
    const slot = pool.slots[tag % SLOT_SPAN]!;
    if (!slot.bound) {
      this.#probing.delete(tag);
      return;
    }
    // A probe succeeds when the instance answers and its groups let the probe source in.
    const ok =
      slot.up && (this.#probeSource.alwaysAllowed || slot.filter.allows(this.#probeSource.address));
    const timing = this.#timing[(tag / SLOT_SPAN) | 0]!;
    this.#outcomes.push(atMs + probeOutcomeDelayMs(ok, timing.timeoutMs), tag * 2 + (ok ? 1 : 0));
    this.#probes.push(atMs + timing.intervalMs, tag);
  }

  #probeOutcome(atMs: number): void {
    const code = this.#outcomes.pop();
    const tag = code >>> 1;
    const index = (tag / SLOT_SPAN) | 0;
    const pool = this.pools[index]!;
    const slot = tag % SLOT_SPAN;
    const changed = pool.probe(slot, (code & 1) === 1, atMs);
    const waiting = this.#pendingRebalance.get(index);
    if (changed && waiting?.has(slot) === true && pool.slots[slot]!.health.state === 'healthy') {
      waiting.delete(slot);
      if (waiting.size === 0) {
        this.#pendingRebalance.delete(index);
        pool.rescheduleAll(atMs);
      }
    }
  }

  /**
   * Attributes what moved in each pool since the last collection (sessions moved off abnormal or
   * rescheduled targets, clients remapped) to the latest event that changed that pool: an event's
   * effects show as its clients come back after it. Moves no event caused are not attributed.
   */
  #collectMoves(): void {
    this.pools.forEach((pool, p) => {
      const { moved, movedTo, remapped } = pool.takeMoves();
      const cause = this.events[this.#poolCause[p] ?? -1];
      if (cause === undefined) return;
      cause.sessionsMoved += moved;
      cause.clientsRemapped += remapped;
      for (const [id, n] of movedTo) cause.movedTo.set(id, (cause.movedTo.get(id) ?? 0) + n);
    });
  }

  #apply(event: EventSpec, nowMs: number): void {
    this.#collectMoves();
    const before = this.pools.map((p) => p.controlChanges);
    this.#applyControl(event, nowMs);
    // What moves in a pool from now on is this event's doing, until another event changes it.
    this.pools.forEach((p, i) => {
      if (p.controlChanges !== before[i]) this.#poolCause[i] = this.events.length - 1;
    });
  }

  #applyControl(event: EventSpec, nowMs: number): void {
    const effect: EventEffect = {
      atSec: event.atSec,
      op: event.op,
      sessionsMoved: 0,
      sessionsDropped: 0,
      movedTo: new Map(),
      clientsRemapped: 0,
    };
    this.events.push(effect);
    switch (event.op) {
      case 'setWeight':
        this.#eachTarget(event.listener, event.rule, event.targets, nowMs, (pool, slot) => {
          pool.setWeight(slot, event.weight, nowMs, true);
        });
        break;
      case 'setPort':
        this.#eachTarget(event.listener, event.rule, event.targets, nowMs, (pool, slot) => {
          const s = pool.slots[slot]!;
          const ref = s.id.slice(0, s.id.lastIndexOf(':'));
          pool.setPort(
            slot,
            event.port,
            `${ref}:${event.port}`,
            this.#filter(s.instance, event.port),
          );
        });
        break;
      case 'bind': {
        const pool = this.#pool(event.listener, event.rule);
        for (const t of event.targets) this.#bind(pool, t, nowMs, false);
        this.pools[pool]!.refresh(nowMs);
        break;
      }
      case 'unbind':
        this.#eachTarget(event.listener, event.rule, event.targets, nowMs, (pool, slot) => {
          effect.sessionsDropped += pool.unbind(slot, nowMs, true);
        });
        break;
      case 'down':
      case 'up':
        this.#setInstanceUp(event.instance, event.op === 'up');
        break;
      case 'release':
        effect.sessionsDropped += this.#release(event.instance, nowMs);
        break;
      case 'setSecurityGroup':
        this.#groups.set(event.securityGroup, { id: event.securityGroup, inbound: event.inbound });
        for (const pool of this.pools) {
          pool.slots.forEach((s, i) => {
            const ins = s.instance === null ? undefined : this.#instances.get(s.instance);
            if (ins?.groups.includes(event.securityGroup))
              pool.setFilter(i, this.#filter(s.instance, s.port));
          });
        }
        break;
      case 'scale': {
        const pool = this.#pool(event.listener, event.rule);
        const lb = this.scenario.loadBalancer;
        const launched = new Set<number>();
        for (const launch of event.add) {
          this.#addInstance({
            id: launch.id,
            region: lb.region,
            vpcId: lb.vpcId,
            privateIp: launch.privateIp,
            state: 'running',
            bandwidthMbps: 10,
            securityGroups: launch.securityGroups,
            enis: [],
          });
          const id = `${launch.id}:${event.port}`;
          const slot = this.#bind(
            pool,
            { kind: 'instance', id, instance: launch.id, port: event.port, weight: event.weight },
            nowMs,
            false,
          );
          if (this.pools[pool]!.slots[slot]!.health.state === 'probing') launched.add(slot);
        }
        const p = this.pools[pool]!;
        p.slots.forEach((s, i) => {
          if (s.bound && s.instance !== null && event.remove.includes(s.instance)) {
            effect.sessionsDropped += p.unbind(i, nowMs, true);
          }
        });
        p.refresh(nowMs);
        // Reschedule on scale: sessions are handed out again once every launched instance has
        // passed its health checks (at once for a scale-in, or with health checks off).
        if (launched.size > 0) this.#pendingRebalance.set(pool, launched);
        else p.rescheduleAll(nowMs);
        break;
      }
    }
  }

  #pool(listener: string, rule: string | undefined): number {
    const index = this.#poolIndex.get(poolKey(listener, rule));
    if (index === undefined)
      throw new RangeError(`simulation: no listener/rule ${poolKey(listener, rule)}`);
    return index;
  }

  #eachTarget(
    listener: string,
    rule: string | undefined,
    ids: readonly string[],
    nowMs: number,
    fn: (pool: BackendPool, slot: number) => void,
  ): void {
    const pool = this.pools[this.#pool(listener, rule)]!;
    for (const id of ids) {
      const slot = pool.findBound(id);
      if (slot >= 0) fn(pool, slot);
    }
    // One picker update for the whole change (a Maglev rebuild per target would add up).
    pool.refresh(nowMs);
  }

  #setInstanceUp(id: string, up: boolean): void {
    const instance = this.#instances.get(id);
    if (instance === undefined || instance.released) return;
    instance.up = up;
    for (const pool of this.pools) {
      pool.slots.forEach((s, i) => {
        if (s.instance === id) pool.setUp(i, up);
      });
    }
  }

  /**
   * Releasing an instance unbinds its targets, except under cross-region binding 2.0 where a
   * target in another region stays bound, and turns unhealthy, until unbound by hand.
   */
  #release(id: string, nowMs: number): number {
    const instance = this.#instances.get(id);
    if (instance === undefined) return 0;
    this.#setInstanceUp(id, false);
    instance.released = true;
    const lb = this.scenario.loadBalancer;
    const staysBound = lb.backendMode === 'non-vpc-ips' && instance.region !== lb.region;
    if (staysBound) return 0;
    let dropped = 0;
    for (const pool of this.pools) {
      pool.slots.forEach((s, i) => {
        if (s.bound && s.instance === id) dropped += pool.unbind(i, nowMs, true);
      });
      pool.refresh(nowMs);
    }
    return dropped;
  }
}

function poolKey(listener: string, rule: string | undefined): string {
  return rule === undefined ? listener : `${listener}\u0000${rule}`;
}
