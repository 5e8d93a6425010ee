/**
 * The HTML page's inline-SVG charts: per pool, share vs expected share as bars; a health timeline
 * per target (the share-over-time chart is in `render-share-time.ts`). Colours follow a target's
 * position in the view's target order. Cost: O(servers + health transitions).
 */
import { escapeHtml } from './escape-html.js';
import {
  describeTimedEvent,
  formatCount,
  formatPercent,
  formatSeconds,
  poolTitle,
} from './presentation.js';
import { c, CHART_WIDTH, labelColumn, niceScale, svg, tickLabel, truncate } from './svg.js';
import type { HealthState, Report, ServerReport } from './types.js';
import type { PoolView, ReportView } from './view-model.js';

/**
 * Tableau 10: distinct, print-safe, and kinder to colour-blind readers than a rainbow. Its grey
 * comes last, so a target is grey (like the expected-share bars) only in a pool of ten or more.
 */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#e15759',
  '#bab0ac',
];

const STATE_COLOR: Readonly<Record<HealthState, string>> = {
  healthy: '#59a14f',
  abnormal: '#e15759',
  probing: '#edc948',
  closed: '#bab0ac',
};

/** The i-th colour of the palette (it repeats after ten). */
export function paletteColor(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** A target's colour within its pool: the palette entry at its position among the pool's targets. */
export function poolColors(pool: PoolView): (id: string) => string {
  const rank = new Map<string, number>();
  pool.servers.forEach((s, i) => {
    if (!rank.has(s.target)) rank.set(s.target, i);
  });
  return (id) => PALETTE[(rank.get(id) ?? 0) % PALETTE.length]!;
}

/** Horizontal bars per target: share (target colour) above expected share (grey). */
export function shareChart(pool: PoolView, colorOf: (id: string) => string): string {
  const labelWidth = labelColumn(pool.servers.map((s) => s.target));
  const valueWidth = 64;
  const plotWidth = CHART_WIDTH - labelWidth - valueWidth;
  const top = 22;
  const rowHeight = 34;
  const barHeight = 12;
  const height = top + pool.servers.length * rowHeight + 6;
  const largest = pool.servers.reduce((m, s) => Math.max(m, s.share, s.expectedShare), 0);
  const scale = niceScale(largest * 100);
  const x = (fraction: number): number =>
    labelWidth + (Math.min(Math.max(fraction * 100, 0), scale.max) / scale.max) * plotWidth;

  const parts: string[] = [];
  for (const tick of scale.ticks) {
    const tx = x(tick / 100);
    parts.push(
      `<line class="grid" x1="${c(tx)}" y1="${top - 4}" x2="${c(tx)}" y2="${height - 4}"/>`,
      `<text class="axis" x="${c(tx)}" y="${top - 8}" text-anchor="middle">${tickLabel(tick)}%</text>`,
    );
  }
  pool.servers.forEach((s, i) => {
    const y = top + i * rowHeight + 3;
    const flagged = pool.flagged[i] === true;
    const tip = escapeHtml(
      `${s.target}: share ${formatPercent(s.share)}% (${formatCount(s.requests)} requests), ` +
        `expected ${formatPercent(s.expectedShare)}%`,
    );
    const shareEnd = x(s.share);
    const expEnd = x(s.expectedShare);
    parts.push(
      `<text x="${labelWidth - 8}" y="${c(y + barHeight + 4)}" text-anchor="end">` +
        `<title>${escapeHtml(s.target)}</title>${escapeHtml(truncate(s.target, labelWidth))}</text>`,
      `<rect x="${labelWidth}" y="${c(y)}" width="${c(shareEnd - labelWidth)}" height="${barHeight}"` +
        ` fill="${colorOf(s.target)}"><title>${tip}</title></rect>`,
      `<rect class="exp" x="${labelWidth}" y="${c(y + barHeight + 2)}"` +
        ` width="${c(expEnd - labelWidth)}" height="${barHeight}"><title>${tip}</title></rect>`,
      `<text x="${c(shareEnd + 4)}" y="${c(y + barHeight - 2)}"${flagged ? ' class="warn"' : ''}>` +
        `${formatPercent(s.share)}%${flagged ? ' !' : ''}</text>`,
      `<text class="axis" x="${c(expEnd + 4)}" y="${c(y + 2 * barHeight)}">` +
        `${formatPercent(s.expectedShare)}%</text>`,
    );
  });
  return svg(height, `share vs expected share, ${poolTitle(pool)}`, parts);
}

/** One row per target (all of them when few, else those whose health changed). */
export function healthTimeline(view: ReportView): string {
  const { report, healthChanged: changed, endSec: end } = view;
  const rows = report.servers.length <= 40 ? report.servers : changed;
  const note =
    changed.length === 0
      ? '<p class="muted">No health changes: every target kept its first state.</p>'
      : `<p class="muted">${escapeHtml(formatCount(changed.length))} of ` +
        `${escapeHtml(formatCount(report.servers.length))} targets changed state.</p>`;
  if (rows.length === 0 || !(end > 0)) return note;
  const labelWidth = labelColumn(rows.map((s) => s.target));
  const right = 28;
  const top = 12;
  const rowHeight = 24;
  const plotWidth = CHART_WIDTH - labelWidth - right;
  const bottomAxis = top + rows.length * rowHeight + 2;
  const height = bottomAxis + 22;
  const x = (sec: number): number =>
    labelWidth + (Math.min(Math.max(sec, 0), end) / end) * plotWidth;

  const parts: string[] = [];
  rows.forEach((s, i) => {
    const y = top + i * rowHeight;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end"><title>${escapeHtml(where(s))}</title>` +
        `${escapeHtml(truncate(s.target, labelWidth))}</text>`,
    );
    s.health.forEach((h, k) => {
      const until = s.health[k + 1]?.atSec ?? end;
      if (!(until > h.atSec)) return;
      const tip = `${where(s)}: ${h.state} ${formatSeconds(h.atSec)}–${formatSeconds(until)}`;
      parts.push(
        `<rect x="${c(x(h.atSec))}" y="${y + 4}" width="${c(x(until) - x(h.atSec))}" height="16"` +
          ` fill="${STATE_COLOR[h.state]}"><title>${escapeHtml(tip)}</title></rect>`,
      );
    });
  });
  parts.push(...secondTicks(end, x, bottomAxis + 14));
  parts.push(...eventMarkers(report, x, top, bottomAxis));
  const states = Object.keys(STATE_COLOR) as HealthState[];
  return panel(
    note,
    svg(height, 'health state of each target over time', parts),
    states.map((state) => [STATE_COLOR[state], state] as const),
  );
}

