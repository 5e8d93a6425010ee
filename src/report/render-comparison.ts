/**
 * An algorithm comparison as text for people, or as JSON with a fixed key order (the same
 * scenario and seed give the same bytes). The table's columns are one typed list, each saying
 * when it applies: a column no row counts is left out, and a row it does not apply to shows
 * `n/a` (clients remapped under an algorithm that keeps no client anywhere, say). Fairness
 * columns are in percentage points.
 */
import { alignColumns, formatCount, formatPercent } from './presentation.js';
import {
  LATENCY_HEADER,
  LATENCY_NOTE,
  latencyCells,
  orderedService,
} from './latency-comparison.js';
import type { AlgorithmComparison } from './types.js';

/** Options of {@link renderComparisonTable}. */
export interface ComparisonTableOptions {
  /** Wall-clock milliseconds per algorithm, measured by the caller (the library keeps no time). */
  readonly runMs?: ReadonlyMap<string, number>;
}

/** One column of the comparison table. */
export interface ComparisonColumn {
  readonly header: string;
  /** What it means, for the note under the table (absent: the header says it all). */
  readonly note?: string;
  /** Whether the figure means something for this row (default: always). */
  readonly applies?: (row: AlgorithmComparison) => boolean;
  readonly cell: (row: AlgorithmComparison) => string;
}

/** The columns after `algorithm`, in order. */
export const COMPARISON_COLUMNS: readonly ComparisonColumn[] = [
  {
    header: 'max dev pp',
    note: 'max dev: the largest |share − expected share| of any target',
    cell: (r) => formatPercent(r.maxDeviation),
  },
  {
    header: 'mean dev pp',
    note: 'mean dev: the mean of |share − expected share| over the targets of each listener or rule, weighted by the requests it forwarded (never above max dev)',
    cell: (r) => formatPercent(r.meanDeviation),
  },
  {
    header: 'clients remapped',
    note: 'clients remapped: clients of hashing or persistent listeners that landed on another target after an event (n/a: nothing keeps clients on a target)',
    applies: (r) => r.remapsCounted,
    cell: (r) => formatCount(r.clientsRemapped),
  },
  {
    header: 'sessions moved',
    note: 'sessions moved: live sessions moved to another target by events (n/a: no session persistence)',
    applies: (r) => r.sessionsCounted,
    cell: (r) => formatCount(r.sessionsMoved),
  },
  { header: 'unserved', cell: (r) => formatCount(r.unserved) },
  { header: 'failed', cell: (r) => formatCount(r.failed) },
  { header: 'blocked', cell: (r) => formatCount(r.blocked) },
];

const NOT_APPLICABLE = 'n/a';

/** The comparison as aligned text with a trailing newline. */
export function renderComparisonTable(
  rows: readonly AlgorithmComparison[],
  options: ComparisonTableOptions = {},
): string {
  const runMs = options.runMs;
  const valid = rows.filter((r) => r.invalid === undefined);
  const columns = COMPARISON_COLUMNS.filter(
    (c) => c.applies === undefined || valid.some((r) => c.applies!(r)),
  );
  const header = ['algorithm', ...columns.map((c) => c.header)];
  const latency = rows.some((r) => r.service !== undefined);
  if (latency) header.push(...LATENCY_HEADER);
  if (runMs !== undefined) header.push('run ms');
  const lines: string[][] = [header];
  for (const r of valid) {
    const cells = [
      r.algorithm,
      ...columns.map((c) => (c.applies === undefined || c.applies(r) ? c.cell(r) : NOT_APPLICABLE)),
      ...(latency ? latencyCells(r) : []),
    ];
    const ms = runMs?.get(r.algorithm);
    if (runMs !== undefined) cells.push(ms === undefined ? '' : ms.toFixed(0));
    lines.push(cells);
  }
  const out = alignColumns(lines, 'l' + 'r'.repeat(header.length - 1));
  const notes = columns.flatMap((c) => (c.note === undefined ? [] : [c.note]));
  out.push('', ...notes);
  if (latency) out.push(...LATENCY_NOTE);
  const invalid = rows.filter((r) => r.invalid !== undefined);
  if (invalid.length > 0) {
    out.push(
      '',
      ...invalid.map((r) => `${r.algorithm}: not valid for this scenario: ${r.invalid}`),
    );
  }
  return `${out.join('\n')}\n`;
}

/** The comparison as JSON: an array of rows with keys in a fixed order, and a trailing newline. */
export function renderComparisonJson(rows: readonly AlgorithmComparison[]): string {
  const ordered = rows.map((r) => ({
    algorithm: r.algorithm,
    ...(r.invalid === undefined ? {} : { invalid: r.invalid }),
    maxDeviation: r.maxDeviation,
    meanDeviation: r.meanDeviation,
    clientsRemapped: r.clientsRemapped,
    sessionsMoved: r.sessionsMoved,
    unserved: r.unserved,
    failed: r.failed,
    blocked: r.blocked,
    remapsCounted: r.remapsCounted,
    sessionsCounted: r.sessionsCounted,
    ...(r.service === undefined ? {} : { service: orderedService(r.service) }),
  }));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
