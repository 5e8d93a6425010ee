/**
 * The HTML page's share-over-time chart of one pool: per target, its share of the pool's requests
 * in each window (solid step line) against its expected share (dashed, from the pool's expected
 * steps); the pool's unserved and failed requests as a fraction of its arrivals (filled areas);
 * fail-open spans shaded; the events that concern the pool as labelled vertical lines.
 * Cost: O(steps × targets + expected steps × targets), at most {@link MAX_STEPS} steps.
 */
import { escapeHtml } from './escape-html.js';
import { describeTimedEvent, formatSpan, poolTitle } from './presentation.js';
import { c, CHART_WIDTH, niceScale, svg, tickLabel, truncate } from './svg.js';
import { secondTicks, panel } from './render-charts.js';
import type { EventReport, ExpectedStep, PoolWindowReport } from './types.js';
import type { PoolView, ReportView } from './view-model.js';

/** At most this many steps per line (about one per 2 px). */
const MAX_STEPS = 400;
const UNSERVED_COLOR = '#8a8f99';
const FAILED_COLOR = '#c62828';
const FAIL_OPEN_COLOR = '#fdecea';

interface Step {
  readonly fromSec: number;
  readonly toSec: number;
  readonly requests: ReadonlyMap<string, number>;
  readonly forwarded: number;
  readonly failed: number;
  readonly unserved: number;
}

/** Runs of `perStep` windows merged into one step each. */
function steps(windows: readonly PoolWindowReport[], perStep: number): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < windows.length; i += perStep) {
    const run = windows.slice(i, i + perStep);
    const requests = new Map<string, number>();
    let forwarded = 0;
    for (const w of run) {
      for (const [id, n] of Object.entries(w.requests)) {
        requests.set(id, (requests.get(id) ?? 0) + n);
        forwarded += n;
      }
    }
    out.push({
      fromSec: run[0]!.fromSec,
      toSec: run.at(-1)!.toSec,
      requests,
      forwarded,
      failed: run.reduce((n, w) => n + w.failed, 0),
      unserved: run.reduce((n, w) => n + w.unserved, 0),
    });
  }
  return out;
}

/** A pool whose chart would be one flat line at 100%: one target and nothing else happening. */
function isFlat(view: ReportView, pool: PoolView): boolean {
  return (
    new Set(pool.servers.map((s) => s.target)).size === 1 &&
    pool.unserved === 0 &&
    pool.servers.every((s) => s.failed === 0) &&
    pool.failOpen.length === 0 &&
    !view.report.events.some((e) => concernsPool(e, pool))
  );
}

/**
 * Whether an event concerns a pool: it names the pool's listener (and rule), or an instance behind
 * one of its targets, or neither (a security group, say: it may concern any pool).
 */
export function concernsPool(event: EventReport, pool: PoolView): boolean {
  const { listener, rule, instance } = event.params;
  if (typeof listener === 'string') {
    return listener === pool.listener && (typeof rule !== 'string' || rule === pool.rule);
  }
  if (typeof instance === 'string') return pool.servers.some((s) => s.instance === instance);
  return true;
}

