/**
 * Two reports side by side (`lbsim diff A.json B.json`), for "before and after my change": per
 * target (matched by listener, rule and target id) its share, expected share and deviation in
 * each, the change of share in percentage points, requests, and p99 latency when a report has
 * it; then every report-wide metric of the threshold table with its change. A target present in
 * one report only shows `-` on the other side. O(servers) with a map; output order: A's targets
 * in A's order, then B's new ones.
 */
import { alignColumns, formatCount, formatPercent, formatPoints } from './presentation.js';
import { roundShare } from './shares.js';
import { reportMetrics } from './thresholds.js';
import type { Report, ServerReport } from './types.js';

/** A server as a report file may carry it: latency only when the backends served (optional). */
type DiffServer = ServerReport & { readonly latencyMs?: { readonly p99?: number } };

/** One target in both reports (either side null when absent there). */
export interface TargetDiff {
  readonly listener: string;
  readonly rule?: string | undefined;
  readonly target: string;
  readonly a: TargetSide | null;
  readonly b: TargetSide | null;
}

/** One side of a target's row. */
export interface TargetSide {
  readonly requests: number;
  readonly share: number;
  readonly expectedShare: number;
  /** share − expectedShare. */
  readonly deviation: number;
  readonly p99LatencyMs?: number | undefined;
}

/** A report-wide metric in both reports. */
export interface MetricDiff {
  readonly metric: string;
  readonly unit: string;
  readonly a: number;
  readonly b: number;
}

/** The whole difference. */
export interface ReportDiff {
  readonly targets: readonly TargetDiff[];
  readonly metrics: readonly MetricDiff[];
}

function side(s: DiffServer): TargetSide {
  const p99 = s.latencyMs?.p99;
  return {
    requests: s.requests,
    share: s.share,
    expectedShare: s.expectedShare,
    deviation: roundShare(s.share - s.expectedShare),
    ...(typeof p99 === 'number' ? { p99LatencyMs: p99 } : {}),
  };
}

function key(s: ServerReport): string {
  return JSON.stringify([s.listener, s.rule ?? null, s.target]);
}

/** Compares report `a` (before) with `b` (after). */
export function diffReports(a: Report, b: Report): ReportDiff {
  const rows = new Map<
    string,
    {
      listener: string;
      rule?: string | undefined;
      target: string;
      a: TargetSide | null;
      b: TargetSide | null;
    }
  >();
  for (const s of a.servers as readonly DiffServer[]) {
    rows.set(key(s), { listener: s.listener, rule: s.rule, target: s.target, a: side(s), b: null });
  }
  for (const s of b.servers as readonly DiffServer[]) {
    const row = rows.get(key(s));
    if (row === undefined)
      rows.set(key(s), {
        listener: s.listener,
        rule: s.rule,
        target: s.target,
        a: null,
        b: side(s),
      });
    else row.b = side(s);
  }
  const before = reportMetrics(a);
  const after = reportMetrics(b);
  return {
    targets: [...rows.values()],
    metrics: before.map((m, i) => ({
      metric: m.name,
      unit: m.unit,
      a: m.value,
      b: after[i]!.value,
    })),
  };
}

const DASH = '-';

/** The difference as aligned text, with a trailing newline. */
export function renderDiffTable(diff: ReportDiff, names: { a: string; b: string }): string {
  const latency = diff.targets.some(
    (t) => t.a?.p99LatencyMs !== undefined || t.b?.p99LatencyMs !== undefined,
  );
  const head = [
    'pool',
    'target',
    'share A %',
    'share B %',
    'Δ pp',
    'expected A %',
    'expected B %',
    'dev A pp',
    'dev B pp',
    'requests A',
    'requests B',
  ];
  if (latency) head.push('p99 A ms', 'p99 B ms');
  const rows: string[][] = [head];
  for (const t of diff.targets) {
    const cell = (s: TargetSide | null, f: (x: TargetSide) => string) => (s === null ? DASH : f(s));
    const row = [
      t.rule === undefined ? t.listener : `${t.listener} ${t.rule}`,
      t.target,
      cell(t.a, (x) => formatPercent(x.share)),
      cell(t.b, (x) => formatPercent(x.share)),
      t.a === null || t.b === null ? DASH : formatPoints(t.b.share - t.a.share),
      cell(t.a, (x) => formatPercent(x.expectedShare)),
      cell(t.b, (x) => formatPercent(x.expectedShare)),
      cell(t.a, (x) => formatPoints(x.deviation)),
      cell(t.b, (x) => formatPoints(x.deviation)),
      cell(t.a, (x) => formatCount(x.requests)),
      cell(t.b, (x) => formatCount(x.requests)),
    ];
    if (latency) {
      row.push(
        cell(t.a, (x) => formatMs(x.p99LatencyMs)),
        cell(t.b, (x) => formatMs(x.p99LatencyMs)),
      );
    }
    rows.push(row);
  }
  const metricRows = [['metric', 'A', 'B', 'change']];
  for (const m of diff.metrics) {
    metricRows.push([
      `${m.metric}${m.unit === '' ? '' : ` (${m.unit})`}`,
      formatMetric(m.a),
      formatMetric(m.b),
      formatChange(m.b - m.a),
    ]);
  }
  return [
    `A: ${names.a}`,
    `B: ${names.b}`,
    '',
    ...alignColumns(rows, 'll' + 'r'.repeat(head.length - 2)),
    '',
    ...alignColumns(metricRows, 'lrrr'),
    '',
  ].join('\n');
}

/** The difference as JSON (fixed key order), with a trailing newline. */
export function renderDiffJson(diff: ReportDiff, names: { a: string; b: string }): string {
  return `${JSON.stringify({ a: names.a, b: names.b, targets: diff.targets, metrics: diff.metrics }, null, 2)}\n`;
}

function formatMs(ms: number | undefined): string {
  return ms === undefined ? DASH : ms.toFixed(1);
}

function formatMetric(n: number): string {
  return Number.isInteger(n) ? formatCount(n) : n.toFixed(2);
}

function formatChange(n: number): string {
  const text = formatMetric(Math.abs(n));
  if (/^[0.]+$/.test(text)) return '0';
  return `${n < 0 ? '-' : '+'}${text}`;
}
