/**
 * `benchPickers(options)`: how fast each picker picks and how closely it follows the weights, at
 * several target counts, measured with tinybench in this process (the clock is tinybench's own,
 * or `options.now`). Each timed call makes 1024 picks over a precomputed stream of 65,536 hashed
 * keys; the floor is a lookup in a typed array over the same stream, measured again beside each
 * case, so `floorRatio` says what a picker costs beyond reading its key and a table. Connection-counting pickers run in a steady
 * state (each pick opens a connection and closes one opened earlier, about 8 open per target).
 *
 * One process shares V8's optimised code between cases, which can skew comparisons by a few per
 * cent; `npm run bench` in the repository runs each case in its own process.
 */
import { Bench, type NowFn } from 'tinybench';
import {
  ALGORITHMS,
  describeAlgorithm,
  type Algorithm,
  type PickerOptions,
} from '../balancer/algorithms.js';
import { createPicker } from '../balancer/create-picker.js';
import type { PickerTarget } from '../balancer/picker.js';
import { mix32 } from '../hash/mix32.js';
import { createRng } from '../random/rng.js';

/** What the benchmark needs of a picker: `pick`, and connection counts when it keeps them. */
export interface BenchPicker {
  pick(hash: number): number;
  connectionOpened?(index: number): void;
  connectionClosed?(index: number): void;
}

/** A user's picker factory, called as `createPicker` is: `(targets, options) => picker`. */
export type PickerFactory = (
  targets: readonly PickerTarget[],
  options: PickerOptions,
) => BenchPicker;

/** Options of {@link benchPickers}. */
export interface BenchPickersOptions {
  /**
   * lbsim's algorithms to measure.
   * @defaultValue every algorithm of `ALGORITHMS`
   */
  readonly algorithms?: readonly Algorithm[] | undefined;
  /**
   * Other pickers to measure beside them, by the name the rows carry.
   * @defaultValue none
   */
  readonly pickers?: Readonly<Record<string, PickerFactory>> | undefined;
  /**
   * Target counts (weights 1..100 drawn from a generator seeded with the count).
   * @defaultValue [10, 100, 1000]
   */
  readonly targets?: readonly number[] | undefined;
  /**
   * Measuring time per case, in milliseconds (after a warm-up of a quarter of it).
   * @defaultValue 300
   */
  readonly timeMs?: number | undefined;
  /**
   * Picks counted (untimed, over fresh keys) to measure each picker's share error.
   * @defaultValue 262144
   */
  readonly sharePicks?: number | undefined;
  /**
   * The clock tinybench reads, in milliseconds.
   * @defaultValue tinybench's own (`performance.now`, or `process.hrtime` where faster)
   */
  readonly now?: NowFn | undefined;
}

/** One case: a picker (or the floor) at one target count. */
export interface BenchRow {
  /** The algorithm's name, a user picker's name, or `floor`. */
  readonly algorithm: string;
  readonly targets: number;
  /** Mean time per pick, in nanoseconds. */
  readonly nsPerPick: number;
  /** `nsPerPick` over the floor's, measured just before it (the floor row: their mean). */
  readonly floorRatio: number;
  /** Largest |observed share − weight share| over the targets (0..1; 0 for the floor). */
  readonly shareError: number;
  /** tinybench's relative margin of error of the mean, in per cent. */
  readonly rme: number;
  /** The 99th percentile of the time per pick, in nanoseconds. */
  readonly p99NsPerPick: number;
}

/** Picks per timed call. */
const BATCH = 1024;
/** Keys in the precomputed stream (a power of two). */
const KEYS = 1 << 16;

/** Default target counts of {@link benchPickers}. */
export const DEFAULT_BENCH_TARGETS: readonly number[] = [10, 100, 1000];

interface Resolved {
  readonly cases: readonly {
    readonly name: string;
    readonly create: PickerFactory;
    readonly counts: boolean;
  }[];
  readonly targets: readonly number[];
  readonly timeMs: number;
  readonly sharePicks: number;
  readonly now: NowFn | undefined;
}

