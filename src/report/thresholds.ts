/**
 * Thresholds on a report, as k6 users know them: `maxDeviationPp>2,unserved>0.1%` lists the
 * conditions under which a run fails (`lbsim run --fail-on`), so a scenario can guard a change in
 * CI. The metrics are one table: adding one is one entry (name, what it measures, how it is read
 * from a report, whether it may be written as a percentage of the requests or per target).
 * Parsing is O(length of the text); checking is O(servers) per threshold.
 */
import { LbsimRangeError } from '../errors.js';
import { didYouMean } from '../did-you-mean.js';
import { deviations } from './deviations.js';
import type { LatencySummary } from './latency-types.js';
import type { Report, ServerReport } from './types.js';

/** How a metric is read from a report. */
interface Metric {
  /** What it measures, for help and messages. */
  readonly meaning: string;
  /** Its unit after a number (`pp`, or nothing for counts). */
  readonly unit: string;
  /** Its value over `servers` (every server, or those of one target) of `report`. */
  readonly of: (servers: readonly ServerReport[], report: Report) => number;
  /** May a limit be written `N%`, a percentage of the report's requests? */
  readonly percent: boolean;
  /** May it be written `metric[TARGET]`, over that target's servers only? */
  readonly perTarget: boolean;
}

const deviationPp = (s: ServerReport): number => Math.abs(s.share - s.expectedShare) * 100;
const sum = (servers: readonly ServerReport[], f: (s: ServerReport) => number): number =>
  servers.reduce((n, s) => n + f(s), 0);

/** Every metric a threshold may name. */
const METRICS = {
  maxDeviationPp: {
    meaning: 'largest |share − expected share| of any target, in percentage points',
    unit: 'pp',
    of: (servers) => servers.reduce((m, s) => Math.max(m, deviationPp(s)), 0),
    percent: false,
    perTarget: true,
  },
  meanDeviationPp: {
    meaning:
      'mean |share − expected share| of the targets of each listener or rule, weighted by its requests, in percentage points (as compare)',
    unit: 'pp',
    of: (_, report) => deviations(report).meanDeviation * 100,
    percent: false,
    perTarget: false,
  },
  requests: {
    meaning: 'requests forwarded (per target: to it)',
    unit: '',
    of: (servers, report) =>
      servers === report.servers ? report.requests : sum(servers, (s) => s.requests),
    percent: false,
    perTarget: true,
  },
  unserved: {
    meaning: 'requests for which nothing was eligible',
    unit: '',
    of: (_, report) => report.unserved,
    percent: true,
    perTarget: false,
  },
  failed: {
    meaning: 'requests forwarded to a down instance',
    unit: '',
    of: (servers) => sum(servers, (s) => s.failed),
    percent: true,
    perTarget: true,
  },
  blocked: {
    meaning: 'requests refused by security groups',
    unit: '',
    of: (servers) => sum(servers, (s) => s.blocked),
    percent: true,
    perTarget: true,
  },
  retries: {
    meaning: 'second forwards after a failed one',
    unit: '',
    of: (_, report) => report.retries,
    percent: true,
    perTarget: false,
  },
  ...latencyMetrics(),
  errors: serviceCount('errors', 'served requests that failed (service model)'),
  rejected: serviceCount('rejected', 'requests refused by a full queue (service model)'),
  timedOut: serviceCount('timedOut', 'requests whose client gave up (service model)'),
} as const satisfies Readonly<Record<string, Metric>>;

/** Latency percentiles over every response (0 without a service model). */
function latencyMetrics() {
  const latency = (q: keyof LatencySummary, meaning: string): Metric => ({
    meaning: `${meaning} over every response, in ms (0 without a service model)`,
    unit: 'ms',
    of: (_, report) => report.service?.latencyMs[q] ?? 0,
    percent: false,
    perTarget: false,
  });
  return {
    meanLatencyMs: latency('mean', 'mean latency'),
    p50LatencyMs: latency('p50', 'median latency'),
    p99LatencyMs: latency('p99', '99th percentile latency'),
    p999LatencyMs: latency('p999', '99.9th percentile latency'),
  };
}

/** A count of the service model's outcomes (0 without one). */
function serviceCount(field: 'errors' | 'rejected' | 'timedOut', meaning: string): Metric {
  return {
    meaning,
    unit: '',
    of: (_, report) => report.service?.[field] ?? 0,
    percent: true,
    perTarget: false,
  };
}

/** A metric's name. */
export type MetricName = keyof typeof METRICS;
/** Every metric's name, in table order. */
export const METRIC_NAMES = Object.keys(METRICS) as readonly MetricName[];

/** A comparison a threshold makes. */
type Operator = '>=' | '<=' | '>' | '<';

/** One parsed threshold: the run fails when `metric operator limit` holds. */
export interface Threshold {
  /** As written, trimmed. */
  readonly text: string;
  readonly metric: MetricName;
  /** The target id of `metric[TARGET]`, else undefined. */
  readonly target?: string | undefined;
  readonly operator: Operator;
  readonly limit: number;
  /** The limit was written `N%`: compared with 100 × value / requests. */
  readonly percent: boolean;
}

