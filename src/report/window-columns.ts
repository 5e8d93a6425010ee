/**
 * Report windows kept as columns: per target id one typed array of counts indexed by window, and
 * the windows' bounds once. A report built by `simulate` holds its `windows` (and each pool's
 * `windows`) this way, behind a property that builds the objects of `types.ts` on first read; the
 * JSON writer and the derived views read the columns and never build them. So a report's windows
 * cost 4–8 bytes a counter until someone asks for the objects (then about 250 bytes a counter).
 *
 * Cost: building the objects O(windows × ids), once; everything else here O(1) or O(ids).
 * Deterministic: the objects equal, key for key and in key order, what was built eagerly before.
 */
import type { PoolWindowReport, Report, WindowReport } from './types.js';

/** Where each window starts and ends, in seconds (the same for every pool of a run). */
export interface WindowBounds {
  readonly fromSec: Float64Array;
  readonly toSec: Float64Array;
}

/** Counts keyed by target id: `counts[i][w]` is target `ids[i]`'s count in window `w`. */
export interface WindowColumns {
  readonly bounds: WindowBounds;
  /** Distinct target ids, in the key order of the objects' `requests`. */
  readonly ids: readonly string[];
  readonly counts: readonly ArrayLike<number>[];
}

/** One pool's windows: its targets' forwards, and its failed and unserved requests per window. */
export interface PoolWindowColumns extends WindowColumns {
  readonly failed: ArrayLike<number>;
  readonly unserved: ArrayLike<number>;
}

const REPORT_COLUMNS = new WeakMap<object, WindowColumns>();
const POOL_COLUMNS = new WeakMap<object, PoolWindowColumns>();

/** The columns behind `report.windows`, while its objects have not been built. */
export function reportWindowColumns(report: Report): WindowColumns | undefined {
  return REPORT_COLUMNS.get(report);
}

/** The columns behind `pool.windows`, while its objects have not been built. */
export function poolWindowColumns(pool: object): PoolWindowColumns | undefined {
  return POOL_COLUMNS.get(pool);
}

/** Makes `report.windows` read from `columns`, building its objects on first read. */
export function attachReportWindows(report: object, columns: WindowColumns): void {
  lazyWindows(report, REPORT_COLUMNS, columns, reportObjects);
}

/** Makes `pool.windows` read from `columns`, building its objects on first read. */
export function attachPoolWindows(pool: object, columns: PoolWindowColumns): void {
  lazyWindows(pool, POOL_COLUMNS, columns, poolObjects);
}

/** The target ids that appear in a report's windows (each once), without building them. */
export function windowTargetIds(report: Report): Iterable<string> {
  const columns = REPORT_COLUMNS.get(report);
  if (columns !== undefined) return columns.ids;
  const ids = new Set<string>();
  for (const window of report.windows) for (const id of Object.keys(window.requests)) ids.add(id);
  return ids;
}

/** The latest window end of a report, or `start` if later, without building the windows. */
export function windowsEndSec(report: Report, start: number): number {
  let end = start;
  const columns = REPORT_COLUMNS.get(report);
  if (columns === undefined) for (const w of report.windows) end = Math.max(end, w.toSec);
  else for (const toSec of columns.bounds.toSec) end = Math.max(end, toSec);
  return end;
}

/**
 * Defines `owner.windows` as a property that builds the objects on first read (or takes what is
 * assigned) and from then on is a plain data property holding them; until then `registry` maps
 * the owner to its columns.
 */
function lazyWindows<C>(
  owner: object,
  registry: WeakMap<object, C>,
  columns: C,
  build: (columns: C) => unknown,
): void {
  let value: unknown;
  let settled = false;
  const settle = (v: unknown): void => {
    registry.delete(owner);
    value = v;
    settled = true;
    // A frozen owner keeps the accessor, which returns the cached value.
    if (Object.getOwnPropertyDescriptor(owner, 'windows')?.configurable === true) {
      Object.defineProperty(owner, 'windows', {
        value: v,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  };
  registry.set(owner, columns);
  Object.defineProperty(owner, 'windows', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!settled) settle(build(columns));
      return value;
    },
    set: settle,
  });
}

/** `requests` of window `w`: every id, in column order. */
function requestsAt(columns: WindowColumns, w: number): Record<string, number> {
  const requests: Record<string, number> = {};
  const { ids, counts } = columns;
  for (let i = 0; i < ids.length; i++) requests[ids[i]!] = counts[i]![w]!;
  return requests;
}

function reportObjects(columns: WindowColumns): WindowReport[] {
  const { fromSec, toSec } = columns.bounds;
  const out: WindowReport[] = [];
  for (let w = 0; w < fromSec.length; w++) {
    out.push({ fromSec: fromSec[w]!, toSec: toSec[w]!, requests: requestsAt(columns, w) });
  }
  return out;
}

function poolObjects(columns: PoolWindowColumns): PoolWindowReport[] {
  const { fromSec, toSec } = columns.bounds;
  const out: PoolWindowReport[] = [];
  for (let w = 0; w < fromSec.length; w++) {
    out.push({
      fromSec: fromSec[w]!,
      toSec: toSec[w]!,
      requests: requestsAt(columns, w),
      failed: columns.failed[w]!,
      unserved: columns.unserved[w]!,
    });
  }
  return out;
}
