/**
 * How report figures are presented to people, shared by the text table and the HTML page: number
 * formats (no locale: digits grouped by hand), the server columns, and the divergence flag.
 */
import type { PoolRef } from '../cloud/pool-ref.js';
import type {
  EventReport,
  FailOpenReport,
  ServerReport,
  UnservedReason,
  UnservedReport,
} from './types.js';

/** A share differing from its expected share by more than this many percentage points may be flagged. */
export const DIVERGENCE_MIN_POINTS = 2;

/** …and only when the difference also exceeds this many standard errors of a binomial share. */
export const DIVERGENCE_SIGMAS = 4;

/**
 * Whether a share is flagged as diverging from its expected share: `|share − p|` is more than
 * {@link DIVERGENCE_MIN_POINTS} percentage points AND more than `4·sqrt(p(1−p)/n)`, where `p` is
 * the expected share and `n` the requests the listener or rule forwarded. The first condition
 * ignores differences nobody would act on, the second those that chance alone explains. `n = 0`
 * is never flagged.
 */
export function isDivergent(share: number, expectedShare: number, n: number): boolean {
  if (!(n > 0)) return false;
  const diff = Math.abs(share - expectedShare);
  const p = Math.min(1, Math.max(0, expectedShare));
  return (
    diff * 100 > DIVERGENCE_MIN_POINTS && diff > DIVERGENCE_SIGMAS * Math.sqrt((p * (1 - p)) / n)
  );
}

/** An integer with `,` between groups of three digits (locale-independent); other numbers as they are. */
export function formatCount(n: number): string {
  if (!Number.isInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** A fraction as a percentage with two decimals, without the `%` sign (`0.2865` → `28.65`). */
export function formatPercent(fraction: number): string {
  return (fraction * 100).toFixed(2);
}

/** A difference of fractions in signed percentage points (`+1.82`, `-3.65`, `0.00`). */
export function formatPoints(diff: number): string {
  const text = Math.abs(diff * 100).toFixed(2);
  if (/^[0.]+$/.test(text)) return text;
  return (diff < 0 ? '-' : '+') + text;
}

/** Simulated seconds: `90 s`, `12.5 s` (at most millisecond precision). */
export function formatSeconds(sec: number): string {
  const text = Number.isInteger(sec) ? String(sec) : sec.toFixed(3).replace(/\.?0+$/, '');
  return `${text} s`;
}

/** A pool's title: `listener tcp-80` or `listener http-80, rule www.example.com/img`. */
export function poolTitle(pool: PoolRef): string {
  return pool.rule === undefined
    ? `listener ${pool.listener}`
    : `listener ${pool.listener}, rule ${pool.rule}`;
}

/** Whether a health history says more than "in one state from the start". */
export function hasHealthChanges(server: ServerReport): boolean {
  const first = server.health[0];
  return server.health.length > 1 || (first !== undefined && first.atSec !== 0);
}

/** A target's weight, or its history when it changed: `30→0`, `10→0→10`. */
export function formatWeights(s: ServerReport): string {
  const history = s.weights.map((w) => w.weight).filter((w, i, all) => i === 0 || w !== all[i - 1]);
  return history.length > 1 ? history.join('→') : formatCount(s.weight);
}

/** Headers of the columns of {@link serverFigures}, between the target and the flag. */
export const FIGURE_HEADERS: readonly string[] = [
  'weight',
  'requests',
  'share %',
  'expected %',
  'diff pp',
  'new sessions',
  'failed',
  'blocked',
];

/**
 * The column headers of a pool's {@link serverFigures}: {@link FIGURE_HEADERS}, with `connections`
 * after `requests` when its servers count connections (layer 4 with connection reuse).
 */
export function figureHeaders(servers: readonly ServerReport[]): readonly string[] {
  if (!servers.some((s) => s.connections !== undefined)) return FIGURE_HEADERS;
  return [...FIGURE_HEADERS.slice(0, 2), 'connections', ...FIGURE_HEADERS.slice(2)];
}

/** A server's figures as the table columns show them (headed by {@link figureHeaders}). */
export function serverFigures(s: ServerReport): string[] {
  return [
    formatWeights(s),
    formatCount(s.requests),
    ...(s.connections === undefined ? [] : [formatCount(s.connections)]),
    formatPercent(s.share),
    formatPercent(s.expectedShare),
    formatPoints(s.share - s.expectedShare),
    formatCount(s.newSessions),
    formatCount(s.failed),
    formatCount(s.blocked),
  ];
}

/** Pads cells to column widths (`l`/`r` per column), two spaces between, no trailing spaces. */
export function alignColumns(rows: readonly (readonly string[])[], align: string): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - width(cell));
        return align[i] === 'r' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Width in code points (good enough for ids; East Asian wide characters would count as one). */
function width(text: string): number {
  return Array.from(text).length;
}

/** What each reason for unserved requests means, for people. */
export const UNSERVED_REASON_TEXT: Readonly<Record<UnservedReason, string>> = {
  'refused-at-balancer': "refused by the load balancer's security groups",
  'no-rule-matched': 'no rule matched (404)',
  'no-targets-bound': 'no target bound',
  'all-weights-zero': 'every target at weight 0',
  'none-healthy': 'no target healthy (probing or abnormal; not all abnormal, so no fail-open)',
  'all-ejected': 'healthy targets ejected by passive checks',
  'picker-declined': 'the picker chose none',
};

/** A span of simulated time: `313–431 s`. */
export function formatSpan(fromSec: number, toSec: number): string {
  return `${formatSeconds(fromSec).slice(0, -2)}–${formatSeconds(toSec)}`;
}

/** `tcp-80` or `http-80 rule login`: a pool in running text. */
export function poolName(pool: PoolRef): string {
  return pool.rule === undefined ? pool.listener : `${pool.listener} rule ${pool.rule}`;
}

/** `all targets of tcp-80 abnormal: forwarding to all, 313–431 s`. */
export function describeFailOpen(span: FailOpenReport): string {
  return (
    `all targets of ${poolName(span)} abnormal: forwarding to all, ` +
    formatSpan(span.fromSec, span.toSec)
  );
}

/** `60 s setWeight tcp-80 ins-3:8080 30→0`: an event with its time. */
export function describeTimedEvent(event: EventReport): string {
  return `${formatSeconds(event.atSec)} ${event.description}`;
}

/** `tcp-80: every target at weight 0`: one line of the unserved breakdown, without the count. */
export function describeUnserved(u: UnservedReport): string {
  return `${poolName(u)}: ${UNSERVED_REASON_TEXT[u.reason]}`;
}
