/**
 * What the renderers show that is derived from a report rather than stored in it, computed once:
 * the order of target ids, servers grouped by pool with the pool's request total and divergence
 * flags, the unserved fraction, the targets whose health changed, each event's destinations in
 * display order, and where the timeline ends. The table and the HTML page read a {@link ReportView};
 * the JSON writer reads only {@link targetIds}. Cost: O(size of the report · log targets).
 */
import { poolKey } from '../cloud/pool-ref.js';
import { hasHealthChanges, isDivergent } from './presentation.js';
import type {
  EventReport,
  FailOpenReport,
  MixReport,
  PoolReport,
  Report,
  ServerReport,
} from './types.js';
import { windowsEndSec, windowTargetIds } from './window-columns.js';

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
  /** The pool's section of `report.pools` (its expected shares and windows), when present. */
  readonly over: PoolReport | undefined;
  /** Its fail-open spans. */
  readonly failOpen: readonly FailOpenReport[];
  /** Requests it left unserved (nothing eligible). */
  readonly unserved: number;
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
  /** Layer-7 listeners' mix entries, by listener in mix order: what each entry reached. */
  readonly layer7Mix: readonly (readonly [listener: string, entries: readonly MixReport[]])[];
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
  for (const id of windowTargetIds(report)) note(id);
  for (const event of report.events) for (const id of Object.keys(event.movedTo)) note(id);
  return [...seen, ...[...extra].sort()];
}

/** Derives the view of a report (see the module notes). */
export function buildView(report: Report): ReportView {
  const ids = targetIds(report);
  const targetRank = new Map(ids.map((id, i) => [id, i]));
  const pools = groupPools(report);
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
    endSec: windowsEndSec(report, Math.max(report.durationSec, 0)),
    layer7Mix: layer7Mix(report.mix),
  };
}

/** Mix entries that name a rule (or a 404), grouped by listener in order of first appearance. */
function layer7Mix(mix: readonly MixReport[]): [string, MixReport[]][] {
  const byListener = new Map<string, MixReport[]>();
  for (const entry of mix) {
    if (entry.rule === undefined) continue;
    const list = byListener.get(entry.listener) ?? [];
    list.push(entry);
    byListener.set(entry.listener, list);
  }
  return [...byListener];
}

/** Servers grouped by pool, pools and members in report order, with each pool's other sections. */
function groupPools(report: Report): PoolView[] {
  const servers = report.servers;
  const over = new Map(report.pools.map((p) => [poolKey(p), p]));
  const unserved = new Map<string, number>();
  for (const u of report.unservedBy) {
    // Listener-wide reasons: no pool left these unserved.
    if (u.reason === 'no-rule-matched' || u.reason === 'refused-at-balancer') continue;
    unserved.set(poolKey(u), (unserved.get(poolKey(u)) ?? 0) + u.requests);
  }
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
    const key = poolKey(p);
    const requests = p.servers.reduce((sum, s) => sum + s.requests, 0);
    const flagged = p.servers.map((s) => isDivergent(s.share, s.expectedShare, requests));
    const failOpen = report.failOpen.filter((f) => poolKey(f) === key);
    return {
      ...p,
      requests,
      flagged,
      over: over.get(key),
      failOpen,
      unserved: unserved.get(key) ?? 0,
    };
  });
}
