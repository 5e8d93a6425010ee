/**
 * Bounds on the work and memory a valid scenario may ask for, estimated on the assembled scenario
 * before anything runs, and refused with the estimate and the option that raises the cap:
 *
 * - **time**, in request-equivalents (one simulated request, about 0.1 µs), against
 *   `options.maxRequests`: requests; health probes of every target over the time it is bound
 *   (targets bound later by `bind` and `scale` included); picker rebuilds — one per control change
 *   and per health change a change causes, and the passive-check ejections of layer-7 and TCP SSL
 *   pools — each costing about the picker's size (a Maglev table's slots, a ring's points, else
 *   the targets); layer-7 routing of `traffic.mix` (regex steps); the report's window cells;
 * - **memory**, in MiB, against `options.maxMemoryMb`: session tables (up to min(clients,
 *   requests) sessions per persistent pool), client tracking, Zipf tables, open connections of
 *   least-connections pools, picker tables, and the report (window cells, health and weight
 *   histories);
 * - **events**, against `options.maxEvents` (checked before they are replayed);
 * - report windows (`MAX_WINDOWS`), window cells (`MAX_WINDOW_CELLS`) and distinct targets per
 *   pool over a run (`MAX_TARGETS_PER_RUN`).
 *
 * The estimates are upper bounds within a small factor: a scenario they accept runs within the
 * caps (measured figures in the README's "Bounds on accepted scenarios"). O(events × targets).
 */
import { defaultTableSize, MAX_TABLE_SIZE } from '../balancer/maglev.js';
import type { Issue } from '../errors.js';
import { L7Router } from '../routing/l7-router.js';
import { parseDomainPattern } from '../routing/domain-pattern.js';
import { parsePathPattern } from '../routing/path-pattern.js';
import type { EventSpec, HealthCheckSpec, Scenario, TargetSpec } from './types.js';
import type { Algorithm } from '../balancer/algorithms.js';
import { MAX_WINDOWS, MAX_TARGETS_PER_RUN, MAX_WINDOW_CELLS } from '../limits.js';
export { MAX_WINDOWS, MAX_TARGETS_PER_RUN, MAX_WINDOW_CELLS } from '../limits.js';

/** The caps a scenario is checked against (`options` of the validated scenario). */
export interface Limits {
  /** Request-equivalents of work (requests, probes, rebuilds, routing, report). */
  readonly maxRequests: number;
  /** Estimated peak memory, MiB. */
  readonly maxMemoryMb: number;
  /** Timed events. */
  readonly maxEvents: number;
}

/**
 * Costs and sizes behind the estimates, measured on Node 20 (2 cores). A request-equivalent is
 * the time of one simulated request with sessions on, about 0.1 µs.
 */
export const COST = Object.freeze({
  /**
   * Extra cost of a request through a session table, as a multiple of a plain request: from 1
   * (tables in cache) to 8 (2^24 clients: a cache miss or two per request). Measured on the
   * 2-core machine under load: 2e7 requests took 3.2 s plain, 14 s with sessions of 2^20 clients,
   * 31 s with 2^24.
   */
  sessionLookup: { min: 1, max: 8 },
  /** Extra cost of a request of a sticky pool without sessions (the last-target array). */
  trackingLookup: 1,
  /** A health probe: start, outcome, two heap operations. */
  probe: 1,
  /** Per Maglev table slot, per build (about 60 ns a slot). */
  maglevSlot: 1,
  /** Per ring-hash point, per build (O(P log P): about 140 ns a point at 800k points). */
  ringPoint: 2,
  /** Per target per rebuild, for the pickers that build in O(n) (and the pool's own scan). */
  target: 1,
  /** A smooth-WRR rebuild computes its first schedule block lazily: 4096 entries. */
  wrrBlock: 4096,
  /** Per report window cell (building the window objects, rendering them). */
  windowCell: 3,
  /** Regex steps (one character through one RE2 instruction) per request-equivalent. */
  regexStepsPerUnit: 40,
  /** Bytes per session, per persistent pool (open addressing at load 0.25..0.75, plus slack). */
  sessionBytes: 64,
  /** Bytes per client and sticky pool for "where did this client go last" (Uint16). */
  trackingBytes: 2,
  /** Budget of client-tracking slots over all pools (the engine stops tracking beyond it). */
  trackingSlots: 2 ** 26,
  /** Bytes per client of the Zipf popularity table (weights, alias table). */
  zipfBytes: 28,
  /** Bytes per open connection of a least-connections or p2c pool (heap entry, doubling). */
  connectionBytes: 36,
  /** Bytes per report window cell (a counter, its report object and its JSON text). */
  windowCellBytes: 240,
  /** Bytes per health transition or weight change kept for the report. */
  historyBytes: 120,
  /** Bytes per target slot (counters, objects). */
  slotBytes: 2000,
  /** Bytes per event kept for the report. */
  eventBytes: 600,
  /** The runtime, the code and the scenario itself. */
  baseBytes: 120 * 2 ** 20,
});