function resolve(options: BenchPickersOptions): Resolved {
  const algorithms = options.algorithms ?? ALGORITHMS;
  for (const a of algorithms) {
    if (!(ALGORITHMS as readonly string[]).includes(a)) {
      throw new RangeError(
        `benchPickers: algorithms must be among ${ALGORITHMS.join(', ')}, got ${JSON.stringify(a)}`,
      );
    }
  }
  const targets = options.targets ?? DEFAULT_BENCH_TARGETS;
  for (const n of targets) {
    if (!Number.isInteger(n) || n < 1 || n > 10_000) {
      throw new RangeError(`benchPickers: targets must be integers in 1..10000, got ${String(n)}`);
    }
  }
  const timeMs = options.timeMs ?? 300;
  if (!(timeMs > 0) || !Number.isFinite(timeMs)) {
    throw new RangeError(`benchPickers: timeMs must be a finite number > 0, got ${String(timeMs)}`);
  }
  const sharePicks = options.sharePicks ?? 1 << 18;
  if (!Number.isInteger(sharePicks) || sharePicks < 1) {
    throw new RangeError(
      `benchPickers: sharePicks must be an integer >= 1, got ${String(sharePicks)}`,
    );
  }
  const custom = Object.entries(options.pickers ?? {});
  for (const [name, create] of custom) {
    if (typeof create !== 'function') {
      throw new TypeError(
        `benchPickers: pickers.${name} must be a factory function, got ${typeof create}`,
      );
    }
    if (name === 'floor' || (ALGORITHMS as readonly string[]).includes(name)) {
      throw new RangeError(
        `benchPickers: picker name ${JSON.stringify(name)} is taken by a built-in case`,
      );
    }
  }
  return {
    cases: [
      ...algorithms.map((a) => ({
        name: a,
        create: (ts: readonly PickerTarget[], o: PickerOptions) => createPicker(a, ts, o),
        counts: describeAlgorithm(a).countsConnections,
      })),
      ...custom.map(([name, create]) => ({ name, create, counts: true })),
    ],
    targets,
    timeMs,
    sharePicks,
    now: options.now,
  };
}

/** The target list of a given size: ids `10.0.x.y:80`, weights 1..100 from a seeded generator. */
export function benchTargets(n: number): PickerTarget[] {
  const rng = createRng(`weights-${n}`);
  return Array.from({ length: n }, (_, i) => ({
    id: `10.0.${i >> 8}.${i & 255}:80`,
    weight: 1 + Math.floor(rng.next() * 100),
  }));
}

/** `pick(i)`: the i-th pick of the stream; opens and closes connections when the picker counts them. */
function stepper(
  picker: BenchPicker,
  n: number,
  counts: boolean,
  hashes: Uint32Array,
): (i: number) => number {
  const opened = picker.connectionOpened?.bind(picker);
  const closed = picker.connectionClosed?.bind(picker);
  if (!counts || opened === undefined || closed === undefined) {
    return (i) => picker.pick(hashes[i]!);
  }
  const open = new Int32Array(2 ** Math.ceil(Math.log2(8 * n))).fill(-1);
  const mask = open.length - 1;
  return (i) => {
    const j = i & mask;
    if (open[j]! >= 0) closed(open[j]!);
    const t = picker.pick(hashes[i]!);
    if (t >= 0) opened(t);
    open[j] = t;
    return t;
  };
}

function shareError(
  pick: (i: number) => number,
  hashes: Uint32Array,
  targets: readonly PickerTarget[],
  picks: number,
  name: string,
): number {
  const counts = new Float64Array(targets.length);
  for (let i = 0; i < picks; i++) {
    // Fresh keys: the stream's slot is refilled with the hash of the pick number.
    hashes[i & (KEYS - 1)] = mix32(i + KEYS);
    const t = pick(i & (KEYS - 1));
    if (!(t >= 0 && t < targets.length)) {
      throw new RangeError(
        `benchPickers: ${name} picked ${String(t)}, not an index in 0..${targets.length - 1}`,
      );
    }
    counts[t]!++;
  }
  const total = targets.reduce((s, t) => s + t.weight, 0);
  let worst = 0;
  targets.forEach((t, i) => {
    worst = Math.max(worst, Math.abs(counts[i]! / picks - t.weight / total));
  });
  return worst;
}

