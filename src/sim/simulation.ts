/**
 * The discrete-event simulation: one virtual clock (simulated ms), Poisson arrivals, and the timed
 * work merged in time order before each arrival — control events from the scenario, health-probe
 * starts and outcomes (`control-plane.ts` applies them). No I/O, no ambient time or randomness:
 * the same scenario and seed give the same report, byte for byte.
 */
import { BUILT_IN_LOOKUP, type AlgorithmLookup } from '../balancer/user-algorithms.js';
import type { BalancerGuard } from '../listener/balancer-guard.js';
import type { BackendPool } from '../listener/backend-pool.js';
import { blankRequest, type PoolRequest } from '../listener/pool-options.js';
import { L7Router } from '../routing/l7-router.js';
import { AliasTable } from '../random/alias-table.js';
import { exponential } from '../random/exponential.js';
import { deriveRng, type Rng } from '../random/rng.js';
import type { MixEntry, Scenario } from '../scenario/types.js';
import type { InstanceServiceStats, ServiceModel } from '../service/service-model.js';
import type { EventEffect } from './attribution.js';
import { ControlPlane } from './control-plane.js';
import { Arrivals, ClientPopulation, WindowIndex } from './traffic.js';

/** Options of a run that do not change the simulated system. */
export interface RunHooks {
  /** Called now and then with the fraction of simulated time done (0..1). */
  readonly onProgress?: (fraction: number) => void;
}

/** Requests between progress calls; also the chunk after which `chunks()` yields. */
const PROGRESS_EVERY = 1 << 16;

/** What one run's request loop reads: its streams, traffic mix, pools and scratch request. */
interface RunState {
  readonly endMs: number;
  readonly clients: ClientPopulation;
  readonly arrivals: Arrivals;
  /** Connection durations (pools that count connections draw one per request). */
  readonly durations: Rng;
  readonly connectionMs: number;
  readonly mixRng: Rng;
  /** The traffic mix (null: one entry); per entry its pool (-1: 404) and listener. */
  readonly mixTable: AliasTable | null;
  readonly mixPools: Int32Array;
  readonly mixListeners: Int32Array;
  readonly mixRequests: Float64Array;
  readonly mixRefused: Float64Array;
  readonly guard: BalancerGuard | null;
  readonly pools: readonly BackendPool[];
  readonly windowIndex: WindowIndex;
  readonly request: PoolRequest;
}

/** Runs one scenario to completion. */
export class Simulation {
  readonly scenario: Scenario;
  /** Arrivals in all. */
  requests = 0;
  /** Layer-7 requests no rule matched (404), and requests the load balancer's groups refused. */
  unserved = 0;
  /**
   * The traffic mix as run (one entry per listener when the scenario has none): per entry, its
   * pool (-1: no rule matched), the requests drawn for it and those of them the load balancer's
   * own security groups refused.
   */
  mix: {
    readonly entries: readonly MixEntry[];
    readonly pools: Int32Array;
    readonly requests: Float64Array;
    readonly refused: Float64Array;
  } = {
    entries: [],
    pools: new Int32Array(0),
    requests: new Float64Array(0),
    refused: new Float64Array(0),
  };

  readonly #plane: ControlPlane;
  readonly #windowMs: number;
  readonly #windows: number;
  /** Index of the next control event (the validated scenario lists them in time order). */
  #nextEvent = 0;
  /** Per service-model slot, the instance's figures once the run is finished. */
  #serviceStats: InstanceServiceStats[] = [];
  /** When the earliest pending control event or probe is due (recomputed by #runTimers). */
  #nextTimerMs = -Infinity;

  constructor(scenario: Scenario, algorithms: AlgorithmLookup = BUILT_IN_LOOKUP) {
    this.scenario = scenario;
    this.#windowMs = scenario.options.windowSec * 1000;
    this.#windows = Math.max(1, Math.ceil((scenario.durationSec * 1000) / this.#windowMs));
    this.#plane = new ControlPlane(scenario, this.#windows, algorithms);
  }

  /** The pools, in listener and rule order. */
  get pools(): readonly BackendPool[] {
    return this.#plane.pools;
  }