/** A chart in a panel: a note above it, a legend of `[colour, escaped label]` below. */
export function panel(
  note: string,
  chart: string,
  legend: readonly (readonly [string, string])[],
): string {
  const items = legend.map(
    ([color, label]) => `<li><span class="sw" style="background:${color}"></span>${label}</li>`,
  );
  return [
    '<div class="panel">',
    note,
    chart,
    `<ul class="legend">${items.join('')}</ul>`,
    '</div>',
  ].join('\n');
}

/** Labels of a time axis from 0 to `end` seconds, at height `y`. */
export function secondTicks(end: number, x: (sec: number) => number, y: number): string[] {
  return niceScale(end)
    .ticks.filter((tick) => tick <= end)
    .map(
      (tick) =>
        `<text class="axis" x="${c(x(tick))}" y="${y}" text-anchor="middle">` +
        `${escapeHtml(formatSeconds(Number(tickLabel(tick))))}</text>`,
    );
}

/** A dashed vertical line and a label per event, from `top` to `bottom`. */
export function eventMarkers(
  report: Report,
  x: (sec: number) => number,
  top: number,
  bottom: number,
): string[] {
  return report.events.flatMap((e) => {
    const ex = c(x(e.atSec));
    const label = escapeHtml(describeTimedEvent(e));
    return [
      `<line class="ev" x1="${ex}" y1="${top}" x2="${ex}" y2="${bottom}"><title>${label}</title></line>`,
      `<text class="axis" x="${ex}" y="${top - 4}" text-anchor="middle">${escapeHtml(e.op)}</text>`,
    ];
  });
}

/** `listener · rule · target`, for tooltips. */
function where(s: ServerReport): string {
  return s.rule === undefined
    ? `${s.listener} · ${s.target}`
    : `${s.listener} · ${s.rule} · ${s.target}`;
}
