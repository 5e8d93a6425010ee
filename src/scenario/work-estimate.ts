/**
 * The pre-run estimate of a scenario's work (request-equivalents) and peak memory, which
 * `work-bounds.ts` checks against the caps. It replays the events over the pools (layer-4 listeners
 * and layer-7 rules) to learn which targets are bound when, then adds per pool: health probes,
 * picker rebuilds (each costing the algorithm's `buildCost` from the algorithm table), session and
 * client-tracking lookups, open connections; and for the run: layer-7 routing and the report.
 * Costs are in `work-costs.ts`; the pools and the event replay in `work-pools.ts`.
 */
import { serviceWork } from '../service/service-work.js';
import type { AlgorithmDescriptor, BuildCost } from '../balancer/algorithms.js';
import { BUILT_IN_LOOKUP, type AlgorithmLookup } from '../balancer/user-algorithms.js';
import { L7Router } from '../routing/l7-router.js';
import { parseDomainPattern } from '../routing/domain-pattern.js';
import { parsePathPattern } from '../routing/path-pattern.js';
import { mostSessions, sessionStoreBytes } from '../session/session-store.js';
import type { Scenario } from './types.js';
import { COST, EJECTION_SEC } from './work-costs.js';
import { slowStartUpdates } from '../balancer/slow-start.js';
import { BindingLedger, poolKey, poolsOf, replayEvent, type PoolInfo } from './work-pools.js';

/** What a scenario is expected to cost (see `work-bounds.ts`). */
export interface WorkEstimate {
  readonly requests: number;
  readonly probes: number;
  /** Picker rebuilds, and their cost in request-equivalents. */
  readonly rebuilds: number;
  readonly rebuildWork: number;
  /**
   * Extra cost of requests in persistent or sticky pools, and in layer-4 pools that reuse
   * connections (session, client-table and connection-table lookups).
   */
  readonly sessionWork: number;
  /** Routing and report work, in request-equivalents. */
  readonly routingWork: number;
  readonly reportWork: number;
  /** Everything, in request-equivalents. */
  readonly work: number;
  /** Estimated peak memory in bytes, and its largest parts. */
  readonly memoryBytes: number;
  readonly memoryParts: Readonly<Record<string, number>>;
}
/**
 * Estimates the time (request-equivalents) and peak memory of a run. Exported for tests and for
 * tools that want to show the figures before running.
 */
export function estimateWork(
  scenario: Scenario,
  algorithms: AlgorithmLookup = BUILT_IN_LOOKUP,
): WorkEstimate {
  const requests = scenario.traffic.ratePerSec * scenario.durationSec;
  const pools = poolsOf(scenario);
  const byKey = new Map(pools.map((p) => [poolKey(p.listener, p.rule), p] as const));
  const routingSteps = routeMix(scenario, byKey);
  const ledger = new BindingLedger(scenario, pools);
  let eventWork = 0;
  for (const event of scenario.events) {
    eventWork += replayEvent(event, scenario, { pools, byKey }, ledger);
  }
  const pooled = poolWork(scenario, pools, ledger, requests, algorithms);
  const cells = windowCells(windowCount(scenario), pools);
  const reportWork = cells * COST.windowCell + pooled.slots * Math.min(pooled.slots, 1e6) * 0.01;
  const routingWork = routingSteps / COST.regexStepsPerUnit;
  const service = serviceWork(scenario, requests, windowCount(scenario) * pools.length);
  const work =
    service.work +
    requests +
    pooled.sessionWork +
    pooled.probes * COST.probe +
    pooled.rebuildWork +
    eventWork +
    routingWork +
    reportWork;
  const memoryParts = {
    ...memoryOf(scenario, pooled, cells, ledger.histories),
    ...(service.bytes > 0 ? { 'service model': service.bytes } : {}),
  };
  let memoryBytes = 0;
  for (const bytes of Object.values(memoryParts)) memoryBytes += bytes;
  return {
    requests,
    probes: pooled.probes,
    rebuilds: pooled.rebuilds,
    rebuildWork: pooled.rebuildWork,
    sessionWork: pooled.sessionWork,
    routingWork,
    reportWork,
    work,
    memoryBytes,
    memoryParts,
  };
}

