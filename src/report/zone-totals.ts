/**
 * Per-zone totals of a report (SPEC section 1, availability zones): what the targets of each
 * zone's instances got — requests, share, failed, blocked, health at the end, requests per window —
 * so that "lose a zone" shows what the survivors absorb. Also the zone section of the text table.
 *
 * Cost: O(servers + windows × targets). Deterministic: zones sorted by name, no zone last.
 */
import { alignColumns, formatCount, formatPercent } from './presentation.js';
import { roundShare } from './shares.js';
import type { HealthState, ServerReport, ZoneReport } from './types.js';
import type { WindowColumns } from './window-columns.js';

/** What the zone totals are computed from. */
export interface ZoneInput {
  readonly servers: readonly ServerReport[];
  /** Per server (same order), whether its target is bound at the end of the run. */
  readonly bound: readonly boolean[];
  /** Requests per target id and window (the report's windows as columns). */
  readonly windows: WindowColumns;
  /** Each instance's zone, in scenario order (instances without a zone left out). */
  readonly zoneOf: ReadonlyMap<string, string>;
}

interface Totals {
  requests: number;
  failed: number;
  blocked: number;
  health: Record<HealthState, number>;
  windows: number[];
}

/** The per-zone totals; empty when no instance has a zone. */
export function zoneTotals(input: ZoneInput): ZoneReport[] {
  const { servers, bound, windows, zoneOf } = input;
  if (zoneOf.size === 0) return [];
  const count = windows.bounds.fromSec.length;
  const totals = new Map<string | null, Totals>();
  const of = (zone: string | null): Totals => {
    let t = totals.get(zone);
    if (t === undefined) {
      const health = { probing: 0, healthy: 0, abnormal: 0, closed: 0 };
      t = { requests: 0, failed: 0, blocked: 0, health, windows: new Array<number>(count).fill(0) };
      totals.set(zone, t);
    }
    return t;
  };
  for (const zone of zoneOf.values()) of(zone);
  const zoneOfTarget = new Map<string, string | null>();
  let forwarded = 0;
  servers.forEach((s, i) => {
    const zone = s.instance === null ? null : (zoneOf.get(s.instance) ?? null);
    zoneOfTarget.set(s.target, zone);
    const t = of(zone);
    t.requests += s.requests;
    t.failed += s.failed;
    t.blocked += s.blocked;
    forwarded += s.requests;
    const last = s.health[s.health.length - 1];
    if (bound[i] === true && last !== undefined) t.health[last.state]++;
  });
  windows.ids.forEach((id, i) => {
    const sums = of(zoneOfTarget.get(id) ?? null).windows;
    const counts = windows.counts[i]!;
    for (let k = 0; k < count; k++) sums[k]! += counts[k]!;
  });
  const names = [...totals.keys()].sort((a, b) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1,
  );
  return names.map((zone) => {
    const t = totals.get(zone)!;
    return {
      zone,
      instances: [...zoneOf].filter(([, z]) => z === zone).map(([id]) => id),
      requests: t.requests,
      share: roundShare(forwarded === 0 ? 0 : t.requests / forwarded),
      failed: t.failed,
      blocked: t.blocked,
      health: t.health,
      windows: t.windows,
    };
  });
}

/** The zone section of the text table (no lines when the report has no zones). */
export function zoneTableLines(
  zones: readonly ZoneReport[] | undefined,
  printable: (text: string) => string,
): string[] {
  if (zones === undefined || zones.length === 0) return [];
  const rows = zones.map((z) => [
    z.zone === null ? '(no zone)' : printable(z.zone),
    String(z.instances.length),
    formatCount(z.requests),
    formatPercent(z.share),
    formatCount(z.failed),
    formatCount(z.blocked),
    `${z.health.healthy + z.health.closed}/${Object.values(z.health).reduce((a, b) => a + b, 0)}`,
  ]);
  const header = ['zone', 'instances', 'requests', 'share %', 'failed', 'blocked', 'healthy'];
  return ['', 'zones', ...alignColumns([header, ...rows], 'lrrrrrr').map((l) => '  ' + l)];
}
