/**
 * The HTML report's zones section (present when instances have zones): the per-zone totals of
 * `zone-totals.ts` as a table, and a chart of each zone's requests per report window with the
 * timed events marked, so "lose a zone" shows the lost zone falling and the survivors rising.
 * Inline SVG, deterministic bytes, O(zones × windows).
 */
import { escapeHtml } from './escape-html.js';
import { formatCount, formatPercent } from './presentation.js';
import { eventMarkers, paletteColor, panel, secondTicks } from './render-charts.js';
import { c, CHART_WIDTH, niceScale, svg, tickLabel } from './svg.js';
import type { Report, ZoneReport } from './types.js';

/** The zones section's HTML: nothing when the report has no zones. */
export function zonesSection(report: Report): string[] {
  const zones = report.zones;
  if (zones === undefined || zones.length === 0) return [];
  return [
    '<h2>Zones</h2>',
    '<p class="muted">What the targets of each availability zone\'s instances got: requests ' +
      '(failed and blocked included), share of all forwarded requests, and bound targets healthy ' +
      'at the end of the run.</p>',
    zoneTable(zones),
    panel(
      '<p class="muted">Requests per window to each zone\'s targets; dashed lines: timed events.</p>',
      zoneChart(zones, report),
      zones.map((z, i) => [paletteColor(i), escapeHtml(zoneName(z))] as const),
    ),
  ];
}

function zoneName(z: ZoneReport): string {
  return z.zone ?? '(no zone)';
}

function zoneTable(zones: readonly ZoneReport[]): string {
  const head = ['zone', 'instances', 'requests', 'share %', 'failed', 'blocked', 'healthy'];
  const rows = zones.map((z) => {
    const bound = Object.values(z.health).reduce((a, b) => a + b, 0);
    const cells = [
      String(z.instances.length),
      formatCount(z.requests),
      formatPercent(z.share),
      formatCount(z.failed),
      formatCount(z.blocked),
      `${z.health.healthy + z.health.closed}/${bound}`,
    ];
    return (
      `<tr><td>${escapeHtml(zoneName(z))}</td>` +
      `${cells.map((x) => `<td class="num">${x}</td>`).join('')}</tr>`
    );
  });
  return (
    `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>` +
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

function zoneChart(zones: readonly ZoneReport[], report: Report): string {
  const end = report.durationSec;
  const windowSec = report.windowSec;
  const [left, right, top, bottom, height] = [64, 16, 24, 34, 240];
  const plotWidth = CHART_WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const largest = zones.reduce((m, z) => z.windows.reduce((a, n) => Math.max(a, n), m), 0);
  const scale = niceScale(largest);
  const x = (sec: number): number => left + (Math.min(Math.max(sec, 0), end) / end) * plotWidth;
  const y = (n: number): number => top + plotHeight - (n / scale.max) * plotHeight;
  const parts: string[] = [];
  for (const tick of scale.ticks) {
    parts.push(
      `<line class="grid" x1="${left}" y1="${c(y(tick))}" x2="${left + plotWidth}" y2="${c(y(tick))}"/>`,
      `<text class="axis" x="${left - 6}" y="${c(y(tick) + 4)}" text-anchor="end">${tickLabel(tick, true)}</text>`,
    );
  }
  zones.forEach((z, i) => {
    // Each window's count at its middle (the last window may be shorter).
    const points = z.windows.map((n, w) => {
      const mid = (w * windowSec + Math.min((w + 1) * windowSec, end)) / 2;
      return `${c(x(mid))},${c(y(n))}`;
    });
    parts.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${paletteColor(i)}" ` +
        `stroke-width="2"><title>${escapeHtml(zoneName(z))}</title></polyline>`,
    );
  });
  parts.push(
    ...eventMarkers(report, x, top, top + plotHeight),
    `<line stroke="#5d6675" x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}"/>`,
    ...secondTicks(end, x, top + plotHeight + 16),
  );
  return svg(height, 'requests per window to each zone', parts);
}