/** The chart of one pool, in a panel with its legend; a note when there is nothing to draw. */
export function shareTimeChart(
  view: ReportView,
  pool: PoolView,
  colorOf: (id: string) => string,
): string {
  const windows = (pool.over?.windows ?? []).filter((w) => w.toSec > w.fromSec);
  const end = view.endSec;
  if (windows.length === 0 || !(end > 0)) return '<p class="muted">No time windows.</p>';
  const ids = pool.servers.map((s) => s.target);
  const drawn = steps(windows, Math.ceil(windows.length / MAX_STEPS));
  const expected = pool.over?.expected ?? [];
  if (isFlat(view, pool)) {
    return '<p class="muted">One target, nothing unserved or failed, no event: it took every request.</p>';
  }
  const left = 56;
  const right = 28;
  const top = 40;
  const height = 300;
  const plotWidth = CHART_WIDTH - left - right;
  const plotHeight = height - top - 30;
  const share = (s: Step, id: string): number =>
    s.forwarded > 0 ? (s.requests.get(id) ?? 0) / s.forwarded : 0;
  const arrivals = (s: Step): number => s.forwarded + s.unserved;
  let largest = 0;
  for (const s of drawn) for (const id of ids) largest = Math.max(largest, share(s, id));
  for (const e of expected) for (const v of Object.values(e.shares)) largest = Math.max(largest, v);
  for (const s of drawn) {
    const a = arrivals(s);
    if (a > 0) largest = Math.max(largest, s.unserved / a, s.failed / a);
  }
  const scale = niceScale(Math.min(100, largest * 100));
  const x = (sec: number): number => left + (Math.min(Math.max(sec, 0), end) / end) * plotWidth;
  const y = (fraction: number): number =>
    top + plotHeight - (Math.min(fraction * 100, scale.max) / scale.max) * plotHeight;

  const parts: string[] = failOpenBands(pool, x, top, plotHeight);
  for (const tick of scale.ticks) {
    parts.push(
      `<line class="grid" x1="${left}" y1="${c(y(tick / 100))}" x2="${left + plotWidth}" y2="${c(y(tick / 100))}"/>`,
      `<text class="axis" x="${left - 6}" y="${c(y(tick / 100) + 4)}" text-anchor="end">${tickLabel(tick)}%</text>`,
    );
  }
  parts.push(...secondTicks(end, x, top + plotHeight + 18));
  const area = (value: (s: Step) => number, color: string, label: string): void => {
    if (!drawn.some((s) => value(s) > 0)) return;
    const upper = drawn.flatMap((s) => {
      const a = arrivals(s);
      const v = a > 0 ? value(s) / a : 0;
      return [`${c(x(s.fromSec))},${c(y(v))}`, `${c(x(s.toSec))},${c(y(v))}`];
    });
    const base = `${c(x(drawn.at(-1)!.toSec))},${c(y(0))} ${c(x(drawn[0]!.fromSec))},${c(y(0))}`;
    parts.push(
      `<polygon points="${upper.join(' ')} ${base}" fill="${color}" fill-opacity="0.35">` +
        `<title>${escapeHtml(label)}</title></polygon>`,
    );
  };
  area((s) => s.unserved, UNSERVED_COLOR, 'unserved, as a share of the arrivals');
  area((s) => s.failed, FAILED_COLOR, 'failed forwards, as a share of the arrivals');
  for (const id of ids) {
    parts.push(
      ...targetLines(id, colorOf(id), drawn, expected, end, x, (st) => y(share(st, id)), y),
    );
  }
  parts.push(...eventLines(view, pool, x, top, top + plotHeight));
  parts.push(
    `<line stroke="#5d6675" x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}"/>`,
  );
  const legend: [string, string][] = ids.map((id) => [colorOf(id), escapeHtml(id)]);
  if (drawn.some((s) => s.unserved > 0)) legend.push([UNSERVED_COLOR, 'unserved']);
  if (drawn.some((s) => s.failed > 0)) legend.push([FAILED_COLOR, 'failed']);
  return panel('', svg(height, `share over time, ${poolTitle(pool)}`, parts), legend);
}

/** One target's share per window (solid) and its expected share (dashed). */
function targetLines(
  id: string,
  color: string,
  drawn: readonly Step[],
  expected: readonly ExpectedStep[],
  end: number,
  x: (sec: number) => number,
  shareY: (s: Step) => number,
  y: (fraction: number) => number,
): string[] {
  const out: string[] = [];
  const line = drawn.flatMap((s) => [
    `${c(x(s.fromSec))},${c(shareY(s))}`,
    `${c(x(s.toSec))},${c(shareY(s))}`,
  ]);
  const exp = expected.flatMap((e, k) => {
    const until = expected[k + 1]?.atSec ?? end;
    const v = e.shares[id] ?? 0;
    return [`${c(x(e.atSec))},${c(y(v))}`, `${c(x(until))},${c(y(v))}`];
  });
  if (exp.length > 0) {
    out.push(
      `<polyline class="expline" points="${exp.join(' ')}" stroke="${color}">` +
        `<title>${escapeHtml(`${id}: expected share`)}</title></polyline>`,
    );
  }
  out.push(
    `<polyline class="shareline" points="${line.join(' ')}" stroke="${color}">` +
      `<title>${escapeHtml(`${id}: share per window`)}</title></polyline>`,
  );
  return out;
}

/** A shaded band per fail-open span. */
function failOpenBands(
  pool: PoolView,
  x: (sec: number) => number,
  top: number,
  plotHeight: number,
): string[] {
  return pool.failOpen.flatMap((f) => [
    `<rect x="${c(x(f.fromSec))}" y="${top}" width="${c(x(f.toSec) - x(f.fromSec))}" height="${plotHeight}" fill="${FAIL_OPEN_COLOR}">` +
      `<title>${escapeHtml(`fail-open ${formatSpan(f.fromSec, f.toSec)}: every target abnormal, forwarding to all`)}</title></rect>`,
    `<text class="warn" x="${c(x(f.fromSec) + 4)}" y="${top + 14}">fail-open</text>`,
  ]);
}

/** A dashed vertical line per event of the pool, its label staggered over two rows. */
function eventLines(
  view: ReportView,
  pool: PoolView,
  x: (sec: number) => number,
  top: number,
  bottom: number,
): string[] {
  const events = view.report.events.filter((e) => concernsPool(e, pool));
  return events.flatMap((e, i) => {
    const ex = x(e.atSec);
    const full = escapeHtml(describeTimedEvent(e));
    const anchor = ex > CHART_WIDTH - 200 ? 'end' : 'start';
    const dx = anchor === 'end' ? -3 : 3;
    return [
      `<line class="ev" x1="${c(ex)}" y1="${top - 26 + (i % 2) * 14}" x2="${c(ex)}" y2="${bottom}"><title>${full}</title></line>`,
      `<text class="axis" x="${c(ex + dx)}" y="${top - 16 + (i % 2) * 14}" text-anchor="${anchor}">` +
        `<title>${full}</title>${escapeHtml(truncate(e.description, 300))}</text>`,
    ];
  });
}
