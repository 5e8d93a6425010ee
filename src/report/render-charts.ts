/**
 * The HTML page's inline-SVG charts: per pool, share vs expected share as bars; requests per
 * second per target as stacked step areas over the windows; a health timeline per target. Colours
 * follow a target's position in the view's target order. Cost: O(servers + steps × targets), with
 * at most {@link MAX_STEPS} steps however many windows there are.
 */
import { escapeHtml } from './escape-html.js';
import { formatCount, formatPercent, formatSeconds, poolTitle } from './presentation.js';
import { c, CHART_WIDTH, labelColumn, niceScale, svg, tickLabel, truncate } from './svg.js';
import type { HealthState, Report, ServerReport, WindowReport } from './types.js';
import type { PoolView, ReportView } from './view-model.js';

/** Tableau 10: distinct, print-safe, and kinder to colour-blind readers than a rainbow. */
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

/** At most this many steps in the requests-over-time chart (about one per 2 px). */
const MAX_STEPS = 400;

/** A target's colour: the palette entry at its position in the view's target order. */
export function targetColors(view: ReportView): (id: string) => string {
  return (id) => PALETTE[(view.targetRank.get(id) ?? 0) % PALETTE.length]!;
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

/** Requests per second per target, stacked, one flat step per window; event times dashed. */
export function requestsChart(view: ReportView, colorOf: (id: string) => string): string {
  const { report, endSec: end } = view;
  const valid = report.windows.filter((w) => w.toSec > w.fromSec);
  if (valid.length === 0 || !(end > 0)) return '<p class="muted">No time windows.</p>';
  const left = 64;
  const right = 16;
  const top = 24;
  const bottom = 34;
  const height = 300;
  const plotWidth = CHART_WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const shown = view.targetIds.filter((id) => valid.some((w) => (w.requests[id] ?? 0) > 0));
  // More steps than about one per 2 px only add bytes: merge runs of windows (rates stay exact).
  const perStep = Math.ceil(valid.length / MAX_STEPS);
  const steps = mergeWindows(valid, shown, perStep);
  // stacks[k][j] = cumulative rate of shown[0..j-1] in step k.
  const stacks = steps.map((w) => {
    const cumulative = [0];
    w.counts.forEach((n) => cumulative.push(cumulative.at(-1)! + n / w.span));
    return cumulative;
  });
  const scale = niceScale(stacks.reduce((m, s) => Math.max(m, s.at(-1)!), 0));
  const x = (sec: number): number => left + (Math.min(Math.max(sec, 0), end) / end) * plotWidth;
  const y = (rate: number): number => top + plotHeight - (rate / scale.max) * plotHeight;

  const parts: string[] = [];
  for (const tick of scale.ticks) {
    parts.push(
      `<line class="grid" x1="${left}" y1="${c(y(tick))}" x2="${left + plotWidth}" y2="${c(y(tick))}"/>`,
      `<text class="axis" x="${left - 6}" y="${c(y(tick) + 4)}" text-anchor="end">${tickLabel(tick, true)}</text>`,
    );
  }
  parts.push(...secondTicks(end, x, top + plotHeight + 16));
  parts.push(`<text class="axis" x="${left - 6}" y="${top - 10}" text-anchor="end">req/s</text>`);
  shown.forEach((id, j) => {
    const upper: string[] = [];
    const lower: string[] = [];
    steps.forEach((w, k) => {
      const stack = stacks[k]!;
      upper.push(
        `${c(x(w.fromSec))},${c(y(stack[j + 1]!))}`,
        `${c(x(w.toSec))},${c(y(stack[j + 1]!))}`,
      );
      lower.push(`${c(x(w.fromSec))},${c(y(stack[j]!))}`, `${c(x(w.toSec))},${c(y(stack[j]!))}`);
    });
    const points = [...upper, ...lower.reverse()].join(' ');
    const total = steps.reduce((sum, w) => sum + w.counts[j]!, 0);
    parts.push(
      `<polygon points="${points}" fill="${colorOf(id)}" fill-opacity="0.85">` +
        `<title>${escapeHtml(`${id}: ${formatCount(total)} requests in the windows`)}</title></polygon>`,
    );
  });
  parts.push(...eventMarkers(report, x, top, top + plotHeight));
  parts.push(
    `<line stroke="#5d6675" x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}"/>`,
  );
  const merged =
    perStep > 1
      ? `<p class="muted">${escapeHtml(formatCount(valid.length))} windows, drawn ${perStep} to a step.</p>`
      : '';
  return panel(
    merged,
    svg(height, 'requests per second per target over time, stacked', parts),
    shown.map((id) => [colorOf(id), escapeHtml(id)] as const),
  );
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
  const right = 16;
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
function panel(
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
function secondTicks(end: number, x: (sec: number) => number, y: number): string[] {
  return niceScale(end)
    .ticks.filter((tick) => tick <= end)
    .map(
      (tick) =>
        `<text class="axis" x="${c(x(tick))}" y="${y}" text-anchor="middle">` +
        `${escapeHtml(formatSeconds(Number(tickLabel(tick))))}</text>`,
    );
}

interface Step {
  readonly fromSec: number;
  readonly toSec: number;
  /** Seconds covered (the sum of the merged windows' lengths). */
  readonly span: number;
  /** Requests per shown target, in `shown` order. */
  readonly counts: readonly number[];
}

/** Consecutive runs of `perStep` windows as one step each. */
function mergeWindows(
  windows: readonly WindowReport[],
  shown: readonly string[],
  perStep: number,
): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < windows.length; i += perStep) {
    const run = windows.slice(i, i + perStep);
    steps.push({
      fromSec: run[0]!.fromSec,
      toSec: run.at(-1)!.toSec,
      span: run.reduce((sum, w) => sum + (w.toSec - w.fromSec), 0),
      counts: shown.map((id) => run.reduce((sum, w) => sum + (w.requests[id] ?? 0), 0)),
    });
  }
  return steps;
}

/** A dashed vertical line and a label per event, from `top` to `bottom`. */
function eventMarkers(
  report: Report,
  x: (sec: number) => number,
  top: number,
  bottom: number,
): string[] {
  return report.events.flatMap((e) => {
    const ex = c(x(e.atSec));
    const label = escapeHtml(`${e.op} @ ${formatSeconds(e.atSec)}`);
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
