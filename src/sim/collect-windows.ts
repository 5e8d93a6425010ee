/**
 * The report's windows as columns (`report/window-columns.ts`), from a finished simulation: the
 * targets' own per-window counters (a `Uint32Array` each, filled during the run) are used as they
 * are; only a target id bound in several pools (or twice in one) gets a summed `Float64Array`.
 * Nothing is built per target × window here. Cost: O(targets) plus O(windows) per summed id.
 * Deterministic.
 */
import type { BackendPool } from '../listener/backend-pool.js';
import type { PoolTarget } from '../listener/pool-target.js';
import type { PoolWindowColumns, WindowBounds, WindowColumns } from '../report/window-columns.js';
import type { Simulation } from './simulation.js';

/** Each window's start and end in seconds; the last one ends with the run. */
export function windowBounds(sim: Simulation): WindowBounds {
  const { windows, windowMs } = sim.windowing;
  const durationMs = sim.scenario.durationSec * 1000;
  const fromSec = new Float64Array(windows);
  const toSec = new Float64Array(windows);
  for (let w = 0; w < windows; w++) {
    fromSec[w] = (w * windowMs) / 1000;
    toSec[w] = Math.min((w + 1) * windowMs, durationMs) / 1000;
  }
  return { fromSec, toSec };
}

/** Requests per target id and window, summed over the pools that bind the same target. */
export function reportColumns(sim: Simulation, bounds: WindowBounds): WindowColumns {
  return byId(
    sim.pools.flatMap((pool) => pool.targets),
    bounds,
  );
}

/** One pool's forwards per target id, failed and unserved requests, per window. */
export function poolColumns(pool: BackendPool, bounds: WindowBounds): PoolWindowColumns {
  return {
    ...byId(pool.targets, bounds),
    failed: pool.failedWindows,
    unserved: pool.unservedWindows,
  };
}

/** Target ids in order of first occurrence, each with its counters (summed if it recurs). */
function byId(targets: readonly PoolTarget[], bounds: WindowBounds): WindowColumns {
  const sources = new Map<string, Uint32Array[]>();
  for (const t of targets) {
    const list = sources.get(t.id);
    if (list === undefined) sources.set(t.id, [t.tally.windows]);
    else list.push(t.tally.windows);
  }
  const counts = [...sources.values()].map((list) => (list.length === 1 ? list[0]! : sum(list)));
  return { bounds, ids: [...sources.keys()], counts };
}

function sum(list: readonly Uint32Array[]): Float64Array {
  const out = new Float64Array(list[0]!.length);
  for (const counts of list) for (let w = 0; w < counts.length; w++) out[w]! += counts[w]!;
  return out;
}
