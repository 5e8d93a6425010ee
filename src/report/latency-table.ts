/**
 * The table report's service section (present only when some instance has a service model):
 * latency percentiles and failures per target and overall, each instance's workers and queue, and
 * each pool's latency per window. Text only, O(size of the section).
 */
import {
  alignColumns,
  formatCount,
  formatPercent,
  formatSeconds,
  poolTitle,
} from './presentation.js';
import type { Report, ServiceOutcomes } from './types.js';

/** The columns of a service outcome (per target and overall), in the table and the HTML. */
export const OUTCOME_HEADERS = [
  'responses',
  'mean ms',
  'p50',
  'p90',
  'p99',
  'p99.9',
  'errors',
  'rejected',
  'timed out',
];

/** The section's lines (starting with a blank line), `printable` escaping ids. */
export function latencyTableLines(report: Report, printable: (text: string) => string): string[] {
  const service = report.service;
  if (service === undefined) return [];
  const out: string[] = ['', 'latency (over responses, errors included)'];
  const rows = report.servers.flatMap((s) =>
    s.service === undefined
      ? []
      : [[printable(`${poolTitle(s)}  ${s.target}`), ...outcomeFigures(s.service)]],
  );
  rows.push(['all', ...outcomeFigures(service)]);
  out.push(
    ...alignColumns([['target', ...OUTCOME_HEADERS], ...rows], 'lrrrrrrrrr').map((l) => '  ' + l),
  );

  out.push('', 'instances (time averages over the run)');
  const instances = service.instances.map((i) => [
    printable(i.instance),
    formatCount(i.workers),
    `${formatPercent(i.utilisation)}%`,
    formatFixed(i.meanInFlight),
    formatCount(i.peakInFlight),
    formatFixed(i.meanQueued),
    formatCount(i.peakQueued),
  ]);
  const header = ['instance', 'workers', 'busy', 'in flight', 'peak', 'queued', 'peak'];
  out.push(...alignColumns([header, ...instances], 'lrrrrrr').map((l) => '  ' + l));

  for (const pool of service.pools) {
    out.push('', `latency by window, ${printable(poolTitle(pool))} (ms)`);
    const windows = pool.windows.map((w) => [
      `${formatSeconds(w.fromSec)}–${formatSeconds(w.toSec)}`,
      formatCount(w.responses),
      formatCount(w.unanswered),
      formatFixed(w.p50),
      formatFixed(w.p90),
      formatFixed(w.p99),
    ]);
    const head = ['window', 'responses', 'unanswered', 'p50', 'p90', 'p99'];
    out.push(...alignColumns([head, ...windows], 'lrrrrr').map((l) => '  ' + l));
  }
  return out;
}

function outcomeFigures(o: ServiceOutcomes): string[] {
  const l = o.latencyMs;
  return [
    formatCount(o.responses),
    formatFixed(l.mean),
    formatFixed(l.p50),
    formatFixed(l.p90),
    formatFixed(l.p99),
    formatFixed(l.p999),
    formatCount(o.errors),
    formatCount(o.rejected),
    formatCount(o.timedOut),
  ];
}

/** Three significant decimals at most: 0.123, 12.35, 1234.6 (no locale). */
function formatFixed(x: number): string {
  if (x >= 1000) return x.toFixed(1);
  if (x >= 10) return x.toFixed(2);
  return x.toFixed(3);
}
