/**
 * Report → one self-contained HTML page: summary cards; per listener/rule a bar chart of share vs
 * expected share and the table of {@link renderTable}; a stacked step-area chart of requests per
 * second per target over the windows; a health timeline; the events.
 *
 * Self-contained means no scripts, fonts, stylesheets or images from anywhere: an inline `<style>`
 * and inline SVG drawn here (SVG `<title>` gives hover tooltips without JavaScript). Every string
 * from the report is HTML-escaped. Deterministic: no dates, no locale, coordinates rounded to 0.1,
 * colours by a target's position in {@link targetIds}. Cost: O(servers + windows × targets).
 */
import { targetIds } from './render-json.js';
import {
  DIVERGENCE_MIN_POINTS,
  DIVERGENCE_SIGMAS,
  formatCount,
  formatPercent,
  formatSeconds,
  groupServers,
  groupTitle,
  hasHealthChanges,
  isDivergent,
  type ServerGroup,
  serverFigures,
} from './presentation.js';
import type { HealthState, Report, ServerReport, WindowReport } from './types.js';

/** Escapes text for HTML element content and quoted attribute values (SVG included). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** The report as a complete HTML document with a trailing newline. */
export function renderHtml(report: Report): string {
  const ids = targetIds(report);
  const colorIndex = new Map(ids.map((id, i) => [id, i]));
  const colorOf = (id: string): string => PALETTE[(colorIndex.get(id) ?? 0) % PALETTE.length]!;
  const groups = groupServers(report.servers);
  // Loops, not Math.max(...spread): a day of 1 s windows would overflow the argument stack.
  const end = report.windows.reduce(
    (m, w) => Math.max(m, w.toSec),
    Math.max(report.durationSec, 0),
  );

  const body = [
    `<header><h1>lbsim report</h1><p class="muted">seed <code>${escapeHtml(report.seed)}</code> · ` +
      `${escapeHtml(formatSeconds(report.durationSec))} simulated</p></header>`,
    summary(report, groups),
    '<h2>Shares per listener and rule</h2>',
    '<p class="muted">Coloured bar: share of the requests the listener or rule forwarded. Grey bar: ' +
      'expected share (time-weighted weight share among eligible targets). ' +
      `<span class="badge">!</span> marks a share more than ${DIVERGENCE_MIN_POINTS} percentage ` +
      `points and more than ${DIVERGENCE_SIGMAS} standard errors from expected.</p>`,
    ...groups.map((g) => groupArticle(g, colorOf)),
    '<h2>Requests over time</h2>',
    requestsChart(report, ids, end, colorOf),
    '<h2>Health</h2>',
    healthTimeline(report, end),
    '<h2>Events</h2>',
    eventsTable(report, ids),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>lbsim report · seed ${escapeHtml(report.seed)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

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

const STYLE = [
  '*{box-sizing:border-box}',
  'body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2430;background:#f5f6f8}',
  'main{max-width:1080px;margin:0 auto;padding:24px}',
  'h1{font-size:22px;margin:0}',
  'h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid #dde1e8}',
  'h3{font-size:15px;margin:0}',
  'header p{margin:2px 0 0}',
  '.muted{color:#5d6675}',
  'code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}',
  '.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(120px,1fr));gap:12px;margin:16px 0}',
  '.card,article,.panel{background:#fff;border:1px solid #dde1e8;border-radius:6px}',
  '.card{padding:10px 12px}',
  '.card b{display:block;font-size:20px;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}',
  '.card small{font-size:13px;font-weight:400;color:#5d6675}',
  '.card span{color:#5d6675;font-size:12px;text-transform:uppercase;letter-spacing:.04em}',
  'article,.panel{padding:16px;margin:16px 0}',
  'article p{margin:2px 0 12px}',
  'svg{display:block;width:100%;height:auto;font:13px system-ui,-apple-system,Arial,sans-serif}',
  'svg text{fill:#1f2430}',
  'svg .axis{fill:#5d6675}',
  'svg .grid{stroke:#e3e7ee;stroke-width:1}',
  'svg .exp{fill:#c9cfd9}',
  'svg .ev{stroke:#5d6675;stroke-width:1;stroke-dasharray:4 3}',
  'svg .warn{fill:#c62828;font-weight:700}',
  '.scroll{overflow-x:auto}',
  'table{border-collapse:collapse;width:100%;margin-top:12px;font-variant-numeric:tabular-nums}',
  'th,td{padding:4px 8px;border-bottom:1px solid #eceff3;text-align:left;white-space:nowrap}',
  'th{font-weight:600;color:#5d6675;font-size:12px}',
  '.n{text-align:right}',
  'tr.flag td{background:#fdecea}',
  '.badge{color:#fff;background:#c62828;border-radius:3px;padding:0 5px;font-weight:700}',
  '.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}',
  '.legend{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px}',
].join('\n');

const CHART_WIDTH = 1000;
/** Rough width of one character of 12px sans-serif, to size label columns without measuring. */
const CHAR_WIDTH = 6.6;

function summary(report: Report, groups: readonly ServerGroup[]): string {
  const flagged = groups.reduce(
    (n, g) => n + g.servers.filter((s) => isDivergent(s.share, s.expectedShare, g.requests)).length,
    0,
  );
  const unservedPct =
    report.requests > 0 ? formatPercent(report.unserved / report.requests) : '0.00';
  const cards: [label: string, value: string, note?: string][] = [
    ['requests', formatCount(report.requests)],
    ['unserved', formatCount(report.unserved), `${unservedPct}%`],
    ['simulated', formatSeconds(report.durationSec)],
    ['listeners / rules', formatCount(groups.length)],
    ['targets', formatCount(report.servers.length)],
    ['flagged shares', formatCount(flagged)],
    ['events', formatCount(report.events.length)],
  ];
  const items = cards.map(
    ([label, value, note]) =>
      `<div class="card"><span>${escapeHtml(label)}</span><b>${escapeHtml(value)}` +
      `${note === undefined ? '' : ` <small>${escapeHtml(note)}</small>`}</b></div>`,
  );
  return `<section class="cards">\n${items.join('\n')}\n</section>`;
}

function groupArticle(group: ServerGroup, colorOf: (id: string) => string): string {
  const flags = group.servers.map((s) => isDivergent(s.share, s.expectedShare, group.requests));
  const rows = group.servers.map((s, i) => {
    const flag = flags[i] === true;
    const cells = [
      `<td><span class="sw" style="background:${colorOf(s.target)}"></span>${escapeHtml(s.target)}</td>`,
      ...serverFigures(s).map((v) => `<td class="n">${escapeHtml(v)}</td>`),
      `<td>${flag ? '<span class="badge" title="diverges from expected">!</span>' : ''}</td>`,
    ];
    return `<tr${flag ? ' class="flag"' : ''}>${cells.join('')}</tr>`;
  });
  const head = [
    '<th>target</th>',
    ...[
      'weight',
      'requests',
      'share %',
      'expected %',
      'diff pp',
      'new sessions',
      'failed',
      'blocked',
    ].map((h) => `<th class="n">${h}</th>`),
    '<th>flag</th>',
  ].join('');
  return [
    '<article>',
    `<h3>${escapeHtml(groupTitle(group))}</h3>`,
    `<p class="muted">${escapeHtml(formatCount(group.requests))} requests forwarded</p>`,
    shareChart(group, flags, colorOf),
    '<div class="scroll"><table>',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table></div>',
    '</article>',
  ].join('\n');
}

/** Horizontal bars per target: share (target colour) above expected share (grey). */
function shareChart(
  group: ServerGroup,
  flags: readonly boolean[],
  colorOf: (id: string) => string,
): string {
  const labelWidth = labelColumn(group.servers.map((s) => s.target));
  const valueWidth = 64;
  const plotWidth = CHART_WIDTH - labelWidth - valueWidth;
  const top = 22;
  const rowHeight = 34;
  const barHeight = 12;
  const height = top + group.servers.length * rowHeight + 6;
  const largest = group.servers.reduce((m, s) => Math.max(m, s.share, s.expectedShare), 0);
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
  group.servers.forEach((s, i) => {
    const y = top + i * rowHeight + 3;
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
      `<text x="${c(shareEnd + 4)}" y="${c(y + barHeight - 2)}"${flags[i] === true ? ' class="warn"' : ''}>` +
        `${formatPercent(s.share)}%${flags[i] === true ? ' !' : ''}</text>`,
      `<text class="axis" x="${c(expEnd + 4)}" y="${c(y + 2 * barHeight)}">` +
        `${formatPercent(s.expectedShare)}%</text>`,
    );
  });
  return svg(height, `share vs expected share, ${groupTitle(group)}`, parts);
}

/** Requests per second per target, stacked, one flat step per window; event times dashed. */
function requestsChart(
  report: Report,
  ids: readonly string[],
  end: number,
  colorOf: (id: string) => string,
): string {
  const valid = report.windows.filter((w) => w.toSec > w.fromSec);
  if (valid.length === 0 || !(end > 0)) return '<p class="muted">No time windows.</p>';
  const left = 64;
  const right = 16;
  const top = 24;
  const bottom = 34;
  const height = 300;
  const plotWidth = CHART_WIDTH - left - right;
  const plotHeight = height - top - bottom;
  const shown = ids.filter((id) => valid.some((w) => (w.requests[id] ?? 0) > 0));
  // More steps than about one per 2 px only add bytes: merge runs of windows (rates stay exact).
  const perStep = Math.ceil(valid.length / MAX_STEPS);
  const windows = mergeWindows(valid, shown, perStep);
  // stacks[k][j] = cumulative rate of shown[0..j-1] in step k.
  const stacks = windows.map((w) => {
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
  for (const tick of niceScale(end).ticks) {
    if (tick > end) continue;
    parts.push(
      `<text class="axis" x="${c(x(tick))}" y="${top + plotHeight + 16}" text-anchor="middle">` +
        `${escapeHtml(formatSeconds(Number(tickLabel(tick))))}</text>`,
    );
  }
  parts.push(`<text class="axis" x="${left - 6}" y="${top - 10}" text-anchor="end">req/s</text>`);
  shown.forEach((id, j) => {
    const upper: string[] = [];
    const lower: string[] = [];
    windows.forEach((w, k) => {
      const stack = stacks[k]!;
      upper.push(
        `${c(x(w.fromSec))},${c(y(stack[j + 1]!))}`,
        `${c(x(w.toSec))},${c(y(stack[j + 1]!))}`,
      );
      lower.push(`${c(x(w.fromSec))},${c(y(stack[j]!))}`, `${c(x(w.toSec))},${c(y(stack[j]!))}`);
    });
    const points = [...upper, ...lower.reverse()].join(' ');
    const total = windows.reduce((sum, w) => sum + w.counts[j]!, 0);
    parts.push(
      `<polygon points="${points}" fill="${colorOf(id)}" fill-opacity="0.85">` +
        `<title>${escapeHtml(`${id}: ${formatCount(total)} requests in the windows`)}</title></polygon>`,
    );
  });
  parts.push(...eventMarkers(report, x, top, top + plotHeight));
  parts.push(
    `<line stroke="#5d6675" x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}"/>`,
  );
  const legend = shown.map(
    (id) => `<li><span class="sw" style="background:${colorOf(id)}"></span>${escapeHtml(id)}</li>`,
  );
  const merged =
    perStep > 1
      ? `<p class="muted">${escapeHtml(formatCount(valid.length))} windows, drawn ${perStep} to a step.</p>`
      : '';
  return [
    '<div class="panel">',
    merged,
    svg(height, 'requests per second per target over time, stacked', parts),
    `<ul class="legend">${legend.join('')}</ul>`,
    '</div>',
  ].join('\n');
}

/** One row per target (all of them when few, else those whose health changed). */
function healthTimeline(report: Report, end: number): string {
  const changed = report.servers.filter(hasHealthChanges);
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
  for (const tick of niceScale(end).ticks) {
    if (tick > end) continue;
    parts.push(
      `<text class="axis" x="${c(x(tick))}" y="${bottomAxis + 14}" text-anchor="middle">` +
        `${escapeHtml(formatSeconds(Number(tickLabel(tick))))}</text>`,
    );
  }
  parts.push(...eventMarkers(report, x, top, bottomAxis));
  const legend = (Object.keys(STATE_COLOR) as HealthState[]).map(
    (state) => `<li><span class="sw" style="background:${STATE_COLOR[state]}"></span>${state}</li>`,
  );
  return [
    '<div class="panel">',
    note,
    svg(height, 'health state of each target over time', parts),
    `<ul class="legend">${legend.join('')}</ul>`,
    '</div>',
  ].join('\n');
}

/** At most this many steps in the requests-over-time chart. */
const MAX_STEPS = 400;

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

function eventsTable(report: Report, ids: readonly string[]): string {
  if (report.events.length === 0) return '<p class="muted">No timed events.</p>';
  const order = new Map(ids.map((id, i) => [id, i]));
  const rows = report.events.map((e) => {
    const moved = Object.entries(e.movedTo)
      .sort(([a, m], [b, n]) => n - m || (order.get(a) ?? 0) - (order.get(b) ?? 0))
      .map(([id, n]) => `${escapeHtml(id)} ${escapeHtml(formatCount(n))}`)
      .join(', ');
    return (
      `<tr><td class="n">${escapeHtml(formatSeconds(e.atSec))}</td><td>${escapeHtml(e.op)}</td>` +
      `<td class="n">${escapeHtml(formatCount(e.sessionsMoved))}</td>` +
      `<td class="n">${escapeHtml(formatCount(e.sessionsDropped))}</td>` +
      `<td class="n">${escapeHtml(formatCount(e.clientsRemapped))}</td>` +
      `<td>${moved === '' ? '<span class="muted">—</span>' : moved}</td></tr>`
    );
  });
  return [
    '<div class="panel scroll"><table>',
    '<thead><tr><th class="n">at</th><th>operation</th><th class="n">sessions moved</th>' +
      '<th class="n">dropped</th><th class="n">clients remapped</th>' +
      '<th>moved to (sessions)</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table></div>',
  ].join('\n');
}

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

function svg(height: number, label: string, parts: readonly string[]): string {
  return (
    `<svg viewBox="0 0 ${CHART_WIDTH} ${c(height)}" role="img" aria-label="${escapeHtml(label)}">\n` +
    `${parts.join('\n')}\n</svg>`
  );
}

function where(s: ServerReport): string {
  return s.rule === undefined
    ? `${s.listener} · ${s.target}`
    : `${s.listener} · ${s.rule} · ${s.target}`;
}

/** Width of a label column for these labels: 90..240 px. */
function labelColumn(labels: readonly string[]): number {
  const longest = labels.reduce((m, l) => Math.max(m, Array.from(l).length), 0);
  return Math.round(Math.min(240, Math.max(90, 12 + longest * CHAR_WIDTH)));
}

/** Shortens a label to fit its column, marking the cut with `…` (the full text is in a tooltip). */
function truncate(label: string, columnWidth: number): string {
  const fits = Math.floor((columnWidth - 12) / CHAR_WIDTH);
  const chars = Array.from(label);
  return chars.length <= fits ? label : chars.slice(0, Math.max(1, fits - 1)).join('') + '…';
}

/** An axis from 0 to a round number at or above `largest`, with 1/2/2.5/5 × 10^k steps. */
function niceScale(largest: number): { max: number; ticks: number[] } {
  if (!(largest > 0) || !Number.isFinite(largest)) return { max: 1, ticks: [0, 1] };
  const raw = largest / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const count = Math.ceil(largest / step - 1e-9);
  const ticks = Array.from({ length: count + 1 }, (_, i) => i * step);
  return { max: count * step, ticks };
}

/** A tick value without float noise (`0.30000000000000004` → `0.3`), grouped when asked. */
function tickLabel(value: number, grouped = false): string {
  const clean = Number(value.toPrecision(12));
  return grouped ? formatCount(clean) : String(clean);
}

/** A coordinate rounded to 0.1 px, as text. */
function c(value: number): string {
  return String(Math.round(value * 10) / 10);
}
