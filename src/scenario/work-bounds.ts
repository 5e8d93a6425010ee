/**
 * Bounds on the work and memory a valid scenario may ask for, estimated on the assembled scenario
 * before anything runs, and refused with the estimate and the option that raises the cap:
 *
 * - **time**, in request-equivalents (one simulated request, about 0.1 µs), against
 *   `options.maxRequests`: requests; health probes of every target over the time it is bound
 *   (targets bound later by `bind` and `scale` included); picker rebuilds — one per control change
 *   and per health change a change causes, and the passive-check ejections of layer-7 and TCP SSL
 *   pools — each costing the algorithm's `buildCost` from the algorithm table (a Maglev table's
 *   cells, a ring's points, a map's cells, else the targets); layer-7 routing of `traffic.mix`
 *   (regex steps); the report's window cells;
 * - **memory**, in MiB, against `options.maxMemoryMb`: session tables (up to min(clients,
 *   requests) sessions per persistent pool), client tracking, open connections of
 *   the pools whose algorithm counts them, picker tables, and the report (window cells, health and weight
 *   histories);
 * - **events**, against `options.maxEvents` (checked before they are replayed);
 * - report windows (`MAX_WINDOWS`), window cells (`MAX_WINDOW_CELLS`) and distinct targets per
 *   pool over a run (`MAX_TARGETS_PER_RUN`).
 *
 * The estimates are upper bounds within a small factor: a scenario they accept runs within the
 * caps (measured figures in the README's "Bounds on accepted scenarios"). O(events × targets).
 * The estimate is `work-estimate.ts` (pools and event replay in `work-pools.ts`, measured costs in
 * `work-costs.ts`); this file holds the caps and the refusal messages.
 */
import { BUILT_IN_LOOKUP, type AlgorithmLookup } from '../balancer/user-algorithms.js';
import type { Issue } from '../errors.js';
import type { Scenario } from './types.js';
import { estimateWork, windowCount, type WorkEstimate } from './work-estimate.js';
import { poolKey } from './work-pools.js';
import {
  MAX_WINDOWS,
  MAX_TARGETS_PER_RUN,
  MAX_WINDOW_CELLS,
  POOL_WINDOW_CELLS,
} from '../limits.js';
export { MAX_WINDOWS, MAX_TARGETS_PER_RUN, MAX_WINDOW_CELLS } from '../limits.js';
export { COST } from './work-costs.js';
export { estimateWork, type WorkEstimate } from './work-estimate.js';

/** The caps a scenario is checked against (`options` of the validated scenario). */
export interface Limits {
  /** Request-equivalents of work (requests, probes, rebuilds, routing, report). */
  readonly maxRequests: number;
  /** Estimated peak memory, MiB. */
  readonly maxMemoryMb: number;
  /** Timed events. */
  readonly maxEvents: number;
}

/** An event count over the cap, or null (checked before the events are replayed). */
export function checkEventCount(events: unknown, maxEvents: number): Issue | null {
  if (!Array.isArray(events) || events.length <= maxEvents) return null;
  return {
    path: 'events',
    message: `holds ${events.length} events, over the cap of ${maxEvents}; raise it with "options": { "maxEvents": ... } in the scenario`,
  };
}

/** Problems with the work `scenario` would take (empty when it is fine). */
export function checkWorkBounds(
  scenario: Scenario,
  algorithms: AlgorithmLookup = BUILT_IN_LOOKUP,
): Issue[] {
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
  const estimate = estimateWork(scenario, algorithms);
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

/**
 * Every target a listener or rule binds over the run keeps its counters, so their number is
 * bounded: per pool (scale events launching new instances again and again), and in total times
 * the report windows, each pool's own windows counted too (POOL_WINDOW_CELLS): that bounds the
 * size of the report.
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
  const poolCount = scenario.listeners.reduce((n, l) => n + Math.max(1, l.rules.length), 0);
  const perWindow = total + POOL_WINDOW_CELLS * poolCount;
  if (perWindow * windows > MAX_WINDOW_CELLS) {
    return {
      path: 'options.windowSec',
      message: `(${total} targets + ${POOL_WINDOW_CELLS} for each of ${poolCount} pools) × ${windows.toLocaleString('en-US')} report windows is ${(perWindow * windows).toLocaleString('en-US')} counters, over ${MAX_WINDOW_CELLS.toLocaleString('en-US')}; widen the windows (--window on the CLI)`,
    };
  }
  return null;
}

/** A count for messages: exact below a million, else like `1.2e+10`. */
function formatCount(n: number): string {
  return n < 1e6 ? String(Math.round(n)) : n.toPrecision(3).replace(/\.?0+e/, 'e');
}

function formatMb(bytes: number): string {
  return `${formatCount(Math.ceil(bytes / 2 ** 20))} MiB`;
}