/** Report windows of the run (at least one). */
export function windowCount(scenario: Scenario): number {
  return Math.max(1, Math.ceil(scenario.durationSec / scenario.options.windowSec));
}
/** Per-pool work and memory, summed over the pools. */
interface PoolWork {
  probes: number;
  rebuilds: number;
  rebuildWork: number;
  sessionWork: number;
  sessionsBytes: number;
  connectionsBytes: number;
  /** Connection tables of layer-4 pools that reuse connections. */
  reuseBytes: number;
  pickerBytes: number;
  trackingSlots: number;
  /** Target slots (distinct targets per pool) over the run. */
  slots: number;
}

/** Closes every pool at the end of the run and adds up probes, rebuilds, sessions, connections. */
function poolWork(
  scenario: Scenario,
  pools: readonly PoolInfo[],
  ledger: BindingLedger,
  requests: number,
  algorithms: AlgorithmLookup,
): PoolWork {
  const { durationSec, traffic } = scenario;
  const sum: PoolWork = {
    probes: 0,
    rebuilds: 0,
    rebuildWork: 0,
    sessionWork: 0,
    sessionsBytes: 0,
    connectionsBytes: 0,
    reuseBytes: 0,
    pickerBytes: 0,
    trackingSlots: 0,
    slots: 0,
  };
  const connectionsOpen = (traffic.ratePerSec * traffic.connectionMs) / 1000;
  // How far client tables outgrow the caches: 0 up to 2^16 clients, 1 from 2^24.
  const misses = Math.min(1, Math.max(0, (Math.log2(traffic.clients) - 16) / 8));
  for (const p of pools) {
    for (const id of [...p.bound.keys()]) ledger.close(p, id, durationSec);
    if (p.health.enabled) sum.probes += p.probeSeconds / p.health.intervalSec;
    const n = p.ids.size;
    sum.slots += n;
    const poolRequests = requests * p.share;
    const refreshes = poolRefreshes(p, poolRequests, durationSec, ledger.mayFail);
    const facts = algorithms.describe(p.algorithm)!;
    const cost = buildCostOf(facts, n);
    sum.rebuilds += refreshes;
    sum.rebuildWork += refreshes * (cost.time + n * COST.target);
    sum.pickerBytes += 2 * cost.bytes;
    const { sticky, countsConnections } = facts;
    if (p.sessions) {
      // The engine sizes each pool's sessions for all the run's arrivals, not the pool's share.
      const maxSessions = mostSessions(traffic.clients, requests);
      sum.sessionsBytes += sessionStoreBytes({ base: 0, count: traffic.clients, maxSessions });
      const { min, max } = COST.sessionLookup;
      sum.sessionWork += poolRequests * (min + (max - min) * misses);
    } else if (sticky) {
      sum.sessionWork += poolRequests * COST.trackingLookup * misses;
    }
    if (p.sessions || sticky) sum.trackingSlots += traffic.clients;
    if (countsConnections) {
      const open = Math.min(poolRequests, 3 * connectionsOpen * p.share + 1000);
      sum.connectionsBytes += open * COST.connectionBytes;
    }
    if (p.rule === undefined && (traffic.requestsPerConnection?.mean ?? 1) > 1) {
      sum.reuseBytes += traffic.clients * COST.connectionTableBytes;
      const { min, max } = COST.connectionReuse;
      sum.sessionWork += poolRequests * (min + (max - min) * misses);
    }
  }
  return sum;
}

/** Picker rebuilds of a pool: its events, the first build, failing targets, passive ejections. */
function poolRefreshes(
  p: PoolInfo,
  poolRequests: number,
  durationSec: number,
  mayFail: boolean,
): number {
  // Targets present at the start that cannot answer turn abnormal once.
  let refreshes = p.refreshes + 1 + (mayFail ? 2 * p.initial.length : 0);
  // Slow start: any change counted so far may start a ramp, and a ramp updates once a step.
  refreshes += refreshes * slowStartUpdates(p.slowStartSec);
  if (p.passive && mayFail) {
    // Each ejection (3 failed forwards) and each restore 10 s later rebuilds the picker.
    const ejections = Math.min(poolRequests / 3, (durationSec / EJECTION_SEC) * p.ids.size);
    refreshes += 2 * ejections;
  }
  return refreshes;
}

