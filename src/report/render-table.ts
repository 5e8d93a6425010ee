/**
 * Report → aligned text for people (the CLI's default format). One table per listener (layer 4)
 * or rule (layer 7); unserved requests by pool and reason; fail-open spans; where each layer-7
 * mix entry went; health changes; then one short section per timed event, named by what it did.
 *
 * The `flag` column marks a target whose share diverges from its expected share both in size and
 * beyond sampling noise (see {@link isDivergent}). Numbers are right-aligned; no box drawing, no
 * colour unless asked (then ANSI only on the flag), no trailing spaces; control characters in ids
 * are escaped so a hostile id cannot drive the terminal. Output depends only on the report's values
 * (no locale: digits are grouped by hand). Cost: O(size of the report).
 */
import {
  alignColumns,
  describeFailOpen,
  describeTimedEvent,
  describeUnserved,
  DIVERGENCE_MIN_POINTS,
  DIVERGENCE_SIGMAS,
  figureHeaders,
  formatCount,
  formatPercent,
  formatSeconds,
  poolTitle,
  serverFigures,
} from './presentation.js';
import { latencyTableLines } from './latency-table.js';
import type { Report } from './types.js';
import { buildView, type ReportView } from './view-model.js';
import { zoneTableLines } from './zone-totals.js';

/** Options of {@link renderTable}. */
export interface TableOptions {
  /**
   * Colour the flag with ANSI escapes (for a terminal).
   * @defaultValue false
   */
  readonly color?: boolean;
}

/** The report as aligned text with a trailing newline. */
export function renderTable(report: Report, options: TableOptions = {}): string {
  const color = options.color ?? false;
  const view = buildView(report);
  const out: string[] = [];
  if (report.name !== undefined) out.push(printable(report.name));
  out.push(
    `seed ${printable(JSON.stringify(report.seed))} | duration ${formatSeconds(report.durationSec)}` +
      ` | requests ${formatCount(report.requests)}` +
      (report.connections === undefined
        ? ''
        : ` | connections ${formatCount(report.connections)}`) +
      ` | unserved ${formatCount(report.unserved)} (${formatPercent(view.unservedShare)}%)`,
  );

  for (const pool of view.pools) {
    out.push('', `${printable(poolTitle(pool))} (${formatCount(pool.requests)} requests)`);
    const flagged = pool.flagged;
    const rows = pool.servers.map((s, i) => {
      return [printable(s.target), ...serverFigures(s), flagged[i] === true ? FLAG : ''];
    });
    const header = ['target', ...figureHeaders(pool.servers), 'flag'];
    const align = `l${'r'.repeat(header.length - 2)}l`;
    const lines = alignColumns([header, ...rows], align);
    lines.forEach((line, i) => {
      // The flag is the last cell, so colouring it after alignment leaves the widths alone.
      const colored = color && i > 0 && flagged[i - 1] === true;
      out.push('  ' + (colored ? line.slice(0, -FLAG.length) + ANSI_FLAG : line));
    });
  }
  if (view.pools.length === 0) out.push('', 'no targets');
  out.push(
    '',
    `${FLAG} = share differs from expected by more than ${DIVERGENCE_MIN_POINTS} percentage points` +
      ` and more than ${DIVERGENCE_SIGMAS} standard errors`,
  );
  out.push(...zoneTableLines(report.zones, printable));

  out.push(...unservedSection(view), ...failOpenSection(view), ...mixSection(view));

  out.push('', 'health changes');
  if (view.healthChanged.length === 0) out.push('  none');
  for (const s of view.healthChanged) {
    const where = s.rule === undefined ? s.listener : `${s.listener}, ${s.rule}`;
    const steps = s.health.map((h) => `${formatSeconds(h.atSec)} ${h.state}`).join(' → ');
    out.push(`  ${printable(s.target)} (${printable(where)}): ${printable(steps)}`);
  }

  for (const { event, movedTo: moved } of view.events) {
    out.push(
      '',
      `event ${printable(describeTimedEvent(event))}` +
        ` (${formatCount(event.sessionsMoved)} sessions moved, ` +
        `${formatCount(event.sessionsDropped)} dropped, ` +
        `${formatCount(event.clientsRemapped)} clients remapped)`,
    );
    if (moved.length > 0) {
      const rows = moved.map(([id, n]) => [printable(id), formatCount(n)]);
      out.push(...alignColumns([['moved to', 'sessions'], ...rows], 'lr').map((l) => '  ' + l));
    }
  }

  out.push(...latencyTableLines(report, printable));
  return out.join('\n') + '\n';
}

/** Unserved requests by pool and reason, largest first (none: nothing). */
function unservedSection(view: ReportView): string[] {
  const rows = [...view.report.unservedBy].sort((a, b) => b.requests - a.requests);
  if (rows.length === 0) return [];
  const total = view.report.requests;
  const cells = rows.map((u) => [
    printable(describeUnserved(u)),
    formatCount(u.requests),
    formatPercent(total > 0 ? u.requests / total : 0),
  ]);
  const lines = alignColumns([['pool: reason', 'requests', '% of all'], ...cells], 'lrr');
  return ['', 'unserved', ...lines.map((l) => '  ' + l)];
}

/** One line per fail-open span. */
function failOpenSection(view: ReportView): string[] {
  if (view.report.failOpen.length === 0) return [];
  return [
    '',
    'fail-open',
    ...view.report.failOpen.map((f) => `  ${printable(describeFailOpen(f))}`),
  ];
}

/** Per layer-7 listener, each mix entry → the rule it reached → its requests. */
function mixSection(view: ReportView): string[] {
  return view.layer7Mix.flatMap(([listener, entries]) => {
    const rows = entries.map((m) => [
      printable(`${m.host ?? '(default host)'}${m.path ?? '/'}`),
      printable(m.rule ?? '404 (no rule)'),
      formatCount(m.requests),
    ]);
    const lines = alignColumns([['request', 'rule', 'requests'], ...rows], 'llr');
    return ['', `traffic mix of ${printable(listener)}`, ...lines.map((l) => '  ' + l)];
  });
}

const FLAG = '!';
const ANSI_FLAG = `\u001b[1;31m${FLAG}\u001b[0m`;

/** Escapes C0/C1 control characters (`\x1b` → `\x1b` as text) so ids cannot move the cursor. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
  });
}
