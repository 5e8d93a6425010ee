/**
 * Exponential variates: `npx tsx bench/exponential.bench.ts [--passes 5]` prints ns per variate
 * (median batch of each pass) for inversion (`−ln(1 − U)`, what lbsim drew before) and the
 * ziggurat (`random/exponential.ts`), each filling a batch of arrival times as `Arrivals` does,
 * beside the uniform draw alone, then the ziggurat's time over inversion's per pass.
 */
import { Bench } from 'tinybench';
import { standardExponential } from '../src/random/exponential.js';
import { createRng } from '../src/random/rng.js';
import { flag } from './flags.js';
import { spread } from './stats.js';

const BATCH = 256;
const PASSES = Number(flag('--passes') ?? 5);
const times = new Float64Array(BATCH);

// Each case is its own loop, so that V8 inlines its draw (one shared loop calling three
// functions would measure an indirect call instead).
const uniform = createRng('exponential-bench');
const inverted = createRng('exponential-bench');
const ziggurat = createRng('exponential-bench');
const cases: [string, () => void][] = [
  [
    'uniform draw alone',
    () => {
      let now = times[BATCH - 1]!;
      for (let k = 0; k < BATCH; k++) times[k] = now += uniform.next();
    },
  ],
  [
    'inversion',
    () => {
      let now = times[BATCH - 1]!;
      for (let k = 0; k < BATCH; k++) times[k] = now -= Math.log(1 - inverted.next());
    },
  ],
  [
    'ziggurat',
    () => {
      let now = times[BATCH - 1]!;
      for (let k = 0; k < BATCH; k++) times[k] = now += standardExponential(ziggurat);
    },
  ],
];

const perPass = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let pass = 0; pass < PASSES; pass++) {
  const bench = new Bench({ time: 300, warmupTime: 100 });
  for (const [name, fn] of cases) bench.add(name, fn);
  await bench.run();
  for (const [name] of cases) {
    // The median, not the mean: on a shared machine a few preempted batches skew the mean.
    const result = bench.getTask(name)?.result as { latency?: { p50: number } } | undefined;
    perPass.get(name)!.push(((result?.latency?.p50 ?? Number.NaN) * 1e6) / BATCH);
  }
}
const ns = (name: string): number[] => perPass.get(name)!;
console.table(
  cases.map(([name]) => ({ case: name, 'ns/variate median [min–max]': spread(ns(name), 1) })),
);
const ratios = ns('ziggurat').map((z, i) => z / ns('inversion')[i]!);
console.log(`ziggurat ÷ inversion, per pass: ${spread(ratios, 2)} (${PASSES} passes)`);
if (times[0] === -1) console.log('unreachable; keeps the times alive');
