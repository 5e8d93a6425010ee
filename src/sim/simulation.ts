/**
 * The discrete-event simulation: one virtual clock (simulated ms), Poisson arrivals, and the timed
 * work merged in time order before each arrival — control events from the scenario, health-probe
 * starts and outcomes (`control-plane.ts` applies them). No I/O, no ambient time or randomness:
 * the same scenario and seed give the same report, byte for byte.
 */
import { BUILT_IN_LOOKUP, type AlgorithmLookup } from '../balancer/user-algorithms.js';
import { mix32 } from '../hash/mix32.js';
import type { BackendPool, PoolRequest } from '../listener/backend-pool.js';
import { L7Router } from '../routing/l7-router.js';
import { AliasTable } from '../random/alias-table.js';
import { deriveRng } from '../random/rng.js';
import type { MixEntry, Scenario } from '../scenario/types.js';
import type { InstanceServiceStats, ServiceModel } from '../service/service-model.js';
import type { EventEffect } from './attribution.js';
import { ControlPlane } from './control-plane.js';
import { Arrivals, ClientPopulation, WindowIndex, exponential } from './traffic.js';

/** Options of a run that do not change the simulated system. */
export interface RunHooks {
  /** Called now and then with the fraction of simulated time done (0..1). */
  readonly onProgress?: (fraction: number) => void;
}

/** Requests between progress calls; also the chunk after which `chunks()` yields. */
const PROGRESS_EVERY = 1 << 16;

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
    const { scenario } = this;
    const seed = scenario.seed;
    const endMs = scenario.durationSec * 1000;
    const clients = new ClientPopulation(scenario.traffic, deriveRng(seed, 'clients'));
    const arrivals = new Arrivals(scenario.traffic.ratePerSec, deriveRng(seed, 'arrivals'));
    const durations = deriveRng(seed, 'durations');
    const mixRng = deriveRng(seed, 'mix');
    const { table: mixTable, pools: mixPools, listeners: mixListeners, entries } = this.#buildMix();
    const mixRequests = new Float64Array(entries.length);
    const mixRefused = new Float64Array(entries.length);
    this.mix = { entries, pools: mixPools, requests: mixRequests, refused: mixRefused };
    const guard = this.#plane.guard;
    const connectionMs = scenario.traffic.connectionMs;
    const pools = this.#plane.pools;
    const readingAhead = pools.filter((p) => p.readsAhead);
    if (readingAhead.length > 0) {
      clients.onBatch = (addresses, count) => {
        for (const p of readingAhead) p.prefetch(addresses, count);
      };
    }
    const windowIndex = new WindowIndex(this.#windowMs, this.#windows);
    const request: PoolRequest = {
      client: 0,
      clientIp: 0,
      hash: 0,
      nowMs: 0,
      window: 0,
      durationMs: 0,
    };

    for (;;) {
      const now = arrivals.next();
      if (now >= endMs) break;
      if (this.#nextTimerMs <= now) this.#runTimers(now);
      this.requests++;
      if ((this.requests & (PROGRESS_EVERY - 1)) === 0) {
        hooks.onProgress?.(now / endMs);
        yield;
      }
      const client = clients.next();
      const entry = mixTable === null ? 0 : mixTable.sample(mixRng);
      mixRequests[entry]!++;
      const pool = mixPools[entry]!;
      const ip = clients.address(client);
      // The load balancer's own groups see the request before any rule or target does.
      if (guard !== null && !guard.admits(mixListeners[entry]!, ip)) {
        this.unserved++;
        mixRefused[entry]!++;
        continue;
      }
      if (pool < 0) {
        this.unserved++;
        continue;
      }
      const p = pools[pool]!;
      const window = windowIndex.at(now);
      const duration = p.tracksConnections ? exponential(durations, connectionMs) : 0;
      request.client = client;
      request.clientIp = ip;
      request.hash = mix32(ip);
      request.nowMs = now;
      request.window = window;
      request.durationMs = duration;
      p.handle(request);
    }
    // Events and probes after the last arrival still happen: health and expected shares show them.
    this.#runTimers(endMs);
    this.#plane.attribution.collect();
    for (const p of pools) p.finish(endMs);
    this.#serviceStats = this.#plane.service?.finish(endMs) ?? [];
    hooks.onProgress?.(1);
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