/** A threshold that held (the run fails), with the value it saw. */
export interface Breach {
  readonly threshold: Threshold;
  /** The metric's value, in the threshold's terms (a percentage when it was written `N%`). */
  readonly actual: number;
  /** The metric's raw value (a count, when the threshold was a percentage). */
  readonly value: number;
}

const FORM =
  /^([A-Za-z][A-Za-z0-9]*)(?:\[([^\]]+)\])?\s*(>=|<=|>|<)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(%?)$/;

/**
 * Parses `maxDeviationPp>2,unserved>0.1%`. Throws `LbsimRangeError` (`ERR_THRESHOLD`) naming every
 * malformed part, with "did you mean" for a misspelt metric.
 */
export function parseThresholds(text: string): Threshold[] {
  const problems: string[] = [];
  const out: Threshold[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const problem = parseOne(part, out);
    if (problem !== null) problems.push(`${JSON.stringify(part)}: ${problem}`);
  }
  if (problems.length > 0) throw new LbsimRangeError('ERR_THRESHOLD', problems.join('; '));
  return out;
}

function parseOne(part: string, out: Threshold[]): string | null {
  if (part === '') return 'empty threshold (write METRIC>N, separated by commas)';
  const m = FORM.exec(part);
  if (m === null) {
    return `expected METRIC>N, METRIC>=N, METRIC<N or METRIC<=N (N% for a share of the requests)`;
  }
  const [, name, target, operator, number, percent] = m;
  if (!Object.hasOwn(METRICS, name!)) {
    return `unknown metric ${JSON.stringify(name)}${didYouMean(name!, METRIC_NAMES)}; the metrics are ${METRIC_NAMES.join(', ')}`;
  }
  const metric = METRICS[name as MetricName];
  const limit = Number(number);
  if (number!.trim() === '' || !Number.isFinite(limit))
    return `the limit must be a number (got ${JSON.stringify(number)})`;
  if (percent === '%' && !metric.percent)
    return `${name} cannot be a percentage (it is in ${metric.unit === '' ? 'requests' : metric.unit})`;
  if (target !== undefined && !metric.perTarget)
    return `${name} is report-wide: it has no per-target form`;
  out.push({
    text: part,
    metric: name as MetricName,
    target: target?.trim(),
    operator: operator as Operator,
    limit,
    percent: percent === '%',
  });
  return null;
}

/**
 * The thresholds that hold on `report` (those that fail the run), in the order given. Throws
 * `LbsimRangeError` (`ERR_THRESHOLD`) when `metric[TARGET]` names a target the report does not have.
 */
export function checkThresholds(report: Report, thresholds: readonly Threshold[]): Breach[] {
  const breaches: Breach[] = [];
  for (const t of thresholds) {
    const metric: Metric = METRICS[t.metric];
    let servers = report.servers;
    if (t.target !== undefined) {
      servers = report.servers.filter((s) => s.target === t.target);
      if (servers.length === 0) {
        const ids = new Set(report.servers.map((s) => s.target));
        throw new LbsimRangeError(
          'ERR_THRESHOLD',
          `${JSON.stringify(t.text)}: the report has no target ${JSON.stringify(t.target)}${didYouMean(t.target, ids)}`,
        );
      }
    }
    const value = metric.of(servers, report);
    const actual = t.percent
      ? report.requests === 0
        ? 0
        : (100 * value) / report.requests
      : value;
    if (holds(actual, t.operator, t.limit)) breaches.push({ threshold: t, actual, value });
  }
  return breaches;
}

function holds(actual: number, operator: Operator, limit: number): boolean {
  switch (operator) {
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
  }
}

/** One line per breach: `maxDeviationPp > 2: actual 3.41 pp`. */
export function formatBreach(breach: Breach, report: Report): string {
  const t = breach.threshold;
  const metric = METRICS[t.metric];
  const name = t.target === undefined ? t.metric : `${t.metric}[${t.target}]`;
  const limit = `${t.limit}${t.percent ? '%' : metric.unit === '' ? '' : ` ${metric.unit}`}`;
  const actual = t.percent
    ? `${round(breach.actual)}% (${breach.value} of ${report.requests} requests)`
    : `${round(breach.actual)}${metric.unit === '' ? '' : ` ${metric.unit}`}`;
  return `threshold breached: ${name} ${t.operator} ${limit} (actual ${actual})`;
}

/** Four significant digits, without trailing zeros: `10`, `28.93`, `0.5212`. */
function round(n: number): string {
  return String(Number(n.toPrecision(4)));
}

/** Every metric report-wide, in table order (for `lbsim diff`). */
export function reportMetrics(report: Report): { name: MetricName; value: number; unit: string }[] {
  return METRIC_NAMES.map((name) => ({
    name,
    value: METRICS[name].of(report.servers, report),
    unit: METRICS[name].unit,
  }));
}