/** Passive checks: an ejected target is out for this long, then restored (a rebuild each way). */
const EJECTION_SEC = 10;

/** An event count over the cap, or null (checked before the events are replayed). */
export function checkEventCount(events: unknown, maxEvents: number): Issue | null {
  if (!Array.isArray(events) || events.length <= maxEvents) return null;
  return {
    path: 'events',
    message: `holds ${events.length} events, over the cap of ${maxEvents}; raise it with "options": { "maxEvents": ... } in the scenario`,
  };
}

/** What a scenario is expected to cost (see the file banner). */
export interface WorkEstimate {
  readonly requests: number;
  readonly probes: number;
  /** Picker rebuilds, and their cost in request-equivalents. */
  readonly rebuilds: number;
  readonly rebuildWork: number;
  /** Extra cost of requests in persistent or sticky pools (session and client-table lookups). */
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

/** Problems with the work `scenario` would take (empty when it is fine). */
export function checkWorkBounds(scenario: Scenario): Issue[] {
  const windows = windowCount(scenario);
  if (windows > MAX_WINDOWS) {
    return [
      {
        path: 'options.windowSec',
        message: `${scenario.durationSec} s in windows of ${scenario.options.windowSec} s make ${formatCount(windows)} report windows, over ${MAX_WINDOWS.toLocaleString('en-US')}; widen the windows (--window on the CLI)`,
      },
    ];
  }
  const budget = targetBudget(scenario, windows);
  if (budget !== null) return [budget];
  const estimate = estimateWork(scenario);
  const issues: Issue[] = [];
  const cap = scenario.options.maxRequests;
  if (estimate.work > cap) {
    const parts = [
      `${formatCount(estimate.requests)} requests`,
      `${formatCount(estimate.probes)} health probes (targets × the seconds they are bound / intervalSec)`,
    ];
    if (estimate.sessionWork >= 0.01 * estimate.work) {
      parts.push(
        `${formatCount(estimate.sessionWork)} for session and client-table lookups (${formatCount(scenario.traffic.clients)} clients)`,
      );
    }
    if (estimate.rebuildWork >= 0.01 * estimate.work) {
      parts.push(
        `${formatCount(estimate.rebuilds)} picker rebuilds costing ${formatCount(estimate.rebuildWork)} (Maglev table slots, ring points or targets each)`,
      );
    }
    if (estimate.routingWork >= 0.01 * estimate.work) {
      parts.push(`${formatCount(estimate.routingWork)} for layer-7 regex routing`);
    }
    if (estimate.reportWork >= 0.01 * estimate.work) {
      parts.push(`${formatCount(estimate.reportWork)} for the report`);
    }
    issues.push({
      path: dominantPath(estimate),
      message: `the scenario's work is estimated at ${formatCount(estimate.work)} request-equivalents — ${parts.join(', ')} — over the cap of ${formatCount(cap)}; shorten the run, lower the rate, lengthen health-check intervals or use fewer events, or raise the cap with "options": { "maxRequests": ... } in the scenario or --max-requests on the CLI`,
    });
  }
  const memoryCap = scenario.options.maxMemoryMb;
  const mb = estimate.memoryBytes / 2 ** 20;
  if (mb > memoryCap) {
    const parts = Object.entries(estimate.memoryParts)
      .filter(([, bytes]) => bytes >= 0.05 * estimate.memoryBytes)
      .sort(([, a], [, b]) => b - a)
      .map(([what, bytes]) => `${what} ${formatMb(bytes)}`);
    issues.push({
      path: 'options.maxMemoryMb',
      message: `the scenario would need about ${formatMb(estimate.memoryBytes)} of memory (${parts.join(', ')}), over the cap of ${formatCount(memoryCap)} MiB; use fewer clients, persistent listeners or windows, or raise the cap with "options": { "maxMemoryMb": ... } in the scenario`,
    });
  }
  return issues;
}

/** The path that best explains too much work: what dominates the estimate. */
function dominantPath(e: WorkEstimate): string {
  const ranked: [number, string][] = [
    [e.requests + e.sessionWork, 'traffic.ratePerSec'],
    [e.probes, 'durationSec'],
    [e.rebuildWork, 'events'],
    [e.routingWork, 'traffic.mix'],
    [e.reportWork, 'options.windowSec'],
  ];
  ranked.sort((a, b) => b[0] - a[0]);
  return ranked[0]![1];
}

function windowCount(scenario: Scenario): number {
  return Math.max(1, Math.ceil(scenario.durationSec / scenario.options.windowSec));
}

/** A pool (layer-4 listener or layer-7 rule) as the estimate sees it. */
interface PoolInfo {
  readonly listener: string;
  readonly rule: string | undefined;
  readonly algorithm: Algorithm;
  readonly sessions: boolean;
  readonly health: HealthCheckSpec;
  readonly passive: boolean;
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

const STICKY: readonly string[] = ['ip-hash', 'maglev', 'ring-hash'];

/**
 * Estimates the time (request-equivalents) and peak memory of a run. Exported for tests and for
 * tools that want to show the figures before running.
 */
export function estimateWork(scenario: Scenario): WorkEstimate {
  const { durationSec, traffic } = scenario;
  const requests = traffic.ratePerSec * durationSec;
  const pools = poolsOf(scenario);
  const byKey = new Map(pools.map((p) => [poolKey(p.listener, p.rule), p] as const));
  const routingSteps = routeMix(scenario, byKey);

  // Which instance each target belongs to, to find what down/up/release/setSecurityGroup touch.
  const eniOwner = new Map<string, string>();
  const groupsOf = new Map<string, readonly string[]>();
  for (const ins of scenario.instances) {
    groupsOf.set(ins.id, ins.securityGroups);
    for (const eni of ins.enis) eniOwner.set(eni.id, ins.id);
  }
  const instanceOf = (t: TargetSpec): string | null =>
    t.kind === 'instance' ? t.instance : t.kind === 'eni' ? (eniOwner.get(t.eni) ?? null) : null;
  const instanceOfId = new Map<string, string | null>();
  for (const p of pools) for (const t of p.initial) instanceOfId.set(t.id, instanceOf(t));

  let mayFail = scenario.instances.some((i) => i.state !== 'running');
  let histories = 0;
  for (const p of pools) {
    for (const t of p.initial) if (t.kind === 'eni' && !eniOwner.has(t.eni)) mayFail = true;
    histories += 2 * p.initial.length;
  }
  let liveTargets = 0;
  const index = (p: PoolInfo, id: string, delta: 1 | -1): void => {
    liveTargets += delta;
    const instance = instanceOfId.get(id);
    if (instance == null) return;
    let ids = p.byInstance.get(instance);
    if (ids === undefined) p.byInstance.set(instance, (ids = new Set()));
    if (delta > 0) ids.add(id);
    else ids.delete(id);
    for (const g of groupsOf.get(instance) ?? []) p.byGroup.set(g, (p.byGroup.get(g) ?? 0) + delta);
  };
  const close = (p: PoolInfo, id: string, atSec: number): void => {
    const since = p.bound.get(id);
    if (since === undefined) return;
    p.bound.delete(id);
    index(p, id, -1);
    p.probeSeconds += Math.max(0, atSec - since) + p.health.intervalSec;
  };
  const open = (p: PoolInfo, id: string, atSec: number): void => {
    p.ids.add(id);
    if (p.bound.has(id)) return;
    p.bound.set(id, atSec);
    index(p, id, 1);
  };
  for (const p of pools) {
    for (const t of p.initial) open(p, t.id, 0);
  }

  let eventWork = 0;
  for (const event of scenario.events) {
    eventWork += pools.length;
    histories += 1;
    const at = Math.min(event.atSec, durationSec);
    switch (event.op) {
      case 'bind':
      case 'scale': {
        const p = byKey.get(poolKey(event.listener, event.rule));
        if (p === undefined) break;
        const added = addedTargets(event);
        if (event.op === 'scale') {
          for (const l of event.add) groupsOf.set(l.id, l.securityGroups);
        }
        for (const t of added) {
          instanceOfId.set(t.id, t.instance ?? instanceOf(t.spec!));
          open(p, t.id, at);
        }
        let removed = 0;
        if (event.op === 'scale') {
          for (const instance of event.remove) {
            for (const id of [...(p.byInstance.get(instance) ?? [])]) {
              close(p, id, at);
              removed++;
            }
          }
        }
        // One refresh for the change, one per new target when it passes its checks.
        p.refreshes += 1 + added.length + removed;
        histories += 2 * (added.length + removed);
        break;
      }
      case 'unbind':
      case 'setWeight':
      case 'setPort': {
        const p = byKey.get(poolKey(event.listener, event.rule));
        if (p === undefined) break;
        for (const id of event.targets) {
          if (event.op === 'unbind') close(p, id, at);
          else if (event.op === 'setPort') {
            const since = p.bound.get(id);
            const renamed = `${id.slice(0, id.lastIndexOf(':'))}:${event.port}`;
            if (since !== undefined && renamed !== id) {
              instanceOfId.set(renamed, instanceOfId.get(id) ?? null);
              close(p, id, at);
              open(p, renamed, at);
            }
          }
        }
        // A port change can make probes fail (security groups): health changes follow.
        const k = event.targets.length;
        p.refreshes += 1 + (event.op === 'setPort' ? 2 * k : 0);
        histories += 2 * k;
        break;
      }
      case 'down':
      case 'up':
      case 'release': {
        if (event.op !== 'up') mayFail = true;
        eventWork += liveTargets;
        for (const p of pools) {
          const k = p.byInstance.get(event.instance)?.size ?? 0;
          if (k === 0) continue;
          p.refreshes += 1 + 2 * k;
          histories += 2 * k;
        }
        break;
      }
      case 'setSecurityGroup': {
        eventWork += liveTargets;
        for (const p of pools) {
          const k = p.byGroup.get(event.securityGroup) ?? 0;
          // Each target using the group compiles its rules again.
          eventWork += k * (1 + event.inbound.length);
          if (k === 0) continue;
          p.refreshes += 1 + 2 * k;
          histories += 2 * k;
        }
        break;
      }
    }
  }

  let probes = 0;
  let rebuilds = 0;
  let rebuildWork = 0;
  let sessionsBytes = 0;
  let connectionsBytes = 0;
  let pickerBytes = 0;
  let trackingSlots = 0;
  let slots = 0;
  const connectionsOpen = (traffic.ratePerSec * traffic.connectionMs) / 1000;
  // How far client tables outgrow the caches: 0 up to 2^16 clients, 1 from 2^24.
  const misses = Math.min(1, Math.max(0, (Math.log2(traffic.clients) - 16) / 8));
  let sessionWork = 0;
  for (const p of pools) {
    for (const id of [...p.bound.keys()]) close(p, id, durationSec);
    if (p.health.enabled) probes += p.probeSeconds / p.health.intervalSec;
    const n = p.ids.size;
    slots += n;
    const poolRequests = requests * p.share;
    // Targets present at the start that cannot answer turn abnormal once.
    let refreshes = p.refreshes + 1 + (mayFail ? 2 * p.initial.length : 0);
    if (p.passive && mayFail) {
      // Each ejection (3 failed forwards) and each restore 10 s later rebuilds the picker.
      const ejections = Math.min(poolRequests / 3, (durationSec / EJECTION_SEC) * n);
      refreshes += 2 * ejections;
    }
    const cost = rebuildCost(p.algorithm, n);
    rebuilds += refreshes;
    rebuildWork += refreshes * (cost.time + n * COST.target);
    pickerBytes += 2 * cost.bytes;
    if (p.sessions) {
      sessionsBytes += Math.min(traffic.clients, poolRequests) * COST.sessionBytes;
      const { min, max } = COST.sessionLookup;
      sessionWork += poolRequests * (min + (max - min) * misses);
    } else if (STICKY.includes(p.algorithm)) {
      sessionWork += poolRequests * COST.trackingLookup * misses;
    }
    if (p.sessions || STICKY.includes(p.algorithm)) trackingSlots += traffic.clients;
    if (p.algorithm === 'wlc' || p.algorithm === 'p2c') {
      const open = Math.min(poolRequests, 3 * connectionsOpen * p.share + 1000);
      connectionsBytes += open * COST.connectionBytes;
    }
  }
  const windows = windowCount(scenario);
  const cells = windowCells(windows, pools);
  const reportWork = cells * COST.windowCell + slots * Math.min(slots, 1e6) * 0.01;
  const routingWork = routingSteps / COST.regexStepsPerUnit;
  const work =
    requests +
    sessionWork +
    probes * COST.probe +
    rebuildWork +
    eventWork +
    routingWork +
    reportWork;

  const memoryParts: Record<string, number> = {
    runtime: COST.baseBytes,
    'session tables': sessionsBytes,
    'client tracking': Math.min(trackingSlots, COST.trackingSlots) * COST.trackingBytes,
    'client popularity': traffic.popularity === 'uniform' ? 0 : traffic.clients * COST.zipfBytes,
    'open connections': connectionsBytes,
    'picker tables': pickerBytes,
    'report windows': cells * COST.windowCellBytes,
    'targets and histories':
      slots * COST.slotBytes +
      histories * COST.historyBytes +
      scenario.events.length * COST.eventBytes,
  };
  let memoryBytes = 0;
  for (const bytes of Object.values(memoryParts)) memoryBytes += bytes;
  return {
    requests,
    probes,
    rebuilds,
    rebuildWork,
    sessionWork,
    routingWork,
    reportWork,
    work,
    memoryBytes,
    memoryParts,
  };
}

/** Time (request-equivalents) and bytes of one picker build over `n` targets of weight ≤ 100. */
function rebuildCost(algorithm: Algorithm, n: number): { time: number; bytes: number } {
  if (n === 0) return { time: 1, bytes: 0 };
  switch (algorithm) {
    case 'maglev': {
      // Worst spread of weights (1 and 100) gives the largest default table.
      const m = Math.min(defaultTableSize(100 * n, 1), MAX_TABLE_SIZE);
      return { time: m * COST.maglevSlot, bytes: m * (m > 65535 ? 4 : 2) + 20 * n };
    }
    case 'ring-hash': {
      const points = 16 * 100 * n;
      return { time: points * COST.ringPoint, bytes: points * 12 + 4 * 2 ** 22 };
    }
    case 'ip-hash': {
      const buckets = Math.min(2 ** 22, Math.max(2 ** 16, 4096 * n));
      return { time: buckets, bytes: buckets * 4 };
    }
    case 'wrr':
      return { time: n + COST.wrrBlock, bytes: 4 * 2 ** 20 };
    default:
      return { time: n, bytes: 64 * n };
  }
}

/** Targets a bind or scale event adds: id, and the instance or spec to find its instance. */
function addedTargets(
  event: Extract<EventSpec, { op: 'bind' | 'scale' }>,
): { id: string; instance?: string; spec?: TargetSpec }[] {
  if (event.op === 'bind') return event.targets.map((t) => ({ id: t.id, spec: t }));
  return event.add.map((l) => ({ id: `${l.id}:${event.port}`, instance: l.id }));
}

function poolsOf(scenario: Scenario): PoolInfo[] {
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

/**
 * Every target a listener or rule binds over the run keeps its counters, so their number is
 * bounded: per pool (scale events launching new instances again and again), and in total times
 * the report windows.
 */
function targetBudget(scenario: Scenario, windows: number): Issue | null {
  const pools = new Map<string, Set<string>>();
  const poolOf = (listener: string, rule: string | undefined): Set<string> => {
    const key = poolKey(listener, rule);
    let ids = pools.get(key);
    if (ids === undefined) pools.set(key, (ids = new Set()));
    return ids;
  };
  for (const listener of scenario.listeners) {
    for (const t of listener.targets) poolOf(listener.id, undefined).add(t.id);
    for (const rule of listener.rules)
      for (const t of rule.targets) poolOf(listener.id, rule.id).add(t.id);
  }
  let total = 0;
  for (const ids of pools.values()) total += ids.size;
  for (const [i, event] of scenario.events.entries()) {
    let added: string[] = [];
    if (event.op === 'bind') added = event.targets.map((t) => t.id);
    else if (event.op === 'scale') added = event.add.map((l) => `${l.id}:${event.port}`);
    else continue;
    const ids = poolOf(event.listener, event.rule);
    for (const id of added) {
      if (ids.has(id)) continue;
      ids.add(id);
      total++;
      if (ids.size > MAX_TARGETS_PER_RUN) {
        return {
          path: `events[${i}]`,
          message: `listener ${JSON.stringify(event.listener)}${event.rule === undefined ? '' : ` rule ${JSON.stringify(event.rule)}`} would have bound ${ids.size} distinct targets over the run, over ${MAX_TARGETS_PER_RUN}`,
        };
      }
    }
  }
  if (total * windows > MAX_WINDOW_CELLS) {
    return {
      path: 'options.windowSec',
      message: `${total} targets × ${windows.toLocaleString('en-US')} report windows is ${(total * windows).toLocaleString('en-US')} counters, over ${MAX_WINDOW_CELLS.toLocaleString('en-US')}; widen the windows (--window on the CLI)`,
    };
  }
  return null;
}

function poolKey(listener: string, rule: string | undefined): string {
  return rule === undefined ? listener : `${listener}\u0000${rule}`;
}

/** A count for messages: exact below a million, else like `1.2e+10`. */
function formatCount(n: number): string {
  return n < 1e6 ? String(Math.round(n)) : n.toPrecision(3).replace(/\.?0+e/, 'e');
}

function formatMb(bytes: number): string {
  return `${formatCount(Math.ceil(bytes / 2 ** 20))} MiB`;
}
