/**
 * The HTML report's latency section (present only when some instance has a service model): per
 * pool, a chart of p50, p90 and p99 latency over the report windows with the timed events marked,
 * and a table of latency and failures per target. Inline SVG, deterministic bytes, O(windows).
 */
import { escapeHtml } from './escape-html.js';
import { OUTCOME_HEADERS } from './latency-table.js';
import { eventMarkers } from './render-charts.js';
import { formatCount, formatSeconds, poolTitle } from './presentation.js';
import { c, CHART_WIDTH, niceScale, svg, tickLabel } from './svg.js';
import type { PoolLatency, Report, ServiceOutcomes } from './types.js';

const SERIES = [
  { key: 'p50', color: '#2f6db5' },
  { key: 'p90', color: '#e08a1e' },
  { key: 'p99', color: '#c0392b' },
] as const;

/** The latency section's HTML: nothing when the report has no service part. */
export function latencySection(report: Report): string[] {
  const service = report.service;
  if (service === undefined) return [];
  return [
    '<h2>Latency</h2>',
    '<p class="muted">Over requests that got a response (errors included); percentiles from a log ' +
      "histogram, within 0.8%. Red shading: the share of a window's requests that got no " +
      'response (rejected, or the client timed out), darker as it grows. Dashed lines: timed events.</p>',
    outcomesTable(report),
    ...service.pools.map((pool) => latencyChart(pool, report)),
  ];
}

function outcomesTable(report: Report): string {
  const head = ['target', ...OUTCOME_HEADERS];
  const row = (label: string, o: ServiceOutcomes): string => {
    const l = o.latencyMs;
    const cells = [
      formatCount(o.responses),
      String(l.mean),
      String(l.p50),
      String(l.p90),
      String(l.p99),
      String(l.p999),
      formatCount(o.errors),
      formatCount(o.rejected),
      formatCount(o.timedOut),
    ];
    return `<tr><td>${escapeHtml(label)}</td>${cells.map((x) => `<td class="num">${x}</td>`).join('')}</tr>`;
  };
  const rows = report.servers.flatMap((s) =>
    s.service === undefined ? [] : [row(`${poolTitle(s)} · ${s.target}`, s.service)],
  );
  rows.push(row('all', report.service!));
  return (
    `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>` +
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

function latencyChart(pool: PoolLatency, report: Report): string {
  const windows = pool.windows.filter((w) => w.toSec > w.fromSec);
  const end = report.durationSec;
  const title = `<h3>${escapeHtml(poolTitle(pool))}</h3>`;
  if (windows.length === 0 || !(end > 0)) return `${title}<p class="muted">No time windows.</p>`;
  const [left, right, top, bottom, height] = [64, 16, 24, 34, 260];
  const plotWidth = CHART_WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const scale = niceScale(windows.reduce((m, w) => Math.max(m, w.p99), 0));
  const x = (sec: number): number => left + (Math.min(Math.max(sec, 0), end) / end) * plotWidth;
  const y = (ms: number): number => top + plotHeight - (ms / scale.max) * plotHeight;
  const parts: string[] = [];
  for (const tick of scale.ticks) {
    parts.push(
      `<line class="grid" x1="${left}" y1="${c(y(tick))}" x2="${left + plotWidth}" y2="${c(y(tick))}"/>`,
      `<text class="axis" x="${left - 6}" y="${c(y(tick) + 4)}" text-anchor="end">${tickLabel(tick)}</text>`,
    );
  }
  parts.push(`<text class="axis" x="${left - 6}" y="${top - 10}" text-anchor="end">ms</text>`);
  for (const w of windows) {
    if (w.unanswered === 0) continue;
    const share = w.unanswered / (w.unanswered + w.responses);
    const tip = `${formatSeconds(w.fromSec)}–${formatSeconds(w.toSec)}: ${formatCount(w.unanswered)} of ${formatCount(w.unanswered + w.responses)} requests unanswered`;
    parts.push(
      `<rect x="${c(x(w.fromSec))}" y="${top}" width="${c(x(w.toSec) - x(w.fromSec))}" ` +
        `height="${plotHeight}" fill="#e15759" fill-opacity="${(0.08 + 0.5 * share).toFixed(3)}">` +
        `<title>${escapeHtml(tip)}</title></rect>`,
    );
  }
  for (const { key, color } of SERIES) {
    const points = windows
      .filter((w) => w.responses > 0)
      .map((w) => `${c(x((w.fromSec + w.toSec) / 2))},${c(y(w[key]))}`);
    parts.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="2">` +
        `<title>${key}</title></polyline>`,
    );
  }
  parts.push(...eventMarkers(report, x, top, top + plotHeight));
  parts.push(
    `<line stroke="#5d6675" x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}"/>`,
    `<text class="axis" x="${left}" y="${top + plotHeight + 16}">0 s</text>`,
    `<text class="axis" x="${left + plotWidth}" y="${top + plotHeight + 16}" text-anchor="end">${escapeHtml(formatSeconds(end))}</text>`,
  );
  const legend = [
    ...SERIES.map((s) => `<span style="color:${s.color}">■</span> ${s.key}`),
    '<span style="color:#e15759">■</span> unanswered (share of the window)',
  ].join(' · ');
  return `${title}\n${svg(height, `latency percentiles over time, ${poolTitle(pool)}`, parts)}\n<p class="muted">${legend}</p>`;
}
