/**
 * The HTML page's tables that are not about one pool's targets: unserved requests by pool and
 * reason, fail-open spans, the layer-7 matrix (mix entry → rule → requests) and the events, each
 * named by what it did. Every report string is HTML-escaped. Cost: O(size of those sections).
 */
import { escapeHtml } from './escape-html.js';
import {
  describeFailOpen,
  formatCount,
  formatPercent,
  formatSeconds,
  poolName,
  UNSERVED_REASON_TEXT,
} from './presentation.js';
import type { ReportView } from './view-model.js';

/** A table in a panel: header cells (`n` marks a numeric column) and rows of escaped cells. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const numeric = head.map((h) => h.startsWith('n:'));
  const th = head
    .map((h, i) => `<th${numeric[i] ? ' class="n"' : ''}>${escapeHtml(h.replace(/^n:/, ''))}</th>`)
    .join('');
  const body = rows.map(
    (r) =>
      `<tr>${r.map((cell, i) => `<td${numeric[i] ? ' class="n"' : ''}>${cell}</td>`).join('')}</tr>`,
  );
  return [
    '<div class="panel scroll"><table>',
    `<thead><tr>${th}</tr></thead>`,
    `<tbody>\n${body.join('\n')}\n</tbody>`,
    '</table></div>',
  ].join('\n');
}

/** Unserved requests by pool and reason, largest first; empty when every request was served. */
export function unservedSection(view: ReportView): string[] {
  const rows = [...view.report.unservedBy].sort((a, b) => b.requests - a.requests);
  if (rows.length === 0) return [];
  const total = view.report.requests;
  return [
    '<h2>Unserved requests</h2>',
    table(
      ['pool', 'reason', 'n:requests', 'n:% of all'],
      rows.map((u) => [
        escapeHtml(poolName(u)),
        escapeHtml(UNSERVED_REASON_TEXT[u.reason]),
        escapeHtml(formatCount(u.requests)),
        escapeHtml(formatPercent(total > 0 ? u.requests / total : 0)),
      ]),
    ),
  ];
}

/** One line per fail-open span; empty when there was none. */
export function failOpenSection(view: ReportView): string[] {
  if (view.report.failOpen.length === 0) return [];
  const items = view.report.failOpen.map((f) => `<li>${escapeHtml(describeFailOpen(f))}</li>`);
  return [
    '<h2>Fail-open</h2>',
    `<div class="panel"><ul class="plain">${items.join('')}</ul></div>`,
  ];
}

/** Per layer-7 listener: each mix entry → the rule it reached → its requests. */
export function routingSection(view: ReportView): string[] {
  if (view.layer7Mix.length === 0) return [];
  return [
    '<h2>Layer-7 routing</h2>',
    '<p class="muted">Each traffic-mix entry (host and path), the rule it matched, and the requests ' +
      'drawn for it. A request no rule matches is a 404, counted as unserved.</p>',
    ...view.layer7Mix.flatMap(([listener, entries]) => {
      const total = entries.reduce((n, e) => n + e.requests, 0);
      return [
        `<h3>listener ${escapeHtml(listener)}</h3>`,
        table(
          ['host', 'path', 'n:mix weight', 'rule', 'n:requests', 'n:% of listener'],
          entries.map((m) => [
            m.host === undefined ? '<span class="muted">default</span>' : escapeHtml(m.host),
            escapeHtml(m.path ?? '/'),
            escapeHtml(formatCount(m.weight)),
            m.rule === null || m.rule === undefined
              ? '<span class="badge">404</span>'
              : escapeHtml(m.rule),
            escapeHtml(formatCount(m.requests)),
            escapeHtml(formatPercent(total > 0 ? m.requests / total : 0)),
          ]),
        ),
      ];
    }),
  ];
}

/** The events, each named by what it did, with what it did to sessions and clients. */
export function eventsSection(view: ReportView): string {
  if (view.events.length === 0) return '<p class="muted">No timed events.</p>';
  return table(
    ['n:at', 'event', 'n:sessions moved', 'n:dropped', 'n:clients remapped', 'moved to (sessions)'],
    view.events.map(({ event: e, movedTo }) => {
      const moved = movedTo
        .map(([id, n]) => `${escapeHtml(id)} ${escapeHtml(formatCount(n))}`)
        .join(', ');
      return [
        escapeHtml(formatSeconds(e.atSec)),
        escapeHtml(e.description),
        escapeHtml(formatCount(e.sessionsMoved)),
        escapeHtml(formatCount(e.sessionsDropped)),
        escapeHtml(formatCount(e.clientsRemapped)),
        moved === '' ? '<span class="muted">—</span>' : moved,
      ];
    }),
  );
}
