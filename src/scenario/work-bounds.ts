/**
 * Bounds on the work and memory a valid scenario may ask for, checked on the assembled scenario:
 * requests and health probes against the request cap (probes cost like requests, so a long run at
 * a low rate cannot hide billions of them), report windows, and the targets that keep counters.
 */
import type { Issue } from '../errors.js';
import type { Scenario } from './types.js';

/** Problems with the work `scenario` would take (empty when it is fine). */
export function checkWorkBounds(scenario: Scenario): Issue[] {
  const windows = Math.ceil(scenario.durationSec / scenario.options.windowSec);
  if (windows > MAX_WINDOWS) {
    return [
      {
        path: 'options.windowSec',
        message: `${scenario.durationSec} s in windows of ${scenario.options.windowSec} s make ${windows.toLocaleString('en-US')} report windows, over ${MAX_WINDOWS.toLocaleString('en-US')}; widen the windows (--window on the CLI)`,
      },
    ];
  }
  const budget = targetBudget(scenario, windows);
  if (budget !== null) return [budget];
  const probes = expectedProbes(scenario);
  const cap = scenario.options.maxRequests;
  if (probes > cap) {
    return [
      {
        path: 'durationSec',
        message: `the scenario expects ${Math.round(probes).toLocaleString('en-US')} health probes (targets × durationSec ${scenario.durationSec} / intervalSec), over the cap of ${cap.toLocaleString('en-US')}; shorten the run, lengthen the intervals, or raise the cap with "options": { "maxRequests": ... } in the scenario or --max-requests on the CLI`,
      },
    ];
  }
  return [];
}

/** Most report windows a run may have (each target keeps a counter per window). */
export const MAX_WINDOWS = 100_000;

/** Most distinct targets one listener or rule may bind over a run (100 at a time, SPEC). */
export const MAX_TARGETS_PER_RUN = 1000;

/** Most per-target window counters a run may keep (targets × windows). */
export const MAX_WINDOW_CELLS = 5_000_000;

/**
 * Every target a listener or rule binds over the run keeps its counters, so their number is
 * bounded: per pool (scale events launching new instances again and again), and in total times
 * the report windows.
 */
function targetBudget(scenario: Scenario, windows: number): Issue | null {
  const pools = new Map<string, Set<string>>();
  const poolOf = (listener: string, rule: string | undefined): Set<string> => {
    const key = `${listener}\u0000${rule ?? ''}`;
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
          message: `listener "${event.listener}"${event.rule === undefined ? '' : ` rule "${event.rule}"`} would have bound ${ids.size} distinct targets over the run, over ${MAX_TARGETS_PER_RUN}`,
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

/**
 * Health probes the run will simulate (targets present from the start; bound ones add fewer).
 * They cost like requests, so they count against the same cap: a long run at a low rate must not
 * hide billions of probes.
 */
function expectedProbes(scenario: Scenario): number {
  let probes = 0;
  for (const listener of scenario.listeners) {
    const pools = listener.rules.length > 0 ? listener.rules : [listener];
    for (const pool of pools) {
      if (!pool.healthCheck.enabled) continue;
      probes += (pool.targets.length * scenario.durationSec) / pool.healthCheck.intervalSec;
    }
  }
  return probes;
}
