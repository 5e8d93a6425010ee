/**
 * Cost of one weight change under the consistent-hashing pickers:
 * `npx tsx bench/update.bench.ts [--baseline <git revision>] [--sizes 10,100,1000]
 * [--algorithms maglev,ring-hash] [--passes 5] [--churn]`. At each size (targets with weights
 * 1..100, ids as the pool gives them: "0", "1", ...), every timed call changes one random target's
 * weight to another random weight and updates the picker (`update`), against, in the same process:
 * - `undo`: an update back to the list before the last change, which is made untimed before each
 *   call (a target recovering, a weight restored);
 * - `rebuild`: a fresh picker over the same list (the full build);
 * - `baseline`: the same picker class as it was at the given git revision (default: the commit
 *   before incremental updates), whose `update` rebuilt everything. Its source is taken with
 *   `git show` into a temporary directory and imported from there, its imports pointed at `src/`.
 *
 * The modes take turns: `--passes` short tinybench runs, each in a rotated order, their samples
 * pooled. Prints a Markdown table: milliseconds per weight change, median with the interquartile
 * range, and the median's ratio to the baseline's. CPU time would hide nothing here (no I/O, one
 * thread), so tinybench's wall-clock latencies are reported; the machine's load shows in the
 * spread. `--churn` adds, up to 100 targets, what a Maglev weight change moves (`maglev-churn.ts`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { MaglevPicker } from '../src/balancer/maglev.js';
import { flag } from './flags.js';
import { maglevChurn } from './maglev-churn.js';
import type { Picker, PickerTarget } from '../src/balancer/picker.js';
import { RingHashPicker } from '../src/balancer/ring-hash.js';
import { createRng, type Rng } from '../src/random/rng.js';

const option = (name: string, fallback: string): string => flag(name) ?? fallback;
/** The last commit whose pickers rebuilt everything on `update`. */
const baselineRev = option('--baseline', '0f72d40');
const sizes = option('--sizes', '10,100,1000').split(',').map(Number);
const algorithms = option('--algorithms', 'maglev,ring-hash').split(',');
const passes = Math.max(1, Number(option('--passes', '5')));
/** Also print, per size, how much of Maglev's table and fill a weight change moves. */
const churn = process.argv.slice(2).includes('--churn');

type PickerClass = new (targets: readonly PickerTarget[]) => Picker;
const root = fileURLToPath(new URL('..', import.meta.url));

/** The picker classes as they were at `rev`, or null when git cannot show them. */
async function loadBaseline(rev: string): Promise<Record<string, PickerClass> | null> {
  const dir = mkdtempSync(join(tmpdir(), 'lbsim-baseline-'));
  try {
    const classes: Record<string, PickerClass> = {};
    for (const [name, file, exported] of [
      ['maglev', 'maglev.ts', 'MaglevPicker'],
      ['ring-hash', 'ring-hash.ts', 'RingHashPicker'],
    ] as const) {
      if (!algorithms.includes(name)) continue;
      const source = execFileSync('git', ['show', `${rev}:src/balancer/${file}`], {
        cwd: root,
        encoding: 'utf8',
      })
        .replaceAll("from './", `from '${pathToFileURL(join(root, 'src/balancer')).href}/`)
        .replaceAll("from '../", `from '${pathToFileURL(join(root, 'src')).href}/`);
      const path = join(dir, file);
      writeFileSync(path, source);
      const mod = (await import(pathToFileURL(path).href)) as Record<string, PickerClass>;
      classes[name] = mod[exported]!;
    }
    return classes;
  } catch (error) {
    process.stderr.write(`no baseline at ${rev}: ${String(error)}\n`);
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const current: Record<string, PickerClass> = {
  maglev: MaglevPicker,
  'ring-hash': RingHashPicker,
};
const baseline = await loadBaseline(baselineRev);

interface Row {
  readonly algorithm: string;
  readonly targets: number;
  readonly mode: string;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly samples: number;
}

/** `n` targets ("0", "1", ... as the pool names them) with weights 1..100 drawn from `rng`. */
function startList(rng: Rng, n: number): PickerTarget[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(i),
    weight: 1 + Math.floor(rng.next() * 100),
  }));
}

/** Gives one random target another weight in 1..100; returns its index and what it was. */
function changeOne(rng: Rng, targets: PickerTarget[]): [number, PickerTarget] {
  const j = Math.floor(rng.next() * targets.length);
  const old = targets[j]!;
  targets[j] = { id: old.id, weight: 1 + ((old.weight + Math.floor(rng.next() * 99)) % 100) };
  return [j, old];
}

/** A timed call: one weight change, then `apply` to the changed list. */
function weightChanges(n: number, apply: (targets: readonly PickerTarget[]) => void): () => void {
  const rng = createRng(`update-bench-${n}`);
  const targets = startList(rng, n);
  apply(targets);
  return () => {
    changeOne(rng, targets);
    apply(targets);
  };
}

/**
 * Timed calls that undo a change: `change` (untimed, before each call) sets one target's weight
 * and applies the list; `undo` restores that weight and applies the list again.
 */
