/**
 * One picker benchmark configuration, measured in this process alone (V8 shares optimised code
 * between instances of a class, which skews in-process comparisons): `tsx bench/pickers.bench.ts
 * <case> <targets>` prints one JSON line { case, targets, nsPerPick, shareError }.
 * `bench/run.ts` runs every configuration and prints the table.
 *
 * Inputs (targets with weights 1..100, key streams) are built outside the timed function; each
 * timed call makes BATCH picks so tinybench's per-call overhead does not dominate.
 */
import { createRequire } from 'node:module';
import { Bench } from 'tinybench';
import { createPicker } from '../src/balancer/create-picker.js';
import { describeAlgorithm, isAlgorithm } from '../src/balancer/algorithms.js';
import type { PickerTarget } from '../src/balancer/picker.js';
import { mix32 } from '../src/hash/mix32.js';
import { hashString, initHashing } from '../src/hash/string-hash.js';
import { createRng } from '../src/random/rng.js';

const require = createRequire(import.meta.url);
const BATCH = 1024;
const KEYS = 1 << 16;
const SHARE_PICKS = 1 << 20;

/** A benchmark case: `pick(i)` makes the i-th pick (i < KEYS) and returns the chosen index. */
interface Case {
  readonly pick: (i: number) => number;
}

const [name = 'floor', sizeText = '100'] = process.argv.slice(2);
const n = Number(sizeText);
const weightRng = createRng(`weights-${n}`);
const targets: PickerTarget[] = Array.from({ length: n }, (_, i) => ({
  id: `10.0.${i >> 8}.${i & 255}:80`,
  weight: 1 + Math.floor(weightRng.next() * 100),
}));
const totalWeight = targets.reduce((s, t) => s + t.weight, 0);
const hashes = new Uint32Array(KEYS);
for (let i = 0; i < KEYS; i++) hashes[i] = mix32(i);
const keyStrings = Array.from({ length: KEYS }, (_, i) =>
  `sess-${(i * 2654435761) >>> 0}`.slice(0, 13),
);

function buildCase(caseName: string): Case {
  if (isAlgorithm(caseName)) {
    const picker = createPicker(caseName, targets, { rng: createRng('bench') });
    if (describeAlgorithm(caseName).countsConnections) {
      // Steady state: each pick opens a connection and closes the one opened `open.length`
      // picks earlier, so about 8 connections per target are open (weights matter only then).
      const open = new Int32Array(2 ** Math.ceil(Math.log2(8 * n))).fill(-1);
      const mask = open.length - 1;
      return {
        pick: (i) => {
          const j = i & mask;
          if (open[j]! >= 0) picker.connectionClosed(open[j]!);
          const t = picker.pick(hashes[i]!);
          picker.connectionOpened(t);
          open[j] = t;
          return t;
        },
      };
    }
    return { pick: (i) => picker.pick(hashes[i]!) };
  }
  switch (caseName) {
    case 'floor':
    case 'floor-16MiB': {
      // A typed-array lookup: what a precomputed table costs at best — in cache (128 KiB), and
      // as large as Maglev's table for 1000 targets (16 MiB), where random keys miss the cache.
      const bits = caseName === 'floor' ? 16 : 23;
      const table = new Uint16Array(1 << bits);
      for (let i = 0; i < table.length; i++) table[i] = i % n;
      const shift = 32 - bits;
      return { pick: (i) => table[hashes[i]! >>> shift]! };
    }
    case 'maglev+string': {
      const picker = createPicker('maglev', targets);
      return { pick: (i) => picker.pick(hashString(keyStrings[i]!)) };
    }
    case 'hashring': {
      // ketama over md5, with its LRU cache; 65536 distinct keys mostly miss the 5000-entry cache.
      const HashRing = require('hashring') as new (servers: Record<string, { weight: number }>) => {
        get(key: string): string;
      };
      const servers: Record<string, { weight: number }> = {};
      for (const t of targets) servers[t.id] = { weight: t.weight };
      const ring = new HashRing(servers);
      const index = new Map(targets.map((t, i) => [t.id, i]));
      return { pick: (i) => index.get(ring.get(keyStrings[i]!))! };
    }
    case 'wrr-pool': {
      const WRRPool = require('wrr-pool') as new () => {
        add(value: number, weight: number): void;
        next(): number;
      };
      const pool = new WRRPool();
      targets.forEach((t, i) => {
        pool.add(i, t.weight);
      });
      return { pick: () => pool.next() };
    }
    case 'alias-sampling': {
      const mod = require('@keystonehq/alias-sampling') as
        | ((p: number[], o: null, r: () => number) => { next(): number })
        | { default: (p: number[], o: null, r: () => number) => { next(): number } };
      const sample = typeof mod === 'function' ? mod : mod.default;
      const rng = createRng('bench');
      const sampler = sample(
        targets.map((t) => t.weight / totalWeight),
        null,
        () => rng.next(),
      );
      return { pick: () => sampler.next() };
    }
    case 'weighted': {
      const weighted = require('weighted') as {
        select(set: number[], weights: number[], options: { rand: () => number }): number;
      };
      const rng = createRng('bench');
      const set = targets.map((_, i) => i);
      const weights = targets.map((t) => t.weight);
      const options = { rand: () => rng.next() };
      return { pick: () => weighted.select(set, weights, options) };
    }
    default:
      throw new Error(`unknown bench case ${caseName}`);
  }
}

/** Total variation distance between the picks' shares and the weight shares (0 = exact). */
function shareError(c: Case): number {
  const counts = new Float64Array(n);
  for (let i = 0; i < SHARE_PICKS; i++) {
    // Fresh keys for hashing pickers: mix32 of the pick number.
    hashes[i & (KEYS - 1)] = mix32(i);
    counts[c.pick(i & (KEYS - 1))]!++;
  }
  for (let i = 0; i < KEYS; i++) hashes[i] = mix32(i);
  let tv = 0;
  for (let i = 0; i < n; i++)
    tv += Math.abs(counts[i]! / SHARE_PICKS - targets[i]!.weight / totalWeight);
  return tv / 2;
}

await initHashing();
const benchCase = buildCase(name);
let sink = 0;
let cursor = 0;
const bench = new Bench({ time: 300, warmupTime: 100 });
bench.add(name, () => {
  let acc = 0;
  const base = cursor;
  for (let k = 0; k < BATCH; k++) acc += benchCase.pick((base + k) & (KEYS - 1));
  cursor = (base + BATCH) & (KEYS - 1);
  sink ^= acc;
});
await bench.run();
const task = bench.tasks[0]!;
const result = task.result as { latency?: { mean: number }; period?: number } | undefined;
const meanMs = result?.latency?.mean ?? result?.period ?? NaN;
const error = name.startsWith('floor') ? 0 : shareError(benchCase);
process.stdout.write(
  `${JSON.stringify({ case: name, targets: n, nsPerPick: (meanMs * 1e6) / BATCH, shareError: error, sink: sink & 1 })}\n`,
);
