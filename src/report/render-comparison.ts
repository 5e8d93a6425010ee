/**
 * An algorithm comparison as text for people, or as JSON with a fixed key order (the same
 * scenario and seed give the same bytes). Fairness columns are in percentage points.
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

const HEADER = [
  'algorithm',
  'max dev pp',
  'mean dev pp',
  'clients remapped',
  'sessions moved',
  'unserved',
  'failed',
  'blocked',
];

/** The comparison as aligned text with a trailing newline. */
export function renderComparisonTable(
  rows: readonly AlgorithmComparison[],
  options: ComparisonTableOptions = {},
): string {
  const runMs = options.runMs;
  const latency = rows.some((r) => r.service !== undefined);
  const header = [
    ...HEADER,
    ...(latency ? LATENCY_HEADER : []),
    ...(runMs === undefined ? [] : ['run ms']),
  ];
  const lines: string[][] = [header];
  const notes: string[] = [];
  for (const r of rows) {
    if (r.invalid !== undefined) {
      notes.push(`${r.algorithm}: not valid for this scenario: ${r.invalid}`);
      continue;
    }
    const cells = [
      r.algorithm,
      formatPercent(r.maxDeviation),
      formatPercent(r.meanDeviation),
      formatCount(r.clientsRemapped),
      formatCount(r.sessionsMoved),
      formatCount(r.unserved),
      formatCount(r.failed),
      formatCount(r.blocked),
      ...(latency ? latencyCells(r) : []),
    ];
    const ms = runMs?.get(r.algorithm);
    if (runMs !== undefined) cells.push(ms === undefined ? '' : ms.toFixed(0));
    lines.push(cells);
  }
  const out = alignColumns(lines, 'l' + 'r'.repeat(header.length - 1));
  out.push(
    '',
    'max/mean dev: how far shares strayed from the weights (largest target; request-weighted',
    'total variation per listener or rule). clients remapped: clients of hashing or persistent',
    'listeners that landed on another target after an event.',
  );
  if (latency) out.push(...LATENCY_NOTE);
  if (notes.length > 0) out.push('', ...notes);
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
    ...(r.service === undefined ? {} : { service: orderedService(r.service) }),
  }));
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