function undoneChanges(
  n: number,
  apply: (targets: readonly PickerTarget[]) => void,
): { change: () => void; undo: () => void } {
  const rng = createRng(`update-bench-undo-${n}`);
  const targets = startList(rng, n);
  apply(targets);
  let [j, old] = [0, targets[0]!];
  return {
    change: () => {
      [j, old] = changeOne(rng, targets);
      apply(targets);
    },
    undo: () => {
      targets[j] = old;
      apply(targets);
    },
  };
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

const rows: Row[] = [];
let sink = 0;

/** A timed mode: its name, the timed call and what runs untimed before each call. */
type Mode = [string, () => void, (() => void)?];

/** The timed modes at one size: `update`, `undo`, `rebuild` and, when loaded, `baseline`. */
function modesFor(algorithm: string, n: number): Mode[] {
  const modes: Mode[] = [];
  const Current = current[algorithm]!;
  const updating = (): ((ts: readonly PickerTarget[]) => void) => {
    let picker: Picker | null = null;
    return (ts) => {
      if (picker === null) picker = new Current(ts);
      else picker.update(ts);
      sink ^= picker.pick(n);
    };
  };
  modes.push(['update', weightChanges(n, updating())]);
  const { change, undo } = undoneChanges(n, updating());
  modes.push(['undo', undo, change]);
  modes.push([
    'rebuild',
    weightChanges(n, (ts) => {
      sink ^= new Current(ts).pick(n);
    }),
  ]);
  const Old = baseline?.[algorithm];
  if (Old !== undefined) {
    let old: Picker | null = null;
    modes.push([
      'baseline',
      weightChanges(n, (ts) => {
        if (old === null) old = new Old(ts);
        else old.update(ts);
        sink ^= old.pick(n);
      }),
    ]);
  }
  return modes;
}

for (const n of sizes) {
  for (const algorithm of Object.keys(current).filter((a) => algorithms.includes(a))) {
    const modes = modesFor(algorithm, n);
    const pooled = new Map<string, number[]>(modes.map(([mode]) => [mode, []]));
    // The modes take turns over several short passes, each pass in a rotated order, so that a
    // change in the machine's load falls on all of them alike.
    for (let pass = 0; pass < passes; pass++) {
      // Slow cases (a full Maglev fill at 1000 targets takes seconds) get fewer samples.
      const iterations = Math.ceil((n >= 1000 ? 5 : 20) / passes);
      const warmupIterations = pass === 0 ? 2 : 1;
      const timed = new Bench({
        time: (n >= 1000 ? 2000 : 1000) / passes,
        iterations,
        warmupIterations,
        retainSamples: true,
      });
      // tinybench's time budget counts timed calls only, and an undo is far cheaper than the
      // change made before it: the undos run a fixed number of calls instead.
      const counted = new Bench({ time: 0, iterations, warmupIterations, retainSamples: true });
      for (let i = 0; i < modes.length; i++) {
        const [mode, fn, before] = modes[(i + pass) % modes.length]!;
        if (before === undefined) timed.add(mode, fn);
        else counted.add(mode, fn, { beforeEach: before });
      }
      for (const bench of pass % 2 === 0 ? [timed, counted] : [counted, timed]) {
        await bench.run();
        for (const task of bench.tasks) {
          const result = task.result as { latency?: { samples?: number[] } } | undefined;
          pooled.get(task.name)!.push(...(result?.latency?.samples ?? []));
        }
      }
    }
    for (const [mode, unsorted] of pooled) {
      const samples = [...unsorted].sort((a, b) => a - b);
      if (samples.length === 0) continue;
      rows.push({
        algorithm,
        targets: n,
        mode,
        median: quantile(samples, 0.5),
        q1: quantile(samples, 0.25),
        q3: quantile(samples, 0.75),
        samples: samples.length,
      });
      process.stderr.write(`${algorithm} ${n} ${mode}: ${quantile(samples, 0.5).toFixed(3)} ms\n`);
    }
  }
}

const lines = [
  `Node ${process.version}; baseline ${baseline === null ? 'none' : baselineRev}; ms per weight change`,
  '',
  '| algorithm | targets | mode | median ms | IQR ms | samples | × baseline |',
  '|---|---|---|---|---|---|---|',
];
for (const r of rows) {
  const base = rows.find(
    (b) => b.algorithm === r.algorithm && b.targets === r.targets && b.mode === 'baseline',
  );
  const ratio = base === undefined ? '' : (r.median / base.median).toFixed(3);
  lines.push(
    `| ${r.algorithm} | ${r.targets} | ${r.mode} | ${r.median.toFixed(3)} | ${r.q1.toFixed(3)}–${r.q3.toFixed(3)} | ${r.samples} | ${ratio} |`,
  );
}
if (churn && algorithms.includes('maglev')) {
  for (const n of sizes.filter((size) => size <= 100)) lines.push('', ...maglevChurn(n, 12));
}
process.stdout.write(`${lines.join('\n')}\n${sink === 0.5 ? ' ' : ''}`);
