/**
 * Report → aligned text for people (the CLI's default format). One table per listener (layer 4)
 * or rule (layer 7), then health changes, then one short section per timed event.
 *
 * The `flag` column marks a target whose share diverges from its expected share both in size and
 * beyond sampling noise (see {@link isDivergent}). Numbers are right-aligned; no box drawing, no
 * colour unless asked (then ANSI only on the flag), no trailing spaces; control characters in ids
 * are escaped so a hostile id cannot drive the terminal. Output depends only on the report's values
 * (no locale: digits are grouped by hand). Cost: O(size of the report).
 */
import { targetIds } from './render-json.js';
import type { Report, ServerReport } from './types.js';

/** Options of {@link renderTable}. */
export interface TableOptions {
  /**
   * Colour the flag with ANSI escapes (for a terminal).
   * @defaultValue false
   */
  readonly color?: boolean;
}

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
    const key = JSON.stringify([server.listener, server.rule ?? null]);
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

/** The report as aligned text with a trailing newline. */
export function renderTable(report: Report, options: TableOptions = {}): string {
  const color = options.color ?? false;
  const out: string[] = [];
  const unservedPct =
    report.requests > 0 ? formatPercent(report.unserved / report.requests) : '0.00';
  out.push(
    `seed ${printable(JSON.stringify(report.seed))} | duration ${formatSeconds(report.durationSec)}` +
      ` | requests ${formatCount(report.requests)}` +
      ` | unserved ${formatCount(report.unserved)} (${unservedPct}%)`,
  );

  const groups = groupServers(report.servers);
  for (const group of groups) {
    out.push('', `${printable(groupTitle(group))} (${formatCount(group.requests)} requests)`);
    const flagged = group.servers.map((s) => isDivergent(s.share, s.expectedShare, group.requests));
    const rows = group.servers.map((s, i) => {
      return [
        printable(s.target),
        formatCount(s.weight),
        formatCount(s.requests),
        formatPercent(s.share),
        formatPercent(s.expectedShare),
        formatPoints(s.share - s.expectedShare),
        formatCount(s.newSessions),
        formatCount(s.failed),
        formatCount(s.blocked),
        flagged[i] === true ? FLAG : '',
      ];
    });
    const lines = alignColumns([TABLE_HEADER, ...rows], TABLE_ALIGN);
    lines.forEach((line, i) => {
      // The flag is the last cell, so colouring it after alignment leaves the widths alone.
      const colored = color && i > 0 && flagged[i - 1] === true;
      out.push('  ' + (colored ? line.slice(0, -FLAG.length) + ANSI_FLAG : line));
    });
  }
  if (groups.length === 0) out.push('', 'no targets');
  out.push(
    '',
    `${FLAG} = share differs from expected by more than ${DIVERGENCE_MIN_POINTS} percentage points` +
      ` and more than ${DIVERGENCE_SIGMAS} standard errors`,
  );

  out.push('', 'health changes');
  const changed = report.servers.filter(hasHealthChanges);
  if (changed.length === 0) out.push('  none');
  for (const s of changed) {
    const where = s.rule === undefined ? s.listener : `${s.listener}, ${s.rule}`;
    const steps = s.health.map((h) => `${formatSeconds(h.atSec)} ${h.state}`).join(' → ');
    out.push(`  ${printable(s.target)} (${printable(where)}): ${printable(steps)}`);
  }

  const order = new Map(targetIds(report).map((id, i) => [id, i]));
  for (const event of report.events) {
    out.push(
      '',
      `event at ${formatSeconds(event.atSec)}: ${printable(event.op)}` +
        ` (${formatCount(event.sessionsMoved)} sessions moved, ` +
        `${formatCount(event.sessionsDropped)} dropped, ` +
        `${formatCount(event.clientsRemapped)} clients remapped)`,
    );
    // Largest destination first; ties in report order.
    const moved = Object.entries(event.movedTo).sort(
      ([a, x], [b, y]) => y - x || (order.get(a) ?? 0) - (order.get(b) ?? 0),
    );
    if (moved.length > 0) {
      const rows = moved.map(([id, n]) => [printable(id), formatCount(n)]);
      out.push(...alignColumns([['moved to', 'sessions'], ...rows], 'lr').map((l) => '  ' + l));
    }
  }

  return out.join('\n') + '\n';
}

const FLAG = '!';
const TABLE_HEADER = [
  'target',
  'weight',
  'requests',
  'share %',
  'expected %',
  'diff pp',
  'new sessions',
  'failed',
  'blocked',
  'flag',
];
const TABLE_ALIGN = 'lrrrrrrrrl';
const ANSI_FLAG = `\u001b[1;31m${FLAG}\u001b[0m`;

/** Pads cells to column widths (`l`/`r` per column), two spaces between, no trailing spaces. */
function alignColumns(rows: readonly (readonly string[])[], align: string): string[] {
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

/** Escapes C0/C1 control characters (`\x1b` → `\x1b` as text) so ids cannot move the cursor. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
  });
}