  /** The instances' service model (null when no instance has one) and, after the run, its figures. */
  get service(): {
    readonly model: ServiceModel;
    readonly stats: readonly InstanceServiceStats[];
  } | null {
    const model = this.#plane.service;
    return model === null ? null : { model, stats: this.#serviceStats };
  }

  /** What each control event did, in the order applied. */
  get events(): readonly EventEffect[] {
    return this.#plane.attribution.effects;
  }

  /** Runs the whole scenario. */
  run(hooks: RunHooks = {}): void {
    const steps = this.chunks(hooks);
    while (steps.next().done !== true);
  }

  /**
   * Runs the scenario a chunk at a time: it pauses after every 2^16 requests (right after the
   * progress call) and finishes when the generator does. What a caller does between chunks (yield
   * to the event loop, check a signal) cannot change the report: the run has no other input.
   */
  *chunks(hooks: RunHooks = {}): Generator<void, void, void> {
    const run = this.#start();
    const lean = this.#leanPool(run);
    for (;;) {
      const more = lean === null ? this.#serve(run) : this.#serveLean(run, lean);
      if (!more) break;
      hooks.onProgress?.(run.arrivals.lastMs / run.endMs);
      yield;
    }
    // Events and probes after the last arrival still happen: health and expected shares show them.
    this.#runTimers(run.endMs);
    this.#plane.attribution.collect();
    for (const p of run.pools) p.finish(run.endMs);
    this.#serviceStats = this.#plane.service?.finish(run.endMs) ?? [];
    hooks.onProgress?.(1);
  }

  /** The streams, traffic mix and scratch request of a run, before its first arrival. */
  #start(): RunState {
    const { scenario } = this;
    const seed = scenario.seed;
    const clients = new ClientPopulation(scenario.traffic, deriveRng(seed, 'clients'));
    const { table: mixTable, pools: mixPools, listeners: mixListeners, entries } = this.#buildMix();
    const mixRequests = new Float64Array(entries.length);
    const mixRefused = new Float64Array(entries.length);
    this.mix = { entries, pools: mixPools, requests: mixRequests, refused: mixRefused };
    const pools = this.#plane.pools;
    const readingAhead = pools.filter((p) => p.readsAhead);
    if (readingAhead.length > 0) {
      clients.onBatch = (addresses, count) => {
        for (const p of readingAhead) p.prefetch(addresses, count);
      };
    }
    return {
      endMs: scenario.durationSec * 1000,
      clients,
      arrivals: new Arrivals(scenario.traffic.ratePerSec, deriveRng(seed, 'arrivals')),
      durations: deriveRng(seed, 'durations'),
      connectionMs: scenario.traffic.connectionMs,
      mixRng: deriveRng(seed, 'mix'),
      mixTable,
      mixPools,
      mixListeners,
      mixRequests,
      mixRefused,
      guard: this.#plane.guard,
      pools,
      windowIndex: new WindowIndex(this.#windowMs, this.#windows),
      request: blankRequest(),
    };
  }

  /**
   * The one pool every request goes to when the run can take the short loop: one traffic-mix
   * entry, no balancer security groups, and a lean pool (`BackendPool.lean`); else null.
   */
  #leanPool(run: RunState): BackendPool | null {
    if (run.mixTable !== null || run.guard !== null) return null;
    const pool = run.pools[run.mixPools[0]!];
    return pool?.lean === true ? pool : null;
  }

  /**
   * `#serve` for a run whose every request goes to one lean pool (see `#leanPool`), with its
   * counts kept in locals until the chunk ends.
   */
  #serveLean(run: RunState, pool: BackendPool): boolean {
    const { endMs, clients, arrivals, windowIndex } = run;
    const first = this.requests;
    const last = (first | (PROGRESS_EVERY - 1)) + 1;
    let n = first;
    let more = true;
    while (n < last) {
      const now = arrivals.next();
      if (now >= endMs) {
        more = false;
        break;
      }
      // Not `now`: V8 would box it for the call on every turn, the call being out of line.
      if (this.#nextTimerMs <= now) this.#runTimers(arrivals.lastMs);
      n++;
      const client = clients.next();
      pool.nowMs = now;
      pool.handleLean(client, clients.address(client) | 0, windowIndex.at(now));
    }
    this.requests = n;
    run.mixRequests[0]! += n - first;
    return more;
  }

