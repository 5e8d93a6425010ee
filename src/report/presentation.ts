/**
 * How report figures are presented to people, shared by the text table and the HTML page:
 * grouping servers by listener/rule, number formats (no locale: digits grouped by hand), and the
 * divergence flag.
 */
import type { ServerReport } from './types.js';
import { poolKey } from '../cloud/pool-ref.js';

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

/** The targets of one listener (layer 4) or one rule of a layer-7 listener. */
export interface ServerGroup {
  readonly listener: string;
  /** The rule id, or undefined for a layer-4 listener. */
  readonly rule: string | undefined;
  readonly servers: readonly ServerReport[];
  /** Requests the listener or rule forwarded: the denominator of its shares. */
  readonly requests: number;
}

/** Servers grouped by listener and rule, groups and members in report order. */
export function groupServers(servers: readonly ServerReport[]): ServerGroup[] {
  const groups = new Map<
    string,
    { listener: string; rule: string | undefined; servers: ServerReport[] }
  >();
  for (const server of servers) {
    const key = poolKey(server);
    let group = groups.get(key);
    if (group === undefined) {
      group = { listener: server.listener, rule: server.rule, servers: [] };
      groups.set(key, group);
    }
    group.servers.push(server);
  }
  return [...groups.values()].map((g) => ({
    ...g,
    requests: g.servers.reduce((sum, s) => sum + s.requests, 0),
  }));
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

/** A group's title: `listener tcp-80` or `listener http-80, rule www.example.com/img`. */
export function groupTitle(group: Pick<ServerGroup, 'listener' | 'rule'>): string {
  return group.rule === undefined
    ? `listener ${group.listener}`
    : `listener ${group.listener}, rule ${group.rule}`;
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

/** A server's figures as the table columns show them: weight, requests, share %, expected %, diff pp, new sessions, failed, blocked. */
export function serverFigures(s: ServerReport): string[] {
  return [
    formatWeights(s),
    formatCount(s.requests),
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