/** One timed call: BATCH picks from `base` on. Every case runs through this one call site. */
function batch(pick: (i: number) => number, base: number): number {
  let acc = 0;
  for (let k = 0; k < BATCH; k++) acc += pick((base + k) & (KEYS - 1));
  return acc;
}

/**
 * V8 inlines a call site while it has seen one or two functions, and stops once it has seen
 * many. Showing `batch` several functions first puts every case, the first floor included, in
 * the same (megamorphic) state, so the floor ratio compares like with like.
 */
function primeBatch(): number {
  const shapes = [
    (i: number) => i,
    (i: number) => i + 1,
    (i: number) => i ^ 1,
    (i: number) => i & 1,
    (i: number) => i >> 1,
  ];
  let acc = 0;
  for (let round = 0; round < 3; round++) for (const f of shapes) acc += batch(f, round);
  return acc;
}

async function measure(
  name: string,
  pick: (i: number) => number,
  resolved: Resolved,
  share: number,
): Promise<{ nsPerPick: number; rme: number; p99NsPerPick: number }> {
  let cursor = 0;
  let sink = 0;
  const bench = new Bench({
    time: resolved.timeMs * share,
    warmupTime: (resolved.timeMs * share) / 4,
    ...(resolved.now === undefined ? {} : { now: resolved.now }),
  });
  bench.add(name, () => {
    sink ^= batch(pick, cursor);
    cursor = (cursor + BATCH) & (KEYS - 1);
  });
  await bench.run();
  const result = bench.tasks[0]!.result;
  if (result.state === 'errored') throw result.error;
  if (!('latency' in result))
    throw new Error(`benchPickers: ${name} did not complete (${result.state})`);
  // Keeps the picks observable so the loop is not optimised away.
  if (sink === 0.5) throw new Error('unreachable');
  return {
    nsPerPick: (result.latency.mean * 1e6) / BATCH,
    rme: result.latency.rme,
    p99NsPerPick: (result.latency.p99 * 1e6) / BATCH,
  };
}

/**
 * Measures each picker at each target count, beside a floor: rows in the order target count,
 * then `floor`, then the algorithms, then the user's pickers.
 * @throws RangeError or TypeError for bad options; a picker's own error when building or picking
 *   fails; a RangeError when a picker returns something other than a target index
 */
export async function benchPickers(options: BenchPickersOptions = {}): Promise<BenchRow[]> {
  const resolved = resolve(options);
  primeBatch();
  const hashes = new Uint32Array(KEYS);
  const rows: BenchRow[] = [];
  for (const n of resolved.targets) {
    const targets = benchTargets(n);
    for (let i = 0; i < KEYS; i++) hashes[i] = mix32(i);
    const table = new Uint16Array(KEYS);
    for (let i = 0; i < KEYS; i++) table[i] = i % n;
    const floorPick = (i: number) => table[hashes[i]! >>> 16]!;
    // The floor is measured again beside each case (half the time), in the same state of the
    // process, and each ratio uses its neighbour: the first measurement in a process runs
    // faster than later ones, which would flatter whichever case came first.
    const floors = [await measure('floor', floorPick, resolved, 1)];
    const caseRows: BenchRow[] = [];
    for (const c of resolved.cases) {
      const picker = c.create(targets, { rng: createRng('bench') });
      const pick = stepper(picker, n, c.counts, hashes);
      const error = shareError(pick, hashes, targets, resolved.sharePicks, c.name);
      for (let i = 0; i < KEYS; i++) hashes[i] = mix32(i);
      const floor = await measure('floor', floorPick, resolved, 0.5);
      floors.push(floor);
      const timing = await measure(c.name, pick, resolved, 1);
      caseRows.push({
        algorithm: c.name,
        targets: n,
        ...timing,
        floorRatio: timing.nsPerPick / floor.nsPerPick,
        shareError: error,
      });
    }
    const mean = (key: 'nsPerPick' | 'rme' | 'p99NsPerPick') =>
      floors.reduce((s, f) => s + f[key], 0) / floors.length;
    rows.push(
      {
        algorithm: 'floor',
        targets: n,
        nsPerPick: mean('nsPerPick'),
        rme: mean('rme'),
        p99NsPerPick: mean('p99NsPerPick'),
        floorRatio: 1,
        shareError: 0,
      },
      ...caseRows,
    );
  }
  return rows;
}