  /**
   * Serves arrivals, with the timed work due before each, until 2^16 more have arrived (returns
   * true) or the run's end (returns false). A plain method, not the generator: V8
   * optimises a loop in a generator less well (about a fifth more instructions per request).
   */
  #serve(run: RunState): boolean {
    const { endMs, clients, arrivals, durations, connectionMs, mixRng, mixTable } = run;
    const { mixPools, mixListeners, mixRequests, mixRefused, guard, pools, windowIndex } = run;
    const request = run.request;
    for (;;) {
      const now = arrivals.next();
      if (now >= endMs) return false;
      if (this.#nextTimerMs <= now) this.#runTimers(arrivals.lastMs);
      const n = ++this.requests;
      const client = clients.next();
      const entry = mixTable === null ? 0 : mixTable.sample(mixRng);
      mixRequests[entry]!++;
      const pool = mixPools[entry]!;
      const ip = clients.address(client);
      // The load balancer's own groups see the request before any rule or target does.
      if (guard !== null && !guard.admits(mixListeners[entry]!, ip)) {
        this.unserved++;
        mixRefused[entry]!++;
      } else if (pool < 0) {
        this.unserved++;
      } else {
        const p = pools[pool]!;
        request.client = client;
        request.clientIp = ip;
        request.nowMs = now;
        request.window = windowIndex.at(now);
        request.durationMs = p.tracksConnections ? exponential(durations, connectionMs) : 0;
        p.handle(request);
      }
      if ((n & (PROGRESS_EVERY - 1)) === 0) return true;
    }
  }

  /**
   * Runs the control events, probe outcomes and probe starts due by `untilMs`, earliest first;
   * ties: control events, then probe outcomes, then probe starts.
   */
  #runTimers(untilMs: number): void {
    const events = this.scenario.events;
    const plane = this.#plane;
    for (;;) {
      const eventAt =
        this.#nextEvent < events.length ? events[this.#nextEvent]!.atSec * 1000 : Infinity;
      const probeAt = plane.nextProbeMs();
      this.#nextTimerMs = Math.min(eventAt, probeAt);
      if (this.#nextTimerMs > untilMs) return;
      if (eventAt <= probeAt) plane.apply(events[this.#nextEvent++]!, eventAt);
      else plane.probe(probeAt);
    }
  }

  /** Number of report windows and their width in ms. */
  get windowing(): { readonly windows: number; readonly windowMs: number } {
    return { windows: this.#windows, windowMs: this.#windowMs };
  }

  /** The traffic mix as an alias table over entries and, per entry, its pool (-1: 404) and listener. */
  #buildMix(): {
    table: AliasTable | null;
    pools: Int32Array;
    listeners: Int32Array;
    entries: readonly MixEntry[];
  } {
    const { listeners, traffic } = this.scenario;
    const entries =
      traffic.mix.length > 0
        ? traffic.mix
        : listeners.map((l) => ({ listener: l.id, host: undefined, path: undefined, weight: 1 }));
    const pools = new Int32Array(entries.length);
    const listenerOf = new Int32Array(entries.length);
    entries.forEach((entry, i) => {
      listenerOf[i] = listeners.findIndex((l) => l.id === entry.listener);
      const listener = listeners[listenerOf[i]]!;
      if (listener.rules.length === 0) {
        pools[i] = this.#plane.poolIndex({ listener: listener.id });
        return;
      }
      // An entry without a host goes to the default domain (unmatched hosts do).
      const router = new L7Router(listener.rules);
      const rule = router.route(entry.host ?? '', entry.path ?? '/');
      pools[i] =
        rule < 0
          ? -1
          : this.#plane.poolIndex({ listener: listener.id, rule: listener.rules[rule]!.id });
    });
    const table = entries.length > 1 ? new AliasTable(entries.map((e) => e.weight)) : null;
    return { table, pools, listeners: listenerOf, entries };
  }
}
