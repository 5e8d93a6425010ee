/**
 * The report's per-pool sections, from a finished simulation: each pool's expected shares over
 * time and its requests per window (what the HTML page's share-over-time charts draw), unserved
 * requests by pool and reason, fail-open spans, and the traffic mix with the rule each entry
 * reached. Cost: O(pools × weight changes × targets), windows O(targets) (columns, not objects).
 * Deterministic.
 */
import { POOL_UNSERVED_REASONS } from '../listener/eligibility.js';
import type { BackendPool } from '../listener/backend-pool.js';
import { roundShare } from '../report/shares.js';
import type {
  ExpectedStep,
  FailOpenReport,
  MixReport,
  PoolReport,
  UnservedReport,
} from '../report/types.js';
import { attachPoolWindows, type WindowBounds } from '../report/window-columns.js';
import { poolColumns } from './collect-windows.js';
import type { Simulation } from './simulation.js';

/** `{ rule }` on layer 7, nothing on layer 4 (the report leaves the key out). */
function ruleOf(pool: BackendPool): { rule?: string } {
  return pool.rule === undefined ? {} : { rule: pool.rule };
}

/**
 * Per pool: expected shares at each change of the eligible weights, and requests per window (kept
 * as columns until read, see `report/window-columns.ts`).
 */
export function collectPools(sim: Simulation, bounds: WindowBounds): PoolReport[] {
  return sim.pools.map((pool) => {
    const report: PoolReport = {
      listener: pool.listener,
      ...ruleOf(pool),
      algorithm: pool.algorithm,
      expected: expectedSteps(pool),
      windows: [], // replaced below, in place
    };
    attachPoolWindows(report, poolColumns(pool, bounds));
    return report;
  });
}

/** The pool's weight steps as shares; of several steps at one time, the last one stands. */
function expectedSteps(pool: BackendPool): ExpectedStep[] {
  const steps: ExpectedStep[] = [];
  for (const { atMs, weights } of pool.weightSteps) {
    let total = 0;
    for (const w of weights) total += w;
    const shares: Record<string, number> = {};
    weights.forEach((w, i) => {
      if (w > 0) shares[pool.targets[i]!.id] = roundShare(w / total);
    });
    const step = { atSec: atMs / 1000, shares };
    if (steps.at(-1)?.atSec === step.atSec) steps[steps.length - 1] = step;
    else steps.push(step);
  }
  return steps;
}

/**
 * Unserved requests by pool and reason (non-zero only), pools in report order; a listener's
 * requests refused by the load balancer's security groups come first, a layer-7 listener's 404s
 * after its last rule.
 */
export function collectUnserved(sim: Simulation): UnservedReport[] {
  const notFound = new Map<string, number>();
  const refused = new Map<string, number>();
  const { entries, pools, requests } = sim.mix;
  entries.forEach((entry, i) => {
    const n = sim.mix.refused[i]!;
    refused.set(entry.listener, (refused.get(entry.listener) ?? 0) + n);
    if (pools[i]! < 0)
      notFound.set(entry.listener, (notFound.get(entry.listener) ?? 0) + requests[i]! - n);
  });
  const out: UnservedReport[] = [];
  sim.pools.forEach((pool, p) => {
    // Refused at the balancer: before the listener's rules and targets, so first.
    const atBalancer = refused.get(pool.listener) ?? 0;
    if (atBalancer > 0 && sim.pools[p - 1]?.listener !== pool.listener) {
      out.push({ listener: pool.listener, reason: 'refused-at-balancer', requests: atBalancer });
    }
    POOL_UNSERVED_REASONS.forEach((reason, r) => {
      const n = pool.unservedBy[r]!;
      if (n > 0) out.push({ listener: pool.listener, ...ruleOf(pool), reason, requests: n });
    });
    const n = notFound.get(pool.listener) ?? 0;
    if (n > 0 && sim.pools[p + 1]?.listener !== pool.listener) {
      out.push({ listener: pool.listener, reason: 'no-rule-matched', requests: n });
    }
  });
  return out;
}

/** Fail-open spans of every pool, in time order (pools in report order on ties). */
export function collectFailOpen(sim: Simulation): FailOpenReport[] {
  const spans = sim.pools.flatMap((pool) =>
    pool.failOpenSpans.map((s) => ({
      listener: pool.listener,
      ...ruleOf(pool),
      fromSec: s.fromMs / 1000,
      toSec: Math.min(s.toMs, sim.scenario.durationSec * 1000) / 1000,
    })),
  );
  // A stable sort keeps pools in report order for spans starting together.
  return spans.sort((a, b) => a.fromSec - b.fromSec);
}

/** The traffic mix as run, with the rule each entry reached (layer 7) and its requests. */
export function collectMix(sim: Simulation): MixReport[] {
  const { entries, pools, requests } = sim.mix;
  const layer7 = new Set(sim.scenario.listeners.filter((l) => l.rules.length > 0).map((l) => l.id));
  return entries.map((entry, i) => {
    const pool = pools[i]!;
    return {
      listener: entry.listener,
      ...(entry.host === undefined ? {} : { host: entry.host }),
      ...(entry.path === undefined ? {} : { path: entry.path }),
      weight: entry.weight,
      ...(layer7.has(entry.listener) ? { rule: pool < 0 ? null : sim.pools[pool]!.rule! } : {}),
      requests: requests[i]!,
    };
  });
}
