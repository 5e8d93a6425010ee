/**
 * A sweep (`lbsim compare --seeds N`) as text for people, or as JSON with a fixed key order:
 * the comparison's columns, each cell a mean ± the half-width of its 95% interval. Same sweep,
 * same bytes.
 */
import { alignColumns, formatPercent } from './presentation.js';
import type { MetricInterval, SweepMetric, SweepResult } from './sweep-types.js';

/** How a metric is headed and written; a metric not listed is headed by its name. */
interface Column {
  readonly head: string;
  /** Fractions shown in percentage points, else counts with one decimal. */
  readonly points: boolean;
}

const COLUMNS: Partial<Record<SweepMetric, Column>> = {
  maxDeviation: { head: 'max dev pp', points: true },
  meanDeviation: { head: 'mean dev pp', points: true },
  clientsRemapped: { head: 'clients remapped', points: false },
  sessionsMoved: { head: 'sessions moved', points: false },
  unserved: { head: 'unserved', points: false },
  failed: { head: 'failed', points: false },
  blocked: { head: 'blocked', points: false },
};

/** A mean count with one decimal and `,` between groups of three digits. */
function formatMeanCount(n: number): string {
  const [whole, decimals] = Math.abs(n).toFixed(1).split('.') as [string, string];
  return `${n < 0 ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${decimals}`;
}

function cell(m: MetricInterval | null | undefined, points: boolean): string {
  if (m === null || m === undefined) return 'n/a';
  const f = points ? formatPercent : formatMeanCount;
  return `${f(m.mean)} ± ${f(m.halfWidth)}`;
}

/** The metric names of a sweep, in the order of its first valid row. */
function metricNames(result: SweepResult): SweepMetric[] {
  const row = result.rows.find((r) => r.invalid === undefined);
  return row === undefined ? [] : (Object.keys(row.metrics) as SweepMetric[]);
}

/** The seeds listed for people: all of up to 4, else the first two, an ellipsis and the last. */
function seedList(seeds: readonly string[]): string {
  const quoted = seeds.map((s) => JSON.stringify(s));
  return seeds.length <= 4
    ? quoted.join(', ')
    : `${quoted[0]}, ${quoted[1]}, ..., ${quoted.at(-1)}`;
}

/** The sweep as aligned text with a trailing newline. */
export function renderSweepTable(result: SweepResult): string {
  const names = metricNames(result);
  const header = ['algorithm', ...names.map((n) => COLUMNS[n]?.head ?? n)];
  const lines: string[][] = [header];
  const notes: string[] = [];
  for (const r of result.rows) {
    if (r.invalid !== undefined) {
      notes.push(`${r.algorithm}: not valid for this scenario: ${r.invalid}`);
      continue;
    }
    lines.push([r.algorithm, ...names.map((n) => cell(r.metrics[n], COLUMNS[n]?.points ?? false))]);
  }
  const runs = result.seeds.length;
  const out = alignColumns(lines, 'l' + 'r'.repeat(header.length - 1));
  out.push(
    '',
    `mean ± half-width of the ${result.confidence * 100}% interval over ${runs} seeds (Student t,`,
    `${runs - 1} degree${runs === 2 ? '' : 's'} of freedom, t = ${result.t.toFixed(3)}); seeds ${seedList(result.seeds)}.`,
    'max/mean dev: how far shares strayed from the weights (largest target; request-weighted',
    'total variation per listener or rule). clients remapped: clients of hashing or persistent',
    'listeners that landed on another target after an event.',
  );
  if (notes.length > 0) out.push('', ...notes);
  return `${out.join('\n')}\n`;
}

/**
 * The sweep as JSON with a trailing newline: `seeds`, `confidence`, `interval`, `t`, then `rows`,
 * each `{ algorithm, invalid?, <metric>: { mean, halfWidth, low, high } | null, ... }`.
 */
export function renderSweepJson(result: SweepResult): string {
  const rows = result.rows.map((r) => ({
    algorithm: r.algorithm,
    ...(r.invalid === undefined ? {} : { invalid: r.invalid }),
    ...r.metrics,
  }));
  const { seeds, confidence, interval, t } = result;
  return `${JSON.stringify({ seeds, confidence, interval, t, rows }, null, 2)}\n`;
}