/** One picker build over `n` targets: the algorithm's cost, or next to nothing for no targets. */
function buildCostOf(facts: AlgorithmDescriptor, n: number): BuildCost {
  if (n === 0) return { time: 1, bytes: 0 };
  return facts.buildCost(n);
}

/** The estimated peak memory, by part, in bytes. */
function memoryOf(
  scenario: Scenario,
  pooled: PoolWork,
  cells: number,
  histories: number,
): Record<string, number> {
  return {
    runtime: COST.baseBytes,
    'session tables': pooled.sessionsBytes,
    'client tracking': Math.min(pooled.trackingSlots, COST.trackingSlots) * COST.trackingBytes,
    'open connections': pooled.connectionsBytes,
    ...(pooled.reuseBytes > 0 ? { 'connection tables': pooled.reuseBytes } : {}),
    'picker tables': pooled.pickerBytes,
    'report windows': cells * COST.windowCellBytes,
    'targets and histories':
      pooled.slots * COST.slotBytes +
      histories * COST.historyBytes +
      scenario.events.length * COST.eventBytes,
  };
}

/**
 * Routes the traffic mix as the engine does (no mix: every listener alike, layer-7 ones to the
 * default domain) and sets each pool's share of the requests. Returns the regex steps routing
 * takes: per entry, every regex of its listener over the host or path.
 */
function routeMix(scenario: Scenario, byKey: ReadonlyMap<string, PoolInfo>): number {
  const { listeners, traffic } = scenario;
  const entries =
    traffic.mix.length > 0
      ? traffic.mix
      : listeners.map((l) => ({ listener: l.id, host: undefined, path: undefined, weight: 1 }));
  let total = 0;
  for (const e of entries) total += e.weight;
  const byId = new Map(listeners.map((l) => [l.id, l] as const));
  const routers = new Map<string, { router: L7Router; domainSteps: number; pathSteps: number }>();
  let steps = 0;
  for (const entry of entries) {
    const listener = byId.get(entry.listener);
    if (listener === undefined) continue;
    const share = entry.weight / total;
    if (listener.rules.length === 0) {
      const pool = byKey.get(poolKey(listener.id, undefined));
      if (pool !== undefined) pool.share += share;
      continue;
    }
    let routed = routers.get(listener.id);
    if (routed === undefined) {
      let domainSteps = 0;
      let pathSteps = 0;
      for (const r of listener.rules) {
        const d = parseDomainPattern(r.domain);
        if (d.kind === 'regex') domainSteps += d.regex.programSize;
        const p = parsePathPattern(r.path);
        if (p.kind === 'regex') pathSteps += p.regex.programSize;
      }
      routed = { router: new L7Router(listener.rules), domainSteps, pathSteps };
      routers.set(listener.id, routed);
    }
    const host = entry.host ?? '';
    const path = entry.path ?? '/';
    // The engine builds a router per entry: compiling is cached, matching is not.
    steps += routed.domainSteps * (host.length + 1) + routed.pathSteps * (path.length + 1);
    steps += listener.rules.length * 50;
    const rule = routed.router.route(host, path);
    if (rule < 0) continue;
    const pool = byKey.get(poolKey(listener.id, listener.rules[rule]!.id));
    if (pool !== undefined) pool.share += share;
  }
  return steps;
}

/** Window cells the report keeps: distinct target ids × windows, and counters per slot. */
function windowCells(windows: number, pools: readonly PoolInfo[]): number {
  const ids = new Set<string>();
  let slots = 0;
  for (const p of pools) {
    slots += p.ids.size;
    for (const id of p.ids) ids.add(id);
  }
  return (ids.size + slots) * windows;
}
