/**
 * What the renderers show that is derived from a report rather than stored in it, computed once:
 * the order of target ids, servers grouped by pool with the pool's request total and divergence
 * flags, the unserved fraction, the targets whose health changed, each event's destinations in
 * display order, and where the timeline ends. The table and the HTML page read a {@link ReportView};
 * the JSON writer reads only {@link targetIds}. Cost: O(size of the report · log targets).
 */
import { poolKey } from '../cloud/pool-ref.js';
import { hasHealthChanges, isDivergent } from './presentation.js';
import type { EventReport, Report, ServerReport } from './types.js';

/** The targets of one pool: a layer-4 listener, or one rule of a layer-7 listener. */
export interface PoolView {
  readonly listener: string;
  /** The rule id, or undefined for a layer-4 listener. */
  readonly rule: string | undefined;
  /** Its servers, in report order. */
  readonly servers: readonly ServerReport[];
  /** Requests the pool forwarded: the denominator of its shares. */
  readonly requests: number;
  /** Per server (same index): whether its share diverges from expected ({@link isDivergent}). */
  readonly flagged: readonly boolean[];
}

/** An event with its destinations as they are listed. */
export interface EventView {
  readonly event: EventReport;
  /** `movedTo` as `[target, sessions]`, largest first, ties in {@link targetIds} order. */
  readonly movedTo: readonly (readonly [string, number])[];
}

/** Everything the table and the HTML page derive from a report. */
export interface ReportView {
  readonly report: Report;
  /** {@link targetIds} of the report. */
  readonly targetIds: readonly string[];
  /** A target's position in {@link ReportView.targetIds} (also its chart colour). */
  readonly targetRank: ReadonlyMap<string, number>;
  /** Pools in order of first appearance in `servers`. */
  readonly pools: readonly PoolView[];
  /** Servers flagged over all pools. */
  readonly flaggedCount: number;
  /** Unserved requests as a fraction of all requests (0 when there were none). */
  readonly unservedShare: number;
  /** Servers whose health history says more than "in one state from the start". */
  readonly healthChanged: readonly ServerReport[];
  readonly events: readonly EventView[];
  /** End of the timeline: the run's duration or the last window's end, whichever is later. */
  readonly endSec: number;
}

/**
 * Distinct target ids of a report: first those of `servers`, in order of first occurrence, then
 * ids seen only in `windows` or `events`, in code-unit order. Every renderer uses this one order
 * (JSON keys, event destinations, chart colours).
 */
export function targetIds(report: Report): string[] {
  const seen = new Set<string>();
  for (const server of report.servers) seen.add(server.target);
  const extra = new Set<string>();
  const note = (id: string): void => {
    if (!seen.has(id)) extra.add(id);
  };
  for (const window of report.windows) for (const id of Object.keys(window.requests)) note(id);
  for (const event of report.events) for (const id of Object.keys(event.movedTo)) note(id);
  return [...seen, ...[...extra].sort()];
}

/** Derives the view of a report (see the module notes). */
export function buildView(report: Report): ReportView {
  const ids = targetIds(report);
  const targetRank = new Map(ids.map((id, i) => [id, i]));
  const pools = groupPools(report.servers);
  const rankOf = (id: string): number => targetRank.get(id) ?? 0;
  return {
    report,
    targetIds: ids,
    targetRank,
    pools,
    flaggedCount: pools.reduce((n, p) => n + p.flagged.filter(Boolean).length, 0),
    unservedShare: report.requests > 0 ? report.unserved / report.requests : 0,
    healthChanged: report.servers.filter(hasHealthChanges),
    events: report.events.map((event) => ({
      event,
      movedTo: Object.entries(event.movedTo).sort(
        ([a, m], [b, n]) => n - m || rankOf(a) - rankOf(b),
      ),
    })),
    // Loops, not Math.max(...spread): a day of 1 s windows would overflow the argument stack.
    endSec: report.windows.reduce((m, w) => Math.max(m, w.toSec), Math.max(report.durationSec, 0)),
  };
}

/** Servers grouped by pool, pools and members in report order. */
function groupPools(servers: readonly ServerReport[]): PoolView[] {
  const pools = new Map<
    string,
    { listener: string; rule: string | undefined; servers: ServerReport[] }
  >();
  for (const server of servers) {
    const key = poolKey(server);
    let pool = pools.get(key);
    if (pool === undefined) {
      pool = { listener: server.listener, rule: server.rule, servers: [] };
      pools.set(key, pool);
    }
    pool.servers.push(server);
  }
  return [...pools.values()].map((p) => {
    const requests = p.servers.reduce((sum, s) => sum + s.requests, 0);
    const flagged = p.servers.map((s) => isDivergent(s.share, s.expectedShare, requests));
    return { ...p, requests, flagged };
  });
}
