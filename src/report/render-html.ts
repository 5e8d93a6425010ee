/**
 * Report → one self-contained HTML page: a header (the scenario's name and description, lbsim's
 * version, seed and window); summary cards; unserved requests by pool and reason; fail-open spans;
 * per pool (listener or rule) its share over time against its expected share, a bar chart of
 * share vs expected share and the table of `renderTable`; the layer-7 routing matrix; a health
 * timeline; the events, named by what they did; per-zone totals; latency. A new section is one more entry in `body`.
 *
 * Self-contained: no scripts, fonts, stylesheets or images from anywhere, only an inline `<style>`
 * and inline SVG (`<title>` gives tooltips without JavaScript). Every report string is
 * HTML-escaped. Deterministic: no dates, no locale, coordinates rounded to 0.1 px.
 * Cost: O(servers + windows × targets).
 */
import { escapeHtml } from './escape-html.js';
import {
  DIVERGENCE_MIN_POINTS,
  DIVERGENCE_SIGMAS,
  figureHeaders,
  formatCount,
  formatPercent,
  formatSeconds,
  poolTitle,
  serverFigures,
} from './presentation.js';
import { latencySection } from './latency-chart.js';
import { healthTimeline, poolColors, shareChart } from './render-charts.js';
import {
  eventsSection,
  failOpenSection,
  routingSection,
  unservedSection,
} from './render-sections.js';
import { shareTimeChart } from './render-share-time.js';
import { zonesSection } from './zone-section.js';
import type { Report } from './types.js';
import { buildView, type PoolView, type ReportView } from './view-model.js';

/** The report as a complete HTML document with a trailing newline. */
export function renderHtml(report: Report): string {
  const view = buildView(report);
  const body = [
    header(report),
    summary(view),
    ...unservedSection(view),
    ...failOpenSection(view),
    ...routingSection(view),
    '<h2>Shares per listener and rule</h2>',
    '<p class="muted">Over time: each target\'s share of the requests forwarded in each window ' +
      '(solid line) against its expected share, the weight share among eligible targets ' +
      '(dashed); unserved and failed requests as a share of the arrivals (filled); fail-open ' +
      'shaded; dashed verticals mark the events that concern the pool. Bars: share over the ' +
      'whole run (coloured) and expected share (time-weighted, grey). ' +
      `<span class="badge">!</span> marks a share more than ${DIVERGENCE_MIN_POINTS} percentage ` +
      `points and more than ${DIVERGENCE_SIGMAS} standard errors from expected.</p>`,
    ...(view.pools.length === 0 ? ['<p class="muted">No targets.</p>'] : []),
    ...view.pools.map((p) => poolArticle(view, p)),
    '<h2>Health</h2>',
    healthTimeline(view),
    '<h2>Events</h2>',
    eventsSection(view),
    ...zonesSection(report),
    ...latencySection(report),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(report.name ?? 'lbsim report')} · seed ${escapeHtml(report.seed)}</title>`,
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

const STYLE = [
  '*{box-sizing:border-box}',
  'body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2430;background:#f5f6f8}',
  'main{max-width:1080px;margin:0 auto;padding:24px}',
  'h1{font-size:22px;margin:0}',
  'h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid #dde1e8}',
  'h3{font-size:15px;margin:0}',
  'header p{margin:2px 0 0}',
  'header .desc{margin:6px 0;max-width:80ch}',
  '.plain{margin:0;padding-left:18px}',
  'svg .shareline{fill:none;stroke-width:2}',
  'svg .expline{fill:none;stroke-width:1.5;stroke-dasharray:6 4;opacity:.8}',
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

/** The scenario's name and description, and what produced the report. */
function header(report: Report): string {
  const facts = [
    `lbsim ${escapeHtml(report.lbsimVersion)}`,
    `seed <code>${escapeHtml(report.seed)}</code>`,
    `${escapeHtml(formatSeconds(report.durationSec))} simulated`,
    `windows of ${escapeHtml(formatSeconds(report.windowSec))}`,
    `report format ${report.format}`,
  ];
  return [
    '<header>',
    `<h1>${escapeHtml(report.name ?? 'lbsim report')}</h1>`,
    report.description === undefined ? '' : `<p class="desc">${escapeHtml(report.description)}</p>`,
    `<p class="muted">${facts.join(' · ')}</p>`,
    '</header>',
  ].join('\n');
}

function summary(view: ReportView): string {
  const { report } = view;
  const cards: [label: string, value: string, note?: string][] = [
    ['requests', formatCount(report.requests)],
    ...(report.connections === undefined
      ? []
      : [['connections', formatCount(report.connections)] as [string, string]]),
    ['unserved', formatCount(report.unserved), `${formatPercent(view.unservedShare)}%`],
    ['simulated', formatSeconds(report.durationSec)],
    ['listeners / rules', formatCount(view.pools.length)],
    ['targets', formatCount(report.servers.length)],
    ['flagged shares', formatCount(view.flaggedCount)],
    ['events', formatCount(report.events.length)],
  ];
  const items = cards.map(
    ([label, value, note]) =>
      `<div class="card"><span>${escapeHtml(label)}</span><b>${escapeHtml(value)}` +
      `${note === undefined ? '' : ` <small>${escapeHtml(note)}</small>`}</b></div>`,
  );
  return `<section class="cards">\n${items.join('\n')}\n</section>`;
}

function poolArticle(view: ReportView, pool: PoolView): string {
  const colorOf = poolColors(pool);
  const rows = pool.servers.map((s, i) => {
    const flag = pool.flagged[i] === true;
    const cells = [
      `<td><span class="sw" style="background:${colorOf(s.target)}"></span>${escapeHtml(s.target)}</td>`,
      ...serverFigures(s).map((v) => `<td class="n">${escapeHtml(v)}</td>`),
      `<td>${flag ? '<span class="badge" title="diverges from expected">!</span>' : ''}</td>`,
    ];
    return `<tr${flag ? ' class="flag"' : ''}>${cells.join('')}</tr>`;
  });
  const head = [
    '<th>target</th>',
    ...figureHeaders(pool.servers).map((h) => `<th class="n">${h}</th>`),
    '<th>flag</th>',
  ].join('');
  return [
    '<article>',
    `<h3>${escapeHtml(poolTitle(pool))}</h3>`,
    `<p class="muted">${escapeHtml(poolFacts(pool))}</p>`,
    shareTimeChart(view, pool, colorOf),
    shareChart(pool, colorOf),
    '<div class="scroll"><table>',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table></div>',
    '</article>',
  ].join('\n');
}

/** `wrr · 89,582 requests forwarded · 12 unserved`. */
function poolFacts(pool: PoolView): string {
  const facts = [`${formatCount(pool.requests)} requests forwarded`];
  if (pool.over !== undefined) facts.unshift(`algorithm ${pool.over.algorithm}`);
  if (pool.unserved > 0) facts.push(`${formatCount(pool.unserved)} unserved`);
  if (pool.failOpen.length > 0) facts.push('failed open');
  return facts.join(' · ');
}
